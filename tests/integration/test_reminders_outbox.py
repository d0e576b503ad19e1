"""Planning pass → outbox → sweep on SQLite with a fixed clock and a recording notifier."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from bot.notifiers import NotifierRegistry
from handlers.notify import DeliveryError
from schedules.calendar import STOCKHOLM
from schedules.planning_pass import run_planning_pass
from schedules.sweep import SweepConfig, run_sweep
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import Assignment, OutboxMessage
from tests.conftest import FixedClock
from tests.integration.reminder_world import add_assignment, add_person, seed_world
from tests.recording_notifier import RecordingNotifier

WED = datetime(2025, 4, 2, 8, 5, tzinfo=STOCKHOLM)  # reminders of the day are due at 08:00
DUE_SAT = date(2025, 4, 5)  # 3 days before = Wed 2/4; 1 day and the day itself = Fri 4/4


@pytest.fixture
def db(sqlite_url: str):  # type: ignore[no-untyped-def]
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_session_factory(engine)
    engine.dispose()


def rows(sessions, **where) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return list(s.scalars(select(OutboxMessage).filter_by(**where).order_by(OutboxMessage.send_at, OutboxMessage.id)))


def sweep(sessions, notifier, clock, **config):  # type: ignore[no-untyped-def]
    registry = NotifierRegistry(notifiers={"slack": notifier}, intervals={"slack": 0.0})
    return run_sweep(sessions=sessions, registry=registry, clock=clock, config=SweepConfig(**config),
                     rng=random.Random(1))


def test_plan_is_idempotent_and_edits_replan(db) -> None:  # type: ignore[no-untyped-def]
    with db() as s, s.begin():
        world = seed_world(session=s, channels=1)
        a = add_assignment(session=s, tenant_id=world.tenant_id, body_id=world.body_ids[0], due=DUE_SAT)
    now = datetime(2025, 4, 1, 12, 0, tzinfo=STOCKHOLM)
    first = run_planning_pass(sessions=db, now=now)
    assert first.full and first.written == 2  # Wed 2/4 (Fri 4/4 is beyond the horizon) + Monday's digest
    assert [r.send_at.astimezone(STOCKHOLM).date() for r in rows(db, state="pending", subject_type="assignment")] == [
        date(2025, 4, 2)]
    assert [r.key for r in rows(db, kind="digest")] == [f"channel:{world.binding_ids[0]}:digest:2025-W14>ch:"
                                                        f"{world.binding_ids[0]}"]
    again = run_planning_pass(sessions=db, now=now + timedelta(seconds=30))
    assert not again.full and again.written == 0 and again.cancelled == 0
    assert run_planning_pass(sessions=db, now=now + timedelta(minutes=1), force_full=True).written == 0

    with db() as s, s.begin():  # deadline moved a week: the pending reminders of the old date go
        s.execute(update(Assignment).where(Assignment.id == a.id).values(
            due_on=date(2025, 4, 11), updated_at=now + timedelta(minutes=2)))
    moved = run_planning_pass(sessions=db, now=now + timedelta(minutes=3))
    assert moved.cancelled == 1
    pending = rows(db, state="pending", subject_type="assignment")
    assert pending == []  # 3 days before 11/4 is Tue 8/4: beyond the two-day horizon for now
    later = run_planning_pass(sessions=db, now=datetime(2025, 4, 7, 9, 0, tzinfo=STOCKHOLM))
    assert later.written == 2  # Tue 8/4 and the digest of week 15
    assert [r.key for r in rows(db, state="pending", subject_type="assignment")] == [
        f"assignment:{a.id}:before:2025-04-08>ch:{world.binding_ids[0]}"]

    with db() as s, s.begin():  # completed: nothing pending remains for it
        s.execute(update(Assignment).where(Assignment.id == a.id).values(
            status="done", updated_at=datetime(2025, 4, 7, 9, 1, tzinfo=STOCKHOLM)))
    done = run_planning_pass(sessions=db, now=datetime(2025, 4, 7, 9, 2, tzinfo=STOCKHOLM))
    assert done.cancelled == 1
    assert rows(db, state="pending", subject_type="assignment") == []


def test_sweep_combines_claims_once_and_routes_dm(db) -> None:  # type: ignore[no-untyped-def]
    with db() as s, s.begin():
        world = seed_world(session=s, channels=2)
        kim = add_person(session=s, tenant_id=world.tenant_id, name="Kim", user_id="U42")
        for n in range(5):
            add_assignment(session=s, tenant_id=world.tenant_id, body_id=world.body_ids[0], due=DUE_SAT, task=f"Uppgift {n}")
        add_assignment(session=s, tenant_id=world.tenant_id, body_id=world.body_ids[1], due=DUE_SAT, person_id=kim.id,
                       assignee="Kim")
    clock = FixedClock(WED)
    run_planning_pass(sessions=db, now=clock())
    notifier = RecordingNotifier()
    result = sweep(db, notifier, clock)
    by_address = {d.address: text for d, text in notifier.posts}
    assert sorted(by_address) == ["C0000", "C0001", "U42"]
    assert result.messages == 3 and result.sent == 7
    assert "Påminnelser (5)" in by_address["C0000"] and by_address["C0000"].count("uppdrag #") == 5
    assert by_address["U42"].startswith("Påminnelse: uppdrag #6 till Kim: Ta fram lägesrapport – senast lördag 5 april")
    assert all(r.platform_message_id for r in rows(db, state="sent"))
    assert sweep(db, notifier, clock).claimed == 0  # claimed once: a second sweep finds nothing
    assert len(notifier.posts) == 3


def test_retry_backoff_rate_limit_and_permanent_failure(db) -> None:  # type: ignore[no-untyped-def]
    with db() as s, s.begin():
        world = seed_world(session=s, channels=3)
        for body_id in world.body_ids:
            add_assignment(session=s, tenant_id=world.tenant_id, body_id=body_id, due=DUE_SAT)
    clock = FixedClock(WED)
    run_planning_pass(sessions=db, now=clock())
    errors = {"C0000": DeliveryError("Slack error 500: fatal_error"),
              "C0001": DeliveryError("rate limited", retry_after=7.0),
              "C0002": DeliveryError("Slack refused the post: channel_not_found", permanent=True)}
    notifier = RecordingNotifier(fail_with=lambda d, _r: errors.get(d.address))
    result = sweep(db, notifier, clock)
    assert (result.retried, result.failed, result.sent) == (2, 1, 0)
    by_channel = {r.destination: r for r in rows(db, subject_type="assignment") if r.send_at <= WED}
    server_error, limited, gone = by_channel["C0000"], by_channel["C0001"], by_channel["C0002"]
    assert server_error.state == "pending" and server_error.attempts == 1
    assert timedelta(seconds=15) <= server_error.next_attempt_at - clock() <= timedelta(seconds=30)
    assert limited.state == "pending"
    assert timedelta(seconds=7) <= limited.next_attempt_at - clock() <= timedelta(seconds=7.7)
    assert gone.state == "failed" and "channel_not_found" in gone.last_error
    assert sweep(db, notifier, clock).claimed == 0  # nothing is retried before its time
    errors.clear()
    clock.set(WED + timedelta(minutes=1))
    assert sweep(db, notifier, clock).sent == 2
    assert {r.destination: r.state for r in rows(db, subject_type="assignment") if r.send_at <= WED} == {
        "C0000": "sent", "C0001": "sent", "C0002": "failed"}


def test_reclaim_after_lease_and_missed_reminders_go_to_digest(db) -> None:  # type: ignore[no-untyped-def]
    with db() as s, s.begin():
        world = seed_world(session=s, channels=1)
        add_assignment(session=s, tenant_id=world.tenant_id, body_id=world.body_ids[0], due=DUE_SAT)
    clock = FixedClock(WED)
    run_planning_pass(sessions=db, now=clock())
    with db() as s, s.begin():  # a claimer that died holding the row
        s.execute(update(OutboxMessage).where(OutboxMessage.send_at <= WED).values(
            state="claimed", claimed_by="dead:1", claimed_at=WED - timedelta(minutes=10)))
    notifier = RecordingNotifier()
    fresh = sweep(db, notifier, clock, lease=timedelta(minutes=15))
    assert fresh.reclaimed == 0 and fresh.sent == 0
    reclaimed = sweep(db, notifier, clock, lease=timedelta(minutes=5))
    assert reclaimed.reclaimed == 1 and reclaimed.sent == 1

    # Down from Thursday until the next Monday morning: Friday's reminder (> 2 days old) is missed
    # and reported in Monday's digest instead of being posted late.
    monday = datetime(2025, 4, 7, 8, 1, tzinfo=STOCKHOLM)
    clock.set(monday)
    run_planning_pass(sessions=db, now=datetime(2025, 4, 3, 9, 0, tzinfo=STOCKHOLM))
    run_planning_pass(sessions=db, now=monday)
    result = sweep(db, notifier, clock)
    assert result.missed == 1 and result.messages == 2  # the digest, and Monday's first overdue nudge
    digest = next(text for _d, text in notifier.posts if text.startswith("Veckosammanfattning"))
    assert any(text.startswith("Påminnelse: uppdrag #1 till skolchef: Ta fram lägesrapport – försenat")
               for _d, text in notifier.posts)
    assert digest.startswith("Veckosammanfattning – Strategigrupp 0")
    assert "Försenade uppdrag" in digest and "Missade påminnelser" in digest and "2025-04-04" in digest
    with db() as s:
        missed = s.scalars(select(OutboxMessage).where(OutboxMessage.state == "missed")).one()
        assert missed.sent_at is not None  # reported once; the next digest will not repeat it
        assert s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == "pending")) == 0


def test_escalation_goes_to_chair_and_secretary(db) -> None:  # type: ignore[no-untyped-def]
    with db() as s, s.begin():
        world = seed_world(session=s, channels=1)
        body = world.body_ids[0]
        add_person(session=s, tenant_id=world.tenant_id, name="Ordf", user_id="UCHAIR", body_id=body, role="ordförande")
        add_person(session=s, tenant_id=world.tenant_id, name="Sekr", user_id="USECR", body_id=body, role="sekreterare")
        add_assignment(session=s, tenant_id=world.tenant_id, body_id=body, due=date(2025, 3, 14))
    clock = FixedClock(datetime(2025, 3, 31, 8, 30, tzinfo=STOCKHOLM))  # 2 weeks after Mon 17/3, first overdue
    run_planning_pass(sessions=db, now=clock())
    notifier = RecordingNotifier()
    sweep(db, notifier, clock)
    texts = {d.address: t for d, t in notifier.posts}
    assert "försenat sedan 14 mars 2025 (2 veckor)" in texts["UCHAIR"] and texts["UCHAIR"] == texts["USECR"]
    assert "försenat, skulle vara klart 14 mars 2025" in texts["C0000"]
