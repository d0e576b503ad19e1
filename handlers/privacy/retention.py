"""Gallring: rows kept only for operations are deleted when they are old enough.

Two kinds of row exist only to run the bot, not to record what was decided: the outbox (every
reminder, digest and notice, with its text and its recipient's chat id) and the audit trail's
oldest rows. The outbox is gallrad after ``SAMVERKAN_GALLRING_UTSKICK_DAGAR`` days once a row is
finished (sent, failed, missed or cancelled; a pending one is never touched). The audit trail is
kept until ``SAMVERKAN_GALLRING_LOGG_AR`` years is set: whether it may be gallrad at all is the
archive authority's decision (arkivlagen, the organisation's dokumenthanteringsplan), so the
default is never. Protocols, decisions and assignments are allmänna handlingar and are never
gallrade here; they leave the bot through the e-archive export (``samverkan arkiv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.models import AuditEvent, OutboxMessage

FINISHED = ("sent", "failed", "missed", "cancelled")


@dataclass(frozen=True, slots=True)
class Rules:
    """Ages after which rows go; 0 means «keep for ever»."""

    outbox_days: int
    audit_years: int


@dataclass(frozen=True, slots=True)
class Gallrat:
    """How many rows went (or would go, in a dry run)."""

    outbox: int
    audit: int


def gallra(session: Session, *, rules: Rules, now: datetime, dry_run: bool = False) -> Gallrat:
    """Delete (or, with ``dry_run``, count) the rows older than the rules allow, in the caller's transaction."""
    conditions = []
    if rules.outbox_days > 0:
        conditions.append((OutboxMessage, (OutboxMessage.state.in_(FINISHED),
                                           OutboxMessage.send_at < now - timedelta(days=rules.outbox_days))))
    if rules.audit_years > 0:
        conditions.append((AuditEvent, (AuditEvent.created_at < now - relativedelta(years=rules.audit_years),)))
    counts = {OutboxMessage: 0, AuditEvent: 0}
    for model, where in conditions:
        if dry_run:
            counts[model] = session.scalar(select(func.count()).select_from(model).where(*where)) or 0
        else:
            counts[model] = session.execute(delete(model).where(*where)).rowcount or 0
    return Gallrat(outbox=counts[OutboxMessage], audit=counts[AuditEvent])
