"""What happens to outbox rows after a post: sent, retried later, failed, missed, cancelled.

Each function commits at once (a recorded post must not wait for the next one). Every write
is conditional on ``claimed_by = token AND state = 'claimed'``: if our lease ran out
and another process reclaimed a row, this process's late result must not overwrite theirs.
A row given back when no post of it can have been accepted (a 429, never posted) loses its post
attempt marker; after an ambiguous failure (5xx) it keeps it, and is looked up before its retry.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from handlers.notify import DeliveryError
from storage.models import OutboxMessage

RECORD_ATTEMPTS = 6


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """Exponential backoff with jitter; rate limits wait exactly as long as the platform asks."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=1)
    max_attempts: int = 8  # failures other than rate limits before a row is given up (failed)

    def delay(self, *, attempts: int, error: DeliveryError, rng: random.Random) -> timedelta:
        """Time until the next attempt; ``retry_after`` is honoured (plus up to 10 % jitter)."""
        if error.retry_after is not None:
            return timedelta(seconds=error.retry_after * (1 + rng.random() * 0.1))
        backoff = min(self.cap, self.base * (2 ** max(0, attempts - 1)))
        return backoff * (0.5 + rng.random() / 2)


def _mine(ids: list[int], token: str) -> object:
    return OutboxMessage.id.in_(ids) & (OutboxMessage.claimed_by == token) & (OutboxMessage.state == "claimed")


def mark_sent(*, session: Session, ids: list[int], token: str, now: datetime, message_id: str) -> int:
    """Record the platform's message id; returns how many rows were still ours.

    The post has happened, so a transient database error (deadlock victim, failover) is retried
    here: an unrecorded row would be reclaimed after the lease and posted a second time.
    """
    for attempt in range(RECORD_ATTEMPTS):
        try:
            count = session.execute(update(OutboxMessage).where(_mine(ids, token)).values(
                state="sent", sent_at=now, platform_message_id=message_id[:128], last_error=None)).rowcount or 0
            session.commit()
            return count
        except OperationalError:
            session.rollback()
            if attempt == RECORD_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)
    return 0


def mark_failed_attempt(
    *, session: Session, ids: list[int], token: str, now: datetime, error: DeliveryError, attempts: int,
    policy: RetryPolicy, rng: random.Random, maybe_posted: bool = True,
) -> str:
    """Reschedule (state pending, ``next_attempt_at``) or give up (state failed); returns the new state.

    ``maybe_posted=False`` (the platform refused the post) clears the post attempt marker."""
    give_up = error.permanent or (error.retry_after is None and attempts >= policy.max_attempts)
    values: dict[str, object] = {"last_error": str(error)[:2000], "claimed_by": None, "claimed_at": None}
    if not maybe_posted:
        values.update(post_attempt=None, post_attempt_at=None)
    if give_up:
        values["state"] = "failed"
    else:
        values.update(state="pending", next_attempt_at=now + policy.delay(attempts=attempts, error=error, rng=rng))
    session.execute(update(OutboxMessage).where(_mine(ids, token)).values(**values))
    session.commit()
    return str(values["state"])


def release(*, session: Session, ids: list[int], token: str, not_before: datetime) -> None:
    """Give claimed rows back unposted (the destination is rate limited): no attempt is counted,
    and no post can exist (the rows were looked up when claimed), so the marker goes."""
    if not ids:
        return
    session.execute(update(OutboxMessage).where(_mine(ids, token)).values(
        state="pending", claimed_by=None, claimed_at=None, next_attempt_at=not_before,
        attempts=OutboxMessage.attempts - 1, post_attempt=None, post_attempt_at=None))
    session.commit()


def settle(*, session: Session, ids: list[int], token: str, state: str, reason: str) -> None:
    """Close claimed rows without posting: ``cancelled`` (subject gone) or ``missed`` (too old)."""
    if not ids:
        return
    session.execute(update(OutboxMessage).where(_mine(ids, token)).values(
        state=state, claimed_by=None, last_error=reason))
    session.commit()
