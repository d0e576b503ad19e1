"""The samverkan year (issue 18): a läsår of meetings planned on a rule, shifted, moved, cancelled
and extended with an extra meeting, with the kallelser re-planned from the meeting rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from schedules.calendar import STOCKHOLM
from schedules.planning_pass import collect_plan
from storage.models import AgendaItem, Meeting

SECRETARY = "Kristina Kamsten"
# Seed 004: «Styrgruppen har sex möte per läsår enligt en planering som görs för ett år i sänder.»
SERIES = ("mote serie läsår 2025/2026 tredje tisdagen varje månad utom juli kl. 13:00-15:00 "
          "plats Stadshuset antal 6")


def _setup(chat, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 6, 10, 9, 0, tzinfo=UTC))  # planned at the last meeting of the läsår before
    for line in ('samverkan organ ny "Styrgrupp Bildningsförvaltningen–Socialförvaltningen" kort SG typ styrgrupp',
                 "samverkan kanal SG"):
        assert "✓" in chat(line, user=SECRETARY), line


def _days(services) -> list[tuple[date, str]]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        rows = session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        return [(m.starts_at.astimezone(STOCKHOLM).date(), m.state) for m in rows]


def _notices(services, *, now: datetime) -> dict[int, list[date]]:  # type: ignore[no-untyped-def]
    """Meeting id → the days the planner would post its automatic kallelse."""
    with services.sessions() as session:
        plan = collect_plan(session=session, tenant_id=1, now=now, horizon=now + timedelta(days=400),
                            changed_since=None)
    out: dict[int, list[date]] = {}
    for entry in plan.entries:
        if entry.reminder.kind == "meeting_notice":
            out.setdefault(entry.reminder.subject_id, []).append(entry.reminder.send_at.date())
    return out


def test_a_rule_plans_six_meetings_of_the_school_year(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    answer = chat(SERIES, user=SECRETARY)
    assert "✓" in answer and "6 möten" in answer, answer
    assert [d for d, _ in _days(services)] == [date(2025, 8, 19), date(2025, 9, 16), date(2025, 10, 21),
                                               date(2025, 11, 18), date(2025, 12, 16), date(2026, 1, 20)]
    with services.sessions() as session:
        meetings = session.scalars(select(Meeting)).all()
        assert len({m.series_id for m in meetings}) == 1 and meetings[0].series_id
        assert {m.place for m in meetings} == {"Stadshuset"}
        assert meetings[0].starts_at.astimezone(STOCKHOLM).hour == 13 and meetings[0].ends_at is not None


def test_a_list_of_dates_skips_holidays_to_the_next_working_day(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    answer = chat("mote serie datum 2025-09-16, 2026-01-06, 2026-05-14 kl. 9", user=SECRETARY)
    assert "Trettondedag jul" in answer and "Kristi himmelsfärd" in answer, answer
    assert [d for d, _ in _days(services)] == [date(2025, 9, 16), date(2026, 1, 7), date(2026, 5, 15)]


def test_a_rule_without_a_period_is_refused_with_an_example(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    answer = chat("mote serie tredje tisdagen varje månad", user=SECRETARY)
    assert "✗" in answer and "läsår 2025/2026" in answer, answer
    assert _days(services) == []


def test_the_series_shifts_and_its_notices_follow(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    chat(SERIES, user=SECRETARY)
    clock.set(datetime(2025, 9, 1, 9, 0, tzinfo=UTC))  # the August meeting is behind us
    answer = chat("mote serie flytta 1 vecka", user=SECRETARY)
    assert "✓" in answer, answer
    days = [d for d, _ in _days(services)]
    assert days == [date(2025, 8, 19), date(2025, 9, 23), date(2025, 10, 28), date(2025, 11, 25),
                    date(2025, 12, 23), date(2026, 1, 27)]
    notices = _notices(services, now=clock())
    assert sorted(d for ds in notices.values() for d in ds)[0] == date(2025, 9, 16)  # 7 days before 23/9


def test_a_cancelled_meeting_gets_no_kallelse_and_hands_its_agenda_on(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    chat(SERIES, user=SECRETARY)
    assert "✓" in chat("dagordning lägg till Läget i skolvalet möte 2025-10-21", user=SECRETARY)
    october = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
    assert len(_notices(services, now=october)) == 4  # October, November, December, January
    answer = chat("mote ställ in 2025-10-21 eftersom höstlovet", user=SECRETARY)
    assert "inställt (höstlovet)" in answer and "18 november 2025" in answer, answer
    with services.sessions() as session:
        cancelled = session.scalars(select(Meeting).where(Meeting.state == "inställt")).one()
        item = session.scalars(select(AgendaItem)).one()
        assert item.meeting.starts_at.astimezone(STOCKHOLM).date() == date(2025, 11, 18)
    notices = _notices(services, now=october)
    assert cancelled.id not in notices and len(notices) == 3
    assert "(inställt)" in chat("mote lista", user=SECRETARY)


def test_a_moved_meeting_is_noticed_on_its_new_date(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    chat(SERIES, user=SECRETARY)
    answer = chat("mote flytta 2025-10-21 till 2025-10-28 kl. 14:00", user=SECRETARY)
    assert "✓" in answer and "28 oktober 2025 kl. 14:00–16:00" in answer, answer
    notices = _notices(services, now=datetime(2025, 10, 1, 9, 0, tzinfo=UTC))
    assert date(2025, 10, 21) in [d for ds in notices.values() for d in ds]  # 7 days before the 28th
    assert date(2025, 10, 14) not in [d for ds in notices.values() for d in ds]


def test_an_extra_meeting_at_short_notice_still_gets_a_kallelse(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    clock.set(datetime(2025, 11, 3, 9, 0, tzinfo=UTC))
    answer = chat("mote extra 2025-11-06 kl. 10:00 plats Teams", user=SECRETARY)
    assert "✓" in answer and "kallelsen skickas redan idag" in answer, answer
    notices = _notices(services, now=clock())
    assert list(notices.values()) == [[date(2025, 11, 3)]]
