"""Reminder planning with fixed clocks, per-body policies and a property test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.calendar import STOCKHOLM, is_working_day
from schedules.planner import (
    AssignmentFacts,
    MeetingFacts,
    PlannedReminder,
    agenda_closes_on,
    plan_appeal_end,
    plan_assignment,
    plan_digests,
    plan_meeting,
)
from schedules.policy import ReminderPolicy

DEFAULT = ReminderPolicy()


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=STOCKHOLM)


def task(*, due: date | None, status: str = "open", **changes: object) -> AssignmentFacts:
    base = AssignmentFacts(id=42, body_id=3, assignee="U123", task="Ta fram lägesrapport", due=due,
                           status=status, paragraph_label="§ 19, UTB 22/30")
    return replace(base, **changes)


def plan(a: AssignmentFacts, *, now: datetime, horizon: datetime, policy: ReminderPolicy = DEFAULT,
         ) -> list[PlannedReminder]:
    return plan_assignment(assignment=a, policy=policy, now=now, horizon=horizon)


def sends(reminders: list[PlannedReminder], kind: str | None = None) -> list[date]:
    return [r.send_at.date() for r in reminders if kind is None or r.kind == kind]


def test_default_before_reminders_move_back_over_easter() -> None:
    due = date(2022, 4, 19)
    result = plan(task(due=due), now=at(2022, 3, 1), horizon=at(2022, 4, 19, 23))
    # 1 day before = Annandag påsk, 3 days before = Saturday: both land on Skärtorsdag, once.
    assert sends(result) == [date(2022, 4, 5), date(2022, 4, 14), date(2022, 4, 19)]
    assert [r.kind for r in result] == ["before_due", "before_due", "due_today"]
    assert all(r.send_at.timetz() == time(8, 0, tzinfo=STOCKHOLM) for r in result)
    assert result[1].key == "assignment:42:before:2022-04-14"
    assert {r.audience for r in result} == {"assignee"}


def test_saturday_reminder_moves_to_friday() -> None:
    result = plan(task(due=date(2022, 3, 14)), now=at(2022, 3, 1), horizon=at(2022, 3, 14, 23),
                  policy=ReminderPolicy(before_days=(2,)))
    assert sends(result, "before_due") == [date(2022, 3, 11)]


def test_midsommarafton_is_skipped() -> None:
    result = plan(task(due=date(2022, 6, 27)), now=at(2022, 6, 1), horizon=at(2022, 6, 27, 23))
    assert sends(result) == [date(2022, 6, 13), date(2022, 6, 23), date(2022, 6, 27)]


def test_due_time_before_send_time_drops_same_day_reminder() -> None:
    a = task(due=date(2022, 9, 23), due_time=time(7, 30))
    result = plan(a, now=at(2022, 9, 1), horizon=at(2022, 9, 23, 23))
    assert "due_today" not in {r.kind for r in result}
    later = plan(replace(a, due_time=time(9, 0)), now=at(2022, 9, 1), horizon=at(2022, 9, 23, 23))
    assert "due_today" in {r.kind for r in later}


def test_past_reminders_are_dropped_except_recent_catch_up() -> None:
    a = task(due=date(2022, 4, 19))
    result = plan(a, now=at(2022, 4, 15, 12), horizon=at(2022, 4, 19, 23))
    # 14 April 08:00 is 28 hours old, within the default two days: still posted.
    assert sends(result) == [date(2022, 4, 14), date(2022, 4, 19)]
    strict = plan(a, now=at(2022, 4, 15, 12), horizon=at(2022, 4, 19, 23),
                  policy=ReminderPolicy(missed_max_age=timedelta(hours=1)))
    assert sends(strict) == [date(2022, 4, 19)]


def test_done_cancelled_and_undated_assignments_plan_nothing() -> None:
    for status in ("done", "cancelled"):
        assert plan(task(due=date(2022, 4, 19), status=status), now=at(2022, 3, 1), horizon=at(2023, 1, 1)) == []
    assert plan(task(due=None), now=at(2022, 3, 1), horizon=at(2023, 1, 1)) == []
    with pytest.raises(ValueError):
        plan(task(due=date(2022, 4, 19), status="klar"), now=at(2022, 3, 1), horizon=at(2023, 1, 1))


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError):
        plan(task(due=date(2022, 4, 19)), now=datetime(2022, 3, 1), horizon=at(2022, 5, 1))


def test_overdue_weekly_series_with_escalation_after_two_weeks() -> None:
    a = task(due=date(2022, 4, 14))
    result = plan(a, now=at(2022, 4, 14, 9), horizon=at(2022, 5, 10, 23))
    assert sends(result, "overdue") == [date(2022, 4, 19), date(2022, 4, 26), date(2022, 5, 3), date(2022, 5, 10)]
    escalations = [r for r in result if r.kind == "escalation"]
    assert sends(escalations) == [date(2022, 5, 3), date(2022, 5, 10)]
    assert {r.audience for r in escalations} == {"escalation"}
    assert escalations[0].key == "assignment:42:escalation:2022-05-03"


def test_overdue_week_on_holiday_moves_forward() -> None:
    # Due Wed 18 May; week 1 falls on Kristi himmelsfärdsdag and moves to Friday.
    result = plan(task(due=date(2022, 5, 18)), now=at(2022, 5, 18, 9), horizon=at(2022, 6, 3, 23))
    assert sends(result, "overdue") == [date(2022, 5, 19), date(2022, 5, 27), date(2022, 6, 2)]


def test_overdue_is_lazy_and_starts_at_the_window() -> None:
    result = plan(task(due=date(2020, 1, 15)), now=at(2024, 3, 4, 7), horizon=at(2024, 3, 31))
    overdue = sends(result, "overdue")
    assert overdue == [date(2024, 3, 7), date(2024, 3, 14), date(2024, 3, 21), date(2024, 3, 28)]
    assert sends(result, "escalation") == overdue


def test_policy_without_weekly_or_escalation() -> None:
    a = task(due=date(2022, 4, 14))
    once = plan(a, now=at(2022, 4, 14, 9), horizon=at(2022, 6, 1),
                policy=ReminderPolicy(overdue_weekly=False, escalate_after_weeks=None))
    assert [(r.kind, r.send_at.date()) for r in once if r.send_at.date() > a.due] == [("overdue", date(2022, 4, 19))]
    single_escalation = plan(a, now=at(2022, 4, 14, 9), horizon=at(2022, 6, 1),
                             policy=ReminderPolicy(overdue_weekly=False, escalate_after_weeks=1))
    assert sends(single_escalation, "escalation") == [date(2022, 4, 26)]
    no_body = plan(replace(a, body_id=None), now=at(2022, 4, 14, 9), horizon=at(2022, 6, 1))
    assert sends(no_body, "escalation") == []


def test_unassigned_assignment_reminds_the_channel() -> None:
    result = plan(task(due=date(2022, 4, 19), assignee=None), now=at(2022, 3, 1), horizon=at(2022, 4, 30))
    assert {r.audience for r in result if r.kind != "escalation"} == {"channel"}


def test_changing_due_date_changes_only_moved_keys() -> None:
    now, horizon = at(2022, 4, 1), at(2022, 4, 27, 23)
    before = {r.key: r for r in plan(task(due=date(2022, 4, 26)), now=now, horizon=horizon)}
    after = {r.key: r for r in plan(task(due=date(2022, 4, 27)), now=now, horizon=horizon)}
    # Friday 22 April serves "3 days before" for both due dates; 26 April is "due today" for the
    # first and "1 day before" for the second: same key, so the outbox updates rather than re-sends.
    assert set(before) & set(after) == {"assignment:42:before:2022-04-22", "assignment:42:before:2022-04-26"}
    assert "assignment:42:overdue:2022-04-27" in set(before) - set(after)
    assert len(after) == 4
    shared = "assignment:42:before:2022-04-26"
    assert (before[shared].kind, after[shared].kind) == ("due_today", "before_due")
    assert plan(task(due=date(2022, 4, 26)), now=now, horizon=horizon) == plan(
        task(due=date(2022, 4, 26)), now=now, horizon=horizon)


def test_horizon_limits_preview() -> None:
    result = plan(task(due=date(2022, 4, 19)), now=at(2022, 3, 1), horizon=at(2022, 4, 10))
    assert sends(result) == [date(2022, 4, 5)]


def meeting(**changes: object) -> MeetingFacts:
    base = MeetingFacts(id=7, body_id=3, starts_at=at(2022, 5, 2, 13), title="Strategigrupp äldre", place="Rum 4")
    return replace(base, **changes)


def test_meeting_notice_and_agenda_call() -> None:
    m = meeting()
    result = plan_meeting(meeting=m, policy=DEFAULT, now=at(2022, 3, 1), horizon=at(2022, 6, 1))
    # Agenda closes 22 April; three working days earlier (over Easter? no: 19-21 April) is 19 April.
    assert agenda_closes_on(meeting=m, policy=DEFAULT) == date(2022, 4, 22)
    assert [(r.kind, r.send_at) for r in result] == [
        ("agenda_call", at(2022, 4, 19)),
        ("meeting_notice", at(2022, 4, 25)),
    ]
    assert result[1].key == "meeting:7:meeting_notice:2022-04-25"
    assert {r.audience for r in result} == {"channel"}


def test_meeting_reminders_skip_holidays_and_cancelled_meetings() -> None:
    m = meeting(starts_at=at(2022, 4, 25, 13))  # notice day 18 April is Annandag påsk
    result = plan_meeting(meeting=m, policy=DEFAULT, now=at(2022, 3, 1), horizon=at(2022, 6, 1))
    assert [(r.kind, r.send_at.date()) for r in result] == [
        ("agenda_call", date(2022, 4, 12)),  # closes 15 April (Långfredag); 3 working days before
        ("meeting_notice", date(2022, 4, 14)),
    ]
    assert plan_meeting(meeting=replace(m, cancelled=True), policy=DEFAULT, now=at(2022, 3, 1),
                        horizon=at(2022, 6, 1)) == []


def test_meeting_notice_never_after_the_meeting_starts() -> None:
    early = meeting(starts_at=at(2022, 5, 2, 7, 30))
    policy = ReminderPolicy(notice_days_before_meeting=0, agenda_close_days_before=0, agenda_reminder_working_days=0)
    assert plan_meeting(meeting=early, policy=policy, now=at(2022, 3, 1), horizon=at(2022, 6, 1)) == []


def test_digests_on_mondays_and_tuesday_after_annandag_pask() -> None:
    result = plan_digests(channel_id=5, body_id=3, policy=DEFAULT, now=at(2022, 4, 6, 12), horizon=at(2022, 4, 26))
    assert [r.send_at for r in result] == [at(2022, 4, 11), at(2022, 4, 19), at(2022, 4, 25)]
    assert [r.key for r in result] == [f"channel:5:digest:2022-W{w}" for w in (15, 16, 17)]
    assert {(r.kind, r.subject_type, r.audience) for r in result} == {("digest", "channel", "channel")}


def test_digest_weekday_and_time_override() -> None:
    policy = ReminderPolicy(digest_weekday=4, digest_time=time(14, 30))
    result = plan_digests(channel_id=5, body_id=None, policy=policy, now=at(2022, 4, 11), horizon=at(2022, 4, 30))
    assert [r.send_at for r in result] == [at(2022, 4, 14, 14, 30), at(2022, 4, 22, 14, 30), at(2022, 4, 29, 14, 30)]


def test_appeal_end_reminds_secretary_after_the_last_day() -> None:
    result = plan_appeal_end(protocol_id=9, body_id=3, posted_on=date(2022, 6, 3), policy=DEFAULT,
                             now=at(2022, 6, 3), horizon=at(2022, 7, 31))
    assert [(r.kind, r.send_at, r.audience, r.key) for r in result] == [
        ("appeal_end", at(2022, 6, 28), "secretary", "protocol:9:appeal_end:2022-06-28")]
    assert plan_appeal_end(protocol_id=9, body_id=3, posted_on=date(2022, 6, 3), policy=DEFAULT,
                           now=at(2022, 6, 3), horizon=at(2022, 6, 27)) == []


def test_policy_overrides_from_mapping() -> None:
    policy = ReminderPolicy.from_mapping({"before_days": [7, 0], "send_time": "09:15", "missed_max_age": "36h",
                                          "escalate_after_weeks": None, "overdue_weekly": False})
    assert policy.before_days == (7, 0)
    assert policy.send_time == time(9, 15)
    assert policy.missed_max_age == timedelta(hours=36)
    assert ReminderPolicy.from_mapping(policy.to_mapping()) == policy
    assert ReminderPolicy.from_mapping({}) == DEFAULT
    result = plan(task(due=date(2022, 4, 19)), now=at(2022, 3, 1), horizon=at(2022, 4, 19, 23), policy=policy)
    assert [r.send_at for r in result] == [at(2022, 4, 12, 9, 15), at(2022, 4, 19, 9, 15)]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"before_dagar": [1]}, "before_dagar"),
        ({"before_days": [3, 3]}, "before_days"),
        ({"before_days": []}, "before_days"),
        ({"before_days": "14"}, "before_days"),
        ({"before_days": [-1]}, "before_days"),
        ({"send_time": "8"}, "send_time"),
        ({"digest_time": "25:00"}, "digest_time"),
        ({"escalate_after_weeks": True}, "escalate_after_weeks"),
        ({"notice_days_before_meeting": "7"}, "notice_days_before_meeting"),
        ({"digest_weekday": 6}, "digest_weekday"),
        ({"missed_max_age": "två dagar"}, "missed_max_age"),
        ({"missed_max_age": -1}, "missed_max_age"),
        ({"overdue_weekly": "ja"}, "overdue_weekly"),
    ],
)
def test_policy_validation_names_the_field_in_swedish(data: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=f"'{field}'") as error:
        ReminderPolicy.from_mapping(data)
    assert any(word in str(error.value) for word in ("Ogiltigt värde", "Okänd inställning"))


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
policies = st.builds(
    ReminderPolicy,
    before_days=st.sets(st.integers(0, 60), min_size=1, max_size=6).map(lambda s: tuple(sorted(s))),
    send_time=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    overdue_weekly=st.booleans(),
    escalate_after_weeks=st.none() | st.integers(0, 5),
)


@settings(max_examples=150, deadline=None)
@given(due=dates, policy=policies, now_offset=st.integers(-90, 60), span=st.integers(0, 120))
def test_property_working_days_policy_time_unique_keys(due: date, policy: ReminderPolicy, now_offset: int,
                                                       span: int) -> None:
    now = datetime.combine(due + timedelta(days=now_offset), time(12, 0), tzinfo=STOCKHOLM)
    horizon = now + timedelta(days=span)
    result = plan(task(due=due), now=now, horizon=horizon, policy=policy)
    keys = [r.key for r in result]
    assert len(keys) == len(set(keys))
    for r in result:
        assert is_working_day(day=r.send_at.date())
        assert r.send_at.tzinfo is STOCKHOLM and r.send_at.time() == policy.send_time
        assert now - policy.missed_max_age <= r.send_at <= horizon
        if r.kind in ("before_due", "due_today"):
            assert r.send_at.date() <= due
        else:
            assert r.send_at.date() > due
