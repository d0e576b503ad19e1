"""Claimed outbox rows → the messages to post, using the colleague's ``group_batches``.

Reminders for one destination and one minute become one message, split into pages of at most
``max_per_message`` lines: Slack allows 50 blocks and 3,000 characters per section, and a wall
of 300 lines is read by nobody. A kallelse (it carries the agenda) and a digest are always
messages of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from schedules.calendar import DEFAULT_ZONE
from schedules.combine import RoutedReminder, group_batches
from schedules.planner import PlannedReminder
from storage.models import OutboxMessage

STANDALONE = ("digest", "meeting_notice")


@dataclass(frozen=True, kw_only=True)
class Message:
    """One post: ``kind`` is "digest", "meeting_notice", "reminders" or "reply" (a command's own post)."""

    kind: str
    rows: tuple[OutboxMessage, ...]


def to_reminder(row: OutboxMessage) -> PlannedReminder:
    """The planned reminder an outbox row was made from."""
    return PlannedReminder(
        key=str(row.payload.get("reminder_key") or row.key), kind=row.kind,  # type: ignore[arg-type]
        send_at=row.send_at, subject_type=row.subject_type, subject_id=row.subject_id,  # type: ignore[arg-type]
        body_id=row.body_id, audience=row.audience)  # type: ignore[arg-type]


def is_immediate(row: OutboxMessage) -> bool:
    """A post a command wrote (``schedules.immediate``): it carries its own rendered reply."""
    return isinstance((row.payload or {}).get("reply"), dict)


def plan_messages(*, rows: Sequence[OutboxMessage], max_per_message: int,
                  zone: ZoneInfo = DEFAULT_ZONE) -> list[Message]:
    """Messages in send order; every row ends up in exactly one message.

    A command's post (a justering request, an extract) is a message of its own, posted as written,
    ahead of the reminders (in the order the commands wrote them).
    """
    out: list[Message] = [Message(kind="reply", rows=(row,)) for row in rows if is_immediate(row)]
    rows = [row for row in rows if not is_immediate(row)]
    by_key = {to_reminder(row).key: row for row in rows}
    routed = [RoutedReminder(reminder=to_reminder(row), channel=f"{row.platform}:{row.destination}") for row in rows]
    for batch in group_batches(items=routed, zone=zone):
        ordinary: list[OutboxMessage] = []
        for reminder in batch.reminders:
            row = by_key[reminder.key]
            if reminder.kind in STANDALONE:
                out.append(Message(kind=reminder.kind, rows=(row,)))
            else:
                ordinary.append(row)
        for start in range(0, len(ordinary), max_per_message):
            out.append(Message(kind="reminders", rows=tuple(ordinary[start:start + max_per_message])))
    return out
