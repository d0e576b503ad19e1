"""What goes together into one message.

Ten assignments due on the same Friday would otherwise post ten messages in one channel at
08:00 — noise that teaches people to mute the bot, and Slack allows about one message per
second per channel anyway. So due reminders for the same channel and the same minute become
one ``Batch``. The weekly digest is the other combined message: ``digest_content`` picks what
it lists, including reminders that were missed for too long to be posted on their own.
Orders are deterministic so a retried dispatch renders the same message. "The same minute" and
"this week" are read in ``zone``, the deployment's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from schedules.calendar import DEFAULT_ZONE, local_date
from schedules.planner import AssignmentFacts, MeetingFacts, PlannedReminder

# Most pressing first inside a batch: a reader who stops after two lines saw the late ones.
KIND_ORDER = ("escalation", "overdue", "due_today", "report_back", "before_due", "appeal_end", "meeting_notice",
              "agenda_call", "digest")


@dataclass(frozen=True, kw_only=True)
class RoutedReminder:
    """A planned reminder plus its destination (an opaque channel key such as "slack:T1:C42")."""

    reminder: PlannedReminder
    channel: str


@dataclass(frozen=True, kw_only=True)
class Batch:
    """Reminders for one channel and one minute, sent as a single message."""

    key: str
    channel: str
    send_at: datetime
    reminders: tuple[PlannedReminder, ...]


@dataclass(frozen=True, kw_only=True)
class DueSplit:
    """Due reminders split into those still worth posting and those only the digest mentions."""

    post: tuple[RoutedReminder, ...]
    stale: tuple[RoutedReminder, ...]


@dataclass(frozen=True, kw_only=True)
class DigestContent:
    """The sections of a weekly digest for one channel."""

    due_this_week: tuple[AssignmentFacts, ...]
    overdue: tuple[AssignmentFacts, ...]
    next_meeting: MeetingFacts | None
    missed: tuple[PlannedReminder, ...]


def _reminder_order(reminder: PlannedReminder) -> tuple[int, str, int, str]:
    return (KIND_ORDER.index(reminder.kind), reminder.subject_type, reminder.subject_id, reminder.key)


def _minute(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(second=0, microsecond=0)


def group_batches(*, items: Iterable[RoutedReminder], zone: ZoneInfo = DEFAULT_ZONE) -> list[Batch]:
    """One batch per (channel, minute); a key routed twice to one channel is sent once."""
    groups: dict[tuple[datetime, str], dict[str, PlannedReminder]] = {}
    for item in items:
        local_date(moment=item.reminder.send_at)  # rejects naive datetimes
        group = groups.setdefault((_minute(item.reminder.send_at, zone), item.channel), {})
        group.setdefault(item.reminder.key, item.reminder)
    return [
        Batch(key=f"batch:{channel}:{minute.isoformat(timespec='minutes')}", channel=channel, send_at=minute,
              reminders=tuple(sorted(group.values(), key=_reminder_order)))
        for (minute, channel), group in sorted(groups.items(), key=lambda pair: (pair[0][0], pair[0][1]))
    ]


def split_due(*, items: Iterable[RoutedReminder], now: datetime, max_age: timedelta) -> DueSplit:
    """Reminders due by ``now``: post those at most ``max_age`` late, report the older ones.

    Reminders not yet due are left out: the caller keeps them for a later sweep.
    """
    local_date(moment=now)
    due = sorted((item for item in items if item.reminder.send_at <= now),
                 key=lambda item: (item.reminder.send_at, item.channel, item.reminder.key))
    return DueSplit(post=tuple(item for item in due if now - item.reminder.send_at <= max_age),
                    stale=tuple(item for item in due if now - item.reminder.send_at > max_age))


def digest_content(
    *, assignments: Iterable[AssignmentFacts], meetings: Iterable[MeetingFacts], now: datetime,
    missed: Iterable[PlannedReminder] = (), zone: ZoneInfo = DEFAULT_ZONE,
) -> DigestContent:
    """Due from today to Sunday, overdue (oldest first), the next meeting, and missed reminders.

    "This week" counts from the digest day, so a digest delayed to Tuesday lists Monday's
    deadlines under overdue, where they then belong.
    """
    today = local_date(moment=now, zone=zone)
    sunday = today + timedelta(days=6 - today.weekday())
    open_items = sorted((a for a in assignments if a.status == "open" and a.due is not None),
                        key=lambda a: (a.due, a.id))
    upcoming = sorted((m for m in meetings if not m.cancelled and m.starts_at >= now),
                      key=lambda m: (m.starts_at, m.id))
    return DigestContent(
        due_this_week=tuple(a for a in open_items if a.due is not None and today <= a.due <= sunday),
        overdue=tuple(a for a in open_items if a.due is not None and a.due < today),
        next_meeting=upcoming[0] if upcoming else None,
        missed=tuple(sorted(missed, key=lambda r: (r.send_at, r.key))),
    )
