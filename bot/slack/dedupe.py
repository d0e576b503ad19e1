"""Never act twice on one Slack delivery.

Slack re-sends events it thinks we missed (``X-Slack-Retry-Num``) and Bolt does not
deduplicate. Each delivery gets a key — the ``event_id`` of an event, a hash of the exact
payload of a slash command or interaction (Slack's ``trigger_id`` makes each genuine one
unique) — and the key is inserted into ``processed_event`` before anything is recorded. The
primary key makes the claim atomic across processes sharing the database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from handlers.context import Services
from storage.models import ProcessedEvent

log = logging.getLogger("samverkan.slack.dedupe")

KEEP = timedelta(days=2)
PRUNE_EVERY = 1000

_claims = 0
_lock = threading.Lock()


def delivery_key(*, body: dict[str, Any], raw_body: str = "") -> str:
    """The idempotency key of one delivery (the same for every retry of it)."""
    if body.get("type") == "event_callback" and body.get("event_id"):
        return f"slack:event:{body['event_id']}"
    source = raw_body or json.dumps(body, sort_keys=True, ensure_ascii=False)
    return "slack:payload:" + hashlib.sha256(source.encode("utf-8")).hexdigest()


def claim(*, services: Services, key: str) -> bool:
    """Record ``key``; False when it was already recorded (a retry we must not act on again)."""
    with services.sessions() as session:
        session.add(ProcessedEvent(key=key, created_at=services.now()))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            log.info("duplicate delivery skipped", extra={"key": key})
            return False
    _maybe_prune(services=services)
    return True


def _maybe_prune(*, services: Services) -> None:
    """Forget keys older than Slack's retry window now and then, so the table stays small."""
    global _claims
    with _lock:
        _claims += 1
        due = _claims % PRUNE_EVERY == 0
    if not due:
        return
    with services.sessions() as session:
        session.execute(delete(ProcessedEvent).where(ProcessedEvent.created_at < services.now() - KEEP))
        session.commit()
