"""Claiming due outbox rows so that each is posted by one process.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` then ``UPDATE … SET state='claimed'`` in one
short transaction, so concurrent sweeps in several processes never take the same row and never
wait on each other. SQLite has no row locks; the conditional ``UPDATE … WHERE state='pending'``
still makes a claim atomic, but only one process is supported there (the README says so).
Claims are per destination, so every due row of one channel ends up in the same process and
can be combined into one message. A claim is a lease: a claimer that dies leaves rows
``claimed``, and ``reclaim_expired`` hands them back after ``lease``.

The claim also records the post attempt (``post_attempt``, ``post_attempt_at``) on each row that
has none, in the same transaction and so before anything is posted. A row that still carries an
older attempt when it is claimed again may already be on the platform (its claimer died after
posting, or the post ended in an ambiguous error): the sweep asks the notifier before posting it.
``restart_attempt`` moves rows the platform does not have to the new attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, literal, or_, select, update
from sqlalchemy.orm import Session

from storage.models import OutboxMessage
from storage.types import UTCDateTime


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
    *, session: Session, key: DestinationKey, now: datetime, token: str, limit: int, attempt: str,
) -> list[OutboxMessage]:
    """Claim up to ``limit`` due rows of one destination, oldest first; commits the claim.

    Rows without a post attempt get ``attempt`` (at ``now``); rows with one keep theirs."""
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
    ).values(state="claimed", claimed_by=token, claimed_at=now, attempts=OutboxMessage.attempts + 1,
             post_attempt=func.coalesce(OutboxMessage.post_attempt, attempt),
             post_attempt_at=func.coalesce(OutboxMessage.post_attempt_at, literal(now, UTCDateTime()))))
    session.commit()
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == token, OutboxMessage.state == "claimed",
    ).order_by(OutboxMessage.send_at, OutboxMessage.id))
    return list(rows)


def restart_attempt(*, session: Session, ids: list[int], token: str, attempt: str, now: datetime) -> None:
    """Rows the platform was asked about and does not have: from now on they are ``attempt``'s."""
    if not ids:
        return
    session.execute(update(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == token, OutboxMessage.state == "claimed",
    ).values(post_attempt=attempt, post_attempt_at=now))
    session.commit()
