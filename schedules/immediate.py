"""Posts a command causes right now (justering requests, extracts, notices), via the outbox.

Handlers never call a chat platform: a command's side-effect posts are outbox rows due at once,
written in the command's own transaction. If the command is rolled back nothing is sent; if it
commits, the outbox sweep posts each row once (and retries it) like any reminder.

Row shape, for the sweep: ``destination`` is the channel id or platform user id, ``audience``
is ``"channel"`` or ``"person"``, and ``payload`` holds ``reply`` (``handlers.reply_codec``),
``destination_kind``, the stored platform ``reference`` (Teams) and, when known, ``route``
(``ch:<binding id>`` / ``dm:<person id>``) as the reminder planner writes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.reply import Reply
from handlers.reply_codec import reply_to_dict
from storage.models import OutboxMessage

DESTINATION_KINDS = ("channel", "person")


def enqueue_reply(
    session: Session, *, tenant_id: int, key: str, platform: str, destination_kind: str, address: str,
    reference: dict[str, Any] | None, reply: Reply, body_id: int | None, now: datetime,
    kind: str = "notice", subject_type: str = "meeting", subject_id: int = 0, route: str | None = None,
) -> OutboxMessage:
    """Write one post due ``now``; the same ``key`` twice yields the first row (idempotent)."""
    if destination_kind not in DESTINATION_KINDS:
        raise ValueError(f"unknown destination kind {destination_kind!r}")
    existing = session.scalars(select(OutboxMessage).where(OutboxMessage.tenant_id == tenant_id,
                                                           OutboxMessage.key == key)).first()
    if existing is not None:
        return existing
    payload: dict[str, Any] = {"reply": reply_to_dict(reply), "destination_kind": destination_kind,
                               "reference": reference}
    if route:
        payload["route"] = route
    row = OutboxMessage(tenant_id=tenant_id, key=key[:200], kind=kind, subject_type=subject_type,
                        subject_id=subject_id, body_id=body_id, audience=destination_kind, platform=platform,
                        destination=address, send_at=now, payload=payload, state="pending", attempts=0)
    session.add(row)
    session.flush()
    return row
