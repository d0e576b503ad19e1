"""Report-back reminders, message grouping and the 0003 migration round trip."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import create_engine, inspect

from schedules.batches import plan_messages
from schedules.calendar import STOCKHOLM
from schedules.planner import AssignmentFacts, plan_assignment
from schedules.policy import ReminderPolicy
from schedules.render import AssignmentView, render_reminders
from storage.migrate import downgrade, upgrade


def at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=STOCKHOLM)


def test_report_back_is_reminded_that_morning_or_the_working_day_before() -> None:
    facts = AssignmentFacts(id=7, body_id=1, assignee="skolchef", task="Rapport", due=None,
                            report_at=at(2025, 4, 8, 13, 0))
    plan = plan_assignment(assignment=facts, policy=ReminderPolicy(), now=at(2025, 4, 1), horizon=at(2025, 5, 1))
    assert [(r.kind, r.send_at) for r in plan] == [("report_back", at(2025, 4, 8))]
    early = AssignmentFacts(id=7, body_id=1, assignee=None, task="Rapport", due=None, report_at=at(2025, 4, 22, 7, 30))
    plan = plan_assignment(assignment=early, policy=ReminderPolicy(), now=at(2025, 4, 1), horizon=at(2025, 5, 1))
    assert [r.send_at for r in plan] == [at(2025, 4, 17)]  # 21/4 is Annandag påsk, 18/4 Långfredag
    done = AssignmentFacts(id=7, body_id=1, assignee=None, task="R", due=None, status="done", report_at=at(2025, 4, 8))
    assert plan_assignment(assignment=done, policy=ReminderPolicy(), now=at(2025, 4, 1), horizon=at(2025, 5, 1)) == []


def row(n: int, *, kind: str = "before_due", minute: int = 0, dest: str = "C1") -> SimpleNamespace:
    return SimpleNamespace(key=f"assignment:{n}:before:2025-04-02>ch:1", kind=kind, send_at=at(2025, 4, 2, 8, minute),
                           subject_type="channel" if kind == "digest" else "assignment", subject_id=n, body_id=1,
                           audience="channel", platform="slack", destination=dest,
                           payload={"reminder_key": f"assignment:{n}:{kind}:2025-04-02"})


def test_rows_of_one_minute_become_pages_of_one_message_and_digests_stand_alone() -> None:
    rows = [row(n) for n in range(45)] + [row(99, kind="digest"), row(100, minute=1)]
    messages = plan_messages(rows=rows, max_per_message=20)  # type: ignore[arg-type]
    assert [(m.kind, len(m.rows)) for m in messages] == [("digest", 1), ("reminders", 20), ("reminders", 20),
                                                         ("reminders", 5), ("reminders", 1)]
    assert sorted(r.subject_id for m in messages for r in m.rows) == sorted(r.subject_id for r in rows)


def test_combined_reminders_render_by_urgency() -> None:
    view = AssignmentView(id=12, assignee="skolchef", task="Ta fram plan", due=date(2025, 4, 4))
    late = AssignmentView(id=3, assignee=None, task="Svara", due=date(2025, 3, 31))
    items = [(plan_assignment(assignment=AssignmentFacts(id=v.id, body_id=1, assignee=v.assignee, task=v.task,
                                                         due=v.due), policy=ReminderPolicy(), now=at(2025, 4, 2, 9),
                              horizon=at(2025, 4, 2, 9))[-1], v) for v in (view, late)]
    reply = render_reminders(items=items)
    assert reply.title == "Påminnelser (2)"
    assert [s.heading for s in reply.sections] == ["Försenade", "Snart sista dag"]
    assert reply.sections[1].lines == ("uppdrag #12 till skolchef: Ta fram plan – senast fredag 4 april 2025 (om 3 dagar)",)
    assert reply.sections[0].lines == ("uppdrag #3 till –: Svara – försenat, skulle vara klart 31 mars 2025",)


def test_migration_0003_round_trip(sqlite_url: str) -> None:
    upgrade(sqlite_url, revision="0003")
    engine = create_engine(sqlite_url)
    assert "reminder_planner_state" in inspect(engine).get_table_names()
    downgrade(sqlite_url, revision="0002")
    assert "reminder_planner_state" not in inspect(engine).get_table_names()
    upgrade(sqlite_url)
    assert "reminder_planner_state" in inspect(engine).get_table_names()
    engine.dispose()
