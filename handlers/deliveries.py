"""Never act twice on one platform delivery: the one duplicate-delivery path for every platform.

Slack re-sends events and commands it thinks we missed, the Bot Framework re-sends activities,
and neither SDK deduplicates. Each delivery carries a key that its retries share (the adapter
derives it: Slack's event id or payload hash, Teams' conversation and activity id). A command
records its key inside its own transaction, and only when it changed something (``dispatch``):
a lookup costs no write, and a write can never be applied twice, because the key's primary key
decides a race between a delivery and its retry. Work that is not a command (posting the dnr
watcher's answers, reading an uploaded file) claims its key in a transaction of its own first.
The scheduler's tick forgets keys older than any platform retries.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.context import Services
from storage.models import ProcessedEvent

log = logging.getLogger("samverkan.deliveries")

KEEP = timedelta(days=2)
"""Slack retries within minutes and the Bot Framework within hours: two days covers both."""


def seen(session: Session, *, key: str) -> bool:
    """Whether a delivery with this key was already applied."""
    return session.get(ProcessedEvent, key) is not None


def record(session: Session, *, key: str, now: datetime) -> None:
    """Remember the key in the caller's transaction (commit decides, with the work it guards)."""
    session.add(ProcessedEvent(key=key, created_at=now))


def claim(*, services: Services, key: str) -> bool:
    """Record ``key`` in its own transaction; False when it was already recorded (a retry)."""
    with services.sessions() as session:
        record(session, key=key, now=services.clock())
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("duplicate delivery skipped", extra={"key": key})
            return False
    return True


def prune(session: Session, *, now: datetime) -> int:
    """Forget keys older than any retry; run by the scheduler's tick. Returns the rows removed."""
    result = session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < now - KEEP))
    return int(getattr(result, "rowcount", 0) or 0)


class RecentKeys:
    """The delivery keys this process answered lately: a retried *read* is answered once too.

    A lookup records nothing in the database (that would be a write per message), so its retry
    is caught here instead — by the process that answered, which is where a platform's quick
    retry usually lands. Bounded by count; thread-safe.
    """

    def __init__(self, *, size: int = 20_000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def first(self, key: str) -> bool:
        """True the first time a key is offered (and remembers it); False for a repeat."""
        with self._lock:
            if key in self._keys:
                self._keys.move_to_end(key)
                return False
            self._keys[key] = None
            while len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return True

    def forget(self, key: str) -> None:
        """A delivery that failed may be answered when the platform retries it."""
        with self._lock:
            self._keys.pop(key, None)
