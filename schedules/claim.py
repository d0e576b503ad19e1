"""Claiming due outbox rows so that each is posted by one process.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` then ``UPDATE … SET state='claimed'`` in one
short transaction, so concurrent sweeps in several processes never take the same row and never
wait on each other. SQLite has no row locks; the conditional ``UPDATE … WHERE state='pending'``
still makes a claim atomic, but only one process is supported there (the README says so).
Claims are per destination, so every due row of one channel ends up in the same process and
can be combined into one message. A claim is a lease: a claimer that dies leaves rows
``claimed``, and ``reclaim_expired`` hands them back after ``lease``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from storage.models import OutboxMessage


@dataclass(frozen=True, kw_only=True)
class DestinationKey:
    """Rows for one chat destination (a channel or a person's DM)."""

    tenant_id: int
    platform: str
    destination: str


def _due(now: datetime) -> object:
    return (OutboxMessage.state == "pending") & (OutboxMessage.send_at <= now) & or_(
        OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)


def reclaim_expired(*, session: Session, now: datetime, lease: timedelta) -> int:
    """Return rows whose claimer vanished (crash, SIGKILL) to ``pending``."""
    result = session.execute(update(OutboxMessage).where(
        OutboxMessage.state == "claimed", OutboxMessage.claimed_at < now - lease,
    ).values(state="pending", claimed_by=None, claimed_at=None))
    return result.rowcount or 0


def due_destinations(*, session: Session, now: datetime, platforms: Iterable[str]) -> list[DestinationKey]:
    """Destinations with due, unclaimed rows on platforms this process can post to."""
    query = select(OutboxMessage.tenant_id, OutboxMessage.platform, OutboxMessage.destination).where(
        _due(now), OutboxMessage.platform.in_(list(platforms))).distinct()
    return [DestinationKey(tenant_id=t, platform=p, destination=d) for t, p, d in session.execute(query)]


def claim_destination(
    *, session: Session, key: DestinationKey, now: datetime, token: str, limit: int,
) -> list[OutboxMessage]:
    """Claim up to ``limit`` due rows of one destination, oldest first; commits the claim."""
    query = select(OutboxMessage.id).where(
        _due(now), OutboxMessage.tenant_id == key.tenant_id, OutboxMessage.platform == key.platform,
        OutboxMessage.destination == key.destination,
    ).order_by(OutboxMessage.send_at, OutboxMessage.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(session.scalars(query))
    if not ids:
        session.rollback()
        return []
    session.execute(update(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.state == "pending",
    ).values(state="claimed", claimed_by=token, claimed_at=now, attempts=OutboxMessage.attempts + 1))
    session.commit()
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == token, OutboxMessage.state == "claimed",
    ).order_by(OutboxMessage.send_at, OutboxMessage.id))
    return list(rows)
