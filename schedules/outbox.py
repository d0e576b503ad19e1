"""Write a plan into the outbox: upsert by key, cancel pending rows the plan no longer has.

The outbox is derived from state. Because planner keys carry the send date, upserting the same
plan twice changes nothing, a moved deadline yields new keys (the old ones are cancelled), and
a completed assignment plans nothing (all its pending rows are cancelled). Rows already
claimed, sent, failed or missed are history and never touched here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from schedules.planner import PLANNED_KINDS, PlannedReminder
from schedules.routing import Route
from storage.models import OutboxMessage
from storage.models.base import utcnow

_CHUNK = 500
Subject = tuple[str, int]


@dataclass(frozen=True, kw_only=True)
class OutboxEntry:
    """One (reminder, destination) pair as an outbox row."""

    reminder: PlannedReminder
    route: Route

    @property
    def key(self) -> str:
        return f"{self.reminder.key}>{self.route.key}"

    def values(self, *, tenant_id: int) -> dict[str, Any]:
        r = self.reminder
        return {
            "tenant_id": tenant_id, "key": self.key, "kind": r.kind, "subject_type": r.subject_type,
            "subject_id": r.subject_id, "body_id": r.body_id, "audience": r.audience,
            "platform": self.route.platform, "destination": self.route.address, "send_at": r.send_at,
            "payload": {"reminder_key": r.key, "route": self.route.key, "label": self.route.label},
            "state": "pending", "attempts": 0, "created_at": utcnow(),
        }


@dataclass(frozen=True, kw_only=True)
class Window:
    """The send times a subject's plan covers; only pending rows inside it may be cancelled."""

    start: datetime
    end: datetime


def upsert_entries(*, session: Session, tenant_id: int, entries: Iterable[OutboxEntry]) -> int:
    """Insert new rows; refresh pending or cancelled ones whose time, kind or address changed.

    Rows are written in key order so that concurrent planners lock rows in the same order.
    Returns the number of rows inserted or changed.
    """
    rows = _needing_write(session=session, tenant_id=tenant_id,
                          rows=sorted((e.values(tenant_id=tenant_id) for e in entries), key=lambda v: v["key"]))
    if not rows:
        return 0
    table = OutboxMessage.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(table)
    ex = stmt.excluded
    stmt = stmt.on_conflict_do_update(  # executemany: compiled once, cached (a VALUES list is not)
        index_elements=["tenant_id", "key"],
        set_={"kind": ex.kind, "send_at": ex.send_at, "platform": ex.platform, "destination": ex.destination,
              "payload": ex.payload, "body_id": ex.body_id, "audience": ex.audience, "state": "pending",
              "attempts": 0, "next_attempt_at": None, "last_error": None},
        where=(table.c.state == "pending") | (table.c.state == "cancelled"),
    )
    connection = session.connection()
    for start in range(0, len(rows), _CHUNK):
        connection.execute(stmt, rows[start:start + _CHUNK])
    return len(rows)


def _needing_write(*, session: Session, tenant_id: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop rows that exist unchanged, or that are history (claimed, sent …).

    ``ON CONFLICT DO UPDATE`` locks every conflicting row even when its WHERE rejects the update;
    a full pass over rows that sweeps are claiming and recording would then hold locks they wait
    for. Reading first keeps the upsert to rows that really change.
    """
    if not rows:
        return rows
    existing: dict[str, tuple[str, datetime, str, str | None]] = {}
    keys = [row["key"] for row in rows]
    for start in range(0, len(keys), _CHUNK):
        query = select(OutboxMessage.key, OutboxMessage.state, OutboxMessage.send_at, OutboxMessage.kind,
                       OutboxMessage.destination).where(OutboxMessage.tenant_id == tenant_id,
                                                        OutboxMessage.key.in_(keys[start:start + _CHUNK]))
        existing.update({key: (state, send_at, kind, dest) for key, state, send_at, kind, dest in session.execute(query)})
    out = []
    for row in rows:
        found = existing.get(row["key"])
        if found is None or found[0] == "cancelled" or (
                found[0] == "pending" and (found[1], found[2], found[3]) != (row["send_at"], row["kind"], row["destination"])):
            out.append(row)
    return out


def cancel_stale(
    *, session: Session, tenant_id: int, keep: set[str], windows: dict[Subject, Window],
    horizon: datetime, everything: bool,
) -> int:
    """Cancel pending rows of planned subjects that the new plan no longer contains.

    Only rows inside the subject's window are judged: older ones are the sweep's (missed), later
    ones were planned with a longer horizon. With ``everything`` (the daily full pass) rows of
    subjects that planned nothing at all — deleted assignments, removed channels — go too.
    """
    query = select(OutboxMessage.id, OutboxMessage.key, OutboxMessage.subject_type, OutboxMessage.subject_id,
                   OutboxMessage.send_at).where(OutboxMessage.tenant_id == tenant_id,
                                                OutboxMessage.state == "pending", OutboxMessage.send_at <= horizon,
                                                # posts a command wrote (schedules.immediate) are never planned
                                                OutboxMessage.kind.in_(PLANNED_KINDS))
    if not everything:
        ids_by_type: dict[str, list[int]] = {}
        for subject_type, subject_id in windows:
            ids_by_type.setdefault(subject_type, []).append(subject_id)
        if not ids_by_type:
            return 0
        query = query.where(or_(*(
            (OutboxMessage.subject_type == t) & OutboxMessage.subject_id.in_(ids) for t, ids in ids_by_type.items())))
    doomed: list[int] = []
    for row_id, key, subject_type, subject_id, send_at in session.execute(query):
        if key in keep:
            continue
        window = windows.get((subject_type, subject_id))
        if window is None or window.start <= send_at <= window.end:
            doomed.append(row_id)
    for start in range(0, len(doomed), _CHUNK):
        session.execute(update(OutboxMessage).where(
            OutboxMessage.id.in_(doomed[start:start + _CHUNK]), OutboxMessage.state == "pending")
            .values(state="cancelled", last_error="no longer planned"))
    return len(doomed)
