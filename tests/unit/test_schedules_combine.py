"""Batching due reminders per channel and minute, catch-up triage, and digest content."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from schedules.calendar import STOCKHOLM
from schedules.combine import (
    DueSplit,
    RoutedReminder,
    digest_content,
    group_batches,
    split_due,
)
from schedules.planner import AssignmentFacts, MeetingFacts, PlannedReminder


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=STOCKHOLM)


def reminder(subject_id: int, *, kind: str = "before_due", send_at: datetime | None = None) -> PlannedReminder:
    moment = send_at or at(2022, 4, 14)
    return PlannedReminder(key=f"assignment:{subject_id}:{kind}:{moment.date().isoformat()}", kind=kind,
                           send_at=moment, subject_type="assignment", subject_id=subject_id, body_id=3,
                           audience="assignee")


def routed(subject_id: int, channel: str = "C1", **kwargs: object) -> RoutedReminder:
    return RoutedReminder(reminder=reminder(subject_id, **kwargs), channel=channel)


def test_same_channel_same_minute_becomes_one_batch_in_priority_order() -> None:
    items = [
        routed(5),
        routed(2, kind="overdue"),
        routed(3, send_at=at(2022, 4, 14, 8, 0, 40)),  # same minute, seconds differ
        routed(1, channel="C2"),
        routed(4, send_at=at(2022, 4, 14, 8, 1)),
    ]
    batches = group_batches(items=items)
    assert [(b.channel, b.send_at) for b in batches] == [
        ("C1", at(2022, 4, 14)), ("C2", at(2022, 4, 14)), ("C1", at(2022, 4, 14, 8, 1))]
    first = batches[0]
    assert [(r.kind, r.subject_id) for r in first.reminders] == [("overdue", 2), ("before_due", 3), ("before_due", 5)]
    assert first.key == "batch:C1:2022-04-14T08:00+02:00"


def test_grouping_is_deterministic_and_deduplicates_keys() -> None:
    items = [routed(1), routed(2, kind="escalation"), routed(1), routed(3, channel="C0")]
    assert group_batches(items=items) == group_batches(items=list(reversed(items)))
    assert [len(b.reminders) for b in group_batches(items=items)] == [1, 2]


def test_utc_moments_are_grouped_by_stockholm_minute() -> None:
    utc = reminder(7, send_at=datetime(2022, 4, 14, 6, 0, 20, tzinfo=UTC))
    batches = group_batches(items=[RoutedReminder(reminder=utc, channel="C1"), routed(8)])
    assert len(batches) == 1 and batches[0].send_at == at(2022, 4, 14)


def test_empty_input_gives_no_batches() -> None:
    assert group_batches(items=[]) == []


def test_split_due_posts_recent_and_reports_stale() -> None:
    fresh, stale, future = routed(1, send_at=at(2022, 4, 14)), routed(2, send_at=at(2022, 4, 11)), routed(
        3, send_at=at(2022, 4, 20))
    split = split_due(items=[future, stale, fresh], now=at(2022, 4, 14, 9), max_age=timedelta(days=2))
    assert split == DueSplit(post=(fresh,), stale=(stale,))
    with pytest.raises(ValueError):
        split_due(items=[fresh], now=datetime(2022, 4, 14, 9), max_age=timedelta(days=2))


def assignment(id: int, due: date | None, status: str = "open") -> AssignmentFacts:
    return AssignmentFacts(id=id, body_id=3, assignee="U1", task=f"Uppdrag {id}", due=due, status=status)


def test_digest_content_sections() -> None:
    now = at(2022, 4, 19)  # Tuesday after Annandag påsk
    assignments = [
        assignment(1, date(2022, 4, 18)),  # Monday deadline: overdue by Tuesday's digest
        assignment(2, date(2022, 4, 24)),  # Sunday: still this week
        assignment(3, date(2022, 4, 25)),  # next week
        assignment(4, date(2022, 4, 20), status="done"),
        assignment(5, None),
        assignment(6, date(2022, 3, 1)),
        assignment(7, date(2022, 4, 19)),
    ]
    meetings = [
        MeetingFacts(id=1, body_id=3, starts_at=at(2022, 4, 12, 13), title="Förra"),
        MeetingFacts(id=2, body_id=3, starts_at=at(2022, 5, 2, 13), title="Senare"),
        MeetingFacts(id=3, body_id=3, starts_at=at(2022, 4, 28, 13), title="Inställt", cancelled=True),
        MeetingFacts(id=4, body_id=3, starts_at=at(2022, 4, 29, 9), title="Nästa"),
    ]
    missed = [reminder(9, send_at=at(2022, 4, 14)), reminder(8, send_at=at(2022, 4, 13))]
    content = digest_content(assignments=assignments, meetings=meetings, now=now, missed=missed)
    assert [a.id for a in content.due_this_week] == [7, 2]
    assert [a.id for a in content.overdue] == [6, 1]
    assert content.next_meeting is not None and content.next_meeting.id == 4
    assert [r.subject_id for r in content.missed] == [8, 9]


def test_digest_content_without_meetings() -> None:
    content = digest_content(assignments=[], meetings=[], now=at(2022, 4, 19))
    assert content.next_meeting is None and content.due_this_week == () and content.missed == ()
