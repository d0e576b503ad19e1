"""A direct message that could not be delivered is reported to the body's secretary.

Why: a justering request, a change request or a reminder sent privately may fail for good — the
person left the workspace, blocks the app, or (Teams) has no personal chat the bot may use. The
sweep then gives the row up; without a word to anyone, the justerare is simply never asked and
the round stalls. So when a post to a *person* fails for good, a short report goes to the body's
channel with the secretaries @mentioned (or, when the body has no channel, to each secretary
privately), through the outbox like every other post.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.mentions import mention_of, named
from handlers.reply import Reply
from storage.models import Body, OutboxMessage, Person

log = logging.getLogger("samverkan.reminders")

KIND = "undelivered"


def _recipient(session: Session, row: OutboxMessage) -> Person | None:
    """The person a DM row was for (its route is ``dm:<person id>``), else None."""
    route = str((row.payload or {}).get("route") or "")
    if not route.startswith("dm:") or not route[3:].isdigit():
        return None
    person = session.get(Person, int(route[3:]))
    return person if person is not None and person.tenant_id == row.tenant_id else None


def _what(row: OutboxMessage) -> str:
    """What the lost message was, in a few words: its kind, and its title when it had one."""
    label = msg.UNDELIVERED_KINDS.get(row.kind, msg.UNDELIVERED_KIND_OTHER)
    reply = (row.payload or {}).get("reply")
    title = reply.get("title") if isinstance(reply, dict) else None
    return f"{label} («{title}»)" if title else label


def cause(error: str) -> str:
    """The platform's failure in words the secretary understands (the code kept for anything else)."""
    for code, words in msg.UNDELIVERED_CAUSES.items():
        if code in error:
            return words
    return msg.UNDELIVERED_CAUSE_OTHER.format(error=error[:200])


def report_undelivered(*, session: Session, rows: list[OutboxMessage], error: str, now: datetime) -> int:
    """Write the report of a direct message given up; returns how many outbox rows were written.

    Only DMs are reported (a failing channel post has nobody to tell but the log), and never a
    report itself (no loop between two unreachable people). Idempotent per message: the key
    names the first row."""
    from handlers.protocol.delivery import body_channels, post_to_channels, secretaries
    from schedules.immediate import enqueue_reply

    first = rows[0] if rows else None
    if first is None or first.kind == KIND or first.body_id is None:
        return 0
    person = _recipient(session, first)
    body = session.get(Body, first.body_id)
    if person is None or body is None:
        return 0
    people = [p for p in secretaries(session, tenant_id=first.tenant_id, body=body) if p.id != person.id]
    notified = tuple(m for m in (mention_of(p) for p in people) if m is not None)
    to = ", ".join(m.marker for m in notified)
    text = msg.UNDELIVERED.format(who=named(person, name=person.name), what=_what(first))
    report = Reply(text=f"{to}: {text}" if to else text, context=msg.UNDELIVERED_REASON.format(reason=cause(error)),
                   tone="warning", mentions=tuple(m for m in (*notified, mention_of(person)) if m is not None))
    key = f"{KIND}:{first.id}"
    common = dict(now=now, kind=KIND, subject_type=first.subject_type, subject_id=first.subject_id)
    if body_channels(session, tenant_id=first.tenant_id, body=body):
        written = post_to_channels(session, tenant_id=first.tenant_id, body=body, key=key, reply=report, **common)
    else:
        written = 0
        for secretary in people:
            if secretary.platform_user_id and (secretary.dm_reference or first.platform != "teams"):
                enqueue_reply(session, tenant_id=first.tenant_id, key=f"{key}>dm:{secretary.id}",
                              platform=first.platform, destination_kind="person",
                              address=secretary.platform_user_id, reference=secretary.dm_reference, reply=report,
                              body_id=body.id, route=f"dm:{secretary.id}", **common)
                written += 1
    if not written:
        log.warning("a direct message to person %s was lost and nobody could be told (body %s)", person.id, body.id)
    session.commit()
    return written
