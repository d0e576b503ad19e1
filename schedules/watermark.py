"""The planner's watermark: when a tenant was last planned, and last planned in full.

Kept in the database (table ``reminder_planner_state``, migration 0003) rather than in memory,
so a restarted process — or a cron-driven ``reminders dispatch`` — knows how far back to look.
The table is declared with the other models (``storage.models.planner``); only the planning pass
reads or writes it, through Core statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import ReminderPlannerState

planner_state = ReminderPlannerState.__table__


@dataclass(frozen=True, kw_only=True)
class Watermark:
    """Start of the last pass and of the last full pass (both aware UTC)."""

    last_pass_at: datetime
    last_full_at: datetime


def read_watermark(*, session: Session, tenant_id: int) -> Watermark | None:
    """The tenant's watermark, or None before its first pass."""
    row = session.execute(select(planner_state.c.last_pass_at, planner_state.c.last_full_at)
                          .where(planner_state.c.tenant_id == tenant_id)).first()
    return Watermark(last_pass_at=row[0], last_full_at=row[1]) if row else None


def write_watermark(*, session: Session, tenant_id: int, started_at: datetime, full: bool) -> None:
    """Record a finished pass that started at ``started_at`` (in the pass's own transaction)."""
    values: dict[str, datetime] = {"last_pass_at": started_at}
    if full:
        values["last_full_at"] = started_at
    done = session.execute(update(planner_state).where(planner_state.c.tenant_id == tenant_id).values(**values))
    if not done.rowcount:
        session.execute(planner_state.insert().values(tenant_id=tenant_id, last_pass_at=started_at,
                                                      last_full_at=started_at))
