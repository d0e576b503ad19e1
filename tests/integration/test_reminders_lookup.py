"""Verify before re-post: rows a dead claimer may have posted are looked up on Slack first.

A sweep "dies" right after the fake Slack accepted a post (the notifier raises after posting, so
``sent`` is never committed and the rows stay claimed). After the lease another sweep reclaims
them, finds the post by its message metadata in ``conversations.history`` and records it instead
of posting again. Runs on SQLite and, when configured, on PostgreSQL.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect, select

from bot.notifiers import NotifierRegistry
from bot.slack.notifier import METADATA_EVENT, SlackNotifier, single_token
from handlers.notify import DeliveryError, Destination, PostMarker
from handlers.reply import Reply, Section
from schedules.calendar import STOCKHOLM, is_working_day
from schedules.planning_pass import run_planning_pass
from schedules.retry import RetryPolicy
from schedules.sweep import SweepConfig, run_sweep
from storage.db import make_engine, make_session_factory
from storage.migrate import downgrade, upgrade
from storage.models import OutboxMessage
from tests.conftest import FixedClock
from tests.fakes.slack_api import FakeSlack
from tests.integration.reminder_world import add_assignment, seed_world
from tests.recording_notifier import RecordingNotifier

REMINDER_ID = re.compile(r"uppdrag #(\d+)")
LEASE = timedelta(minutes=5)


class Died(RuntimeError):
    """The process "dies": nothing after this point of the sweep happens."""


class DiesAfterPosting:
    """Posts through ``inner`` and then dies before the sweep can record the post."""

    def __init__(self, inner: object, *, before: bool = False) -> None:
        self.inner = inner
        self.platform = "slack"
        self.before = before  # die after the claim, before anything is posted
        if hasattr(inner, "find_posted"):
            self.find_posted = inner.find_posted  # type: ignore[attr-defined]

    def post(self, **kwargs):  # type: ignore[no-untyped-def]
        if not self.before:
            self.inner.post(**kwargs)  # type: ignore[attr-defined]
        raise Died("killed")


def last_working_day_before_today() -> date:
    day = datetime.now(STOCKHOLM).date() - timedelta(days=1)
    while not is_working_day(day=day):
        day -= timedelta(days=1)
    return day


@pytest.fixture
def world(any_db_url: str):  # type: ignore[no-untyped-def]
    """Two channels, three reminders each, due now (planned at the real time: the fake's ts are real)."""
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    sessions = make_session_factory(engine)
    with sessions() as s, s.begin():
        w = seed_world(session=s, channels=2, settings={"before_days": [7], "missed_max_age": "5d"})
        ids = [add_assignment(session=s, tenant_id=w.tenant_id, body_id=w.body_ids[n % 2],
                              due=last_working_day_before_today() + timedelta(days=7), task=f"Uppgift {n}").id
               for n in range(6)]
    now = datetime.now(STOCKHOLM)  # not UTC: the attempt time must be stored as the same instant
    run_planning_pass(sessions=sessions, now=now)
    fake = FakeSlack(real_ts=True).start()
    yield sessions, ids, fake, FixedClock(now)
    fake.stop()
    engine.dispose()


def sweep(sessions, notifier, clock):  # type: ignore[no-untyped-def]
    registry = NotifierRegistry(notifiers={"slack": notifier}, intervals={"slack": 0.0})
    return run_sweep(sessions=sessions, registry=registry, clock=clock, rng=random.Random(1),
                     config=SweepConfig(lease=LEASE, workers=2, retry=RetryPolicy(base=timedelta(seconds=30))))


def posted_reminders(fake: FakeSlack) -> Counter[int]:
    """How many accepted posts (the fake's history; refused calls are not in it) named each uppdrag."""
    return Counter(int(n) for messages in fake.history.values() for message in messages
                   for n in set(REMINDER_ID.findall(str(message["text"]))))


def due_rows(sessions, clock) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    """Every row due now: the reminders and, some days, the channels' weekly digests."""
    with sessions() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.send_at <= clock())
                              .order_by(OutboxMessage.id)))


def rows_in(call) -> set[int]:  # type: ignore[no-untyped-def]
    return {int(n) for n in call.args["metadata"]["event_payload"]["rows"].split(",")}


def test_post_accepted_before_the_crash_is_found_and_not_posted_again(world) -> None:  # type: ignore[no-untyped-def]
    sessions, ids, fake, clock = world
    due = len(due_rows(sessions, clock))
    slack = SlackNotifier(token_for=single_token("xoxb-test"), base_url=fake.api_url)
    first = sweep(sessions, DiesAfterPosting(slack), clock)
    accepted = fake.of("chat.postMessage")
    assert first.sent == 0 and len(accepted) == 2  # one message per channel reached Slack, none recorded
    assert {r.state for r in due_rows(sessions, clock)} == {"claimed"}
    claimed = {r.id: r.post_attempt for r in due_rows(sessions, clock)}
    assert {r.post_attempt_at for r in due_rows(sessions, clock)} == {clock()}
    for call in accepted:  # the marker was committed with the claim, before the post
        metadata = call.args["metadata"]
        assert metadata["event_type"] == METADATA_EVENT
        assert {claimed[row] for row in rows_in(call)} == {metadata["event_payload"]["batch"]}
    on_slack = set().union(*(rows_in(call) for call in accepted))

    assert sweep(sessions, slack, clock).claimed == 0  # within the lease nobody touches the rows
    clock.set(clock() + LEASE + timedelta(seconds=1))
    second = sweep(sessions, slack, clock)
    assert second.reclaimed == due and second.recovered == len(on_slack) and second.sent == due
    later = fake.of("chat.postMessage")[2:]
    assert not on_slack & set().union(set(), *(rows_in(call) for call in later))  # found: not posted again
    assert posted_reminders(fake) == Counter({n: 1 for n in ids})
    history = fake.of("conversations.history")
    assert len(history) == 2 and all(str(c.args["include_all_metadata"]).lower() in ("1", "true") for c in history)
    first_ts = {f"{c.args['channel']}:{m['ts']}" for c in accepted for m in fake.history[c.args["channel"]][:1]}
    for row in due_rows(sessions, clock):
        assert row.state == "sent"
        if row.id in on_slack:
            assert row.platform_message_id in first_ts  # the message id of the post that was found


def test_rows_claimed_but_never_posted_are_posted_once_after_the_lease(world) -> None:  # type: ignore[no-untyped-def]
    sessions, ids, fake, clock = world
    due = len(due_rows(sessions, clock))
    slack = SlackNotifier(token_for=single_token("xoxb-test"), base_url=fake.api_url)
    sweep(sessions, DiesAfterPosting(slack, before=True), clock)
    assert fake.of("chat.postMessage") == [] and {r.state for r in due_rows(sessions, clock)} == {"claimed"}
    clock.set(clock() + LEASE + timedelta(seconds=1))
    second = sweep(sessions, slack, clock)
    assert second.recovered == 0 and second.sent == due
    assert len(fake.of("conversations.history")) == 2  # asked (once per channel), found nothing, posted
    assert posted_reminders(fake) == Counter({n: 1 for n in ids})
    rows = {r.id: r.post_attempt for r in due_rows(sessions, clock)}
    for call in fake.of("chat.postMessage"):  # posted under the new attempt, which the rows now carry
        assert {rows[row] for row in rows_in(call)} == {call.args["metadata"]["event_payload"]["batch"]}


def test_history_failing_retries_later_without_posting_or_giving_up(world) -> None:  # type: ignore[no-untyped-def]
    sessions, ids, fake, clock = world
    due = len(due_rows(sessions, clock))
    slack = SlackNotifier(token_for=single_token("xoxb-test"), base_url=fake.api_url)
    sweep(sessions, DiesAfterPosting(slack), clock)
    markers = {r.id: r.post_attempt for r in due_rows(sessions, clock)}
    clock.set(clock() + LEASE + timedelta(seconds=1))
    fake.fail("conversations.history", status=500, times=2)
    failed = sweep(sessions, slack, clock)
    assert failed.sent == 0 and failed.retried == due and failed.failed == 0
    assert len(fake.of("chat.postMessage")) == 2  # not posted again while Slack cannot say
    rows = due_rows(sessions, clock)
    assert {r.state for r in rows} == {"pending"} and {r.id: r.post_attempt for r in rows} == markers
    assert all(r.next_attempt_at > clock() for r in rows)
    assert sweep(sessions, slack, clock).claimed == 0  # not before the backoff
    clock.set(clock() + timedelta(minutes=2))
    fake.fail("conversations.history", status=429, retry_after=20, times=2)
    limited = sweep(sessions, slack, clock)
    assert limited.claimed == due and limited.sent == 0 and len(fake.of("chat.postMessage")) == 2
    clock.set(clock() + timedelta(minutes=2))
    final = sweep(sessions, slack, clock)
    assert final.recovered == sum(len(rows_in(call)) for call in fake.of("chat.postMessage")[:2])
    assert posted_reminders(fake) == Counter({n: 1 for n in ids})  # none lost, none twice
    assert {r.state for r in due_rows(sessions, clock)} == {"sent"}


def test_refused_post_drops_the_marker_and_ambiguous_one_keeps_it(world) -> None:  # type: ignore[no-untyped-def]
    sessions, ids, fake, clock = world
    slack = SlackNotifier(token_for=single_token("xoxb-test"), base_url=fake.api_url)
    fake.fail("chat.postMessage", status=429, retry_after=60, times=2)  # refused: cannot be on Slack
    sweep(sessions, slack, clock)
    assert {(r.state, r.post_attempt) for r in due_rows(sessions, clock)} == {("pending", None)}
    clock.set(clock() + timedelta(minutes=2))
    fake.fail("chat.postMessage", status=500, times=2)  # each channel's first message: maybe accepted
    sweep(sessions, slack, clock)
    ambiguous = [r for r in due_rows(sessions, clock) if r.state == "pending"]
    assert ambiguous and all(r.post_attempt and "500" in (r.last_error or "") for r in ambiguous)
    assert not fake.of("conversations.history")  # nothing so far needed a lookup
    clock.set(clock() + timedelta(minutes=2))
    done = sweep(sessions, slack, clock)
    # the ambiguous posts (one claim per channel) are looked up first, once per channel
    assert len(fake.of("conversations.history")) == len({r.destination for r in ambiguous})
    assert done.recovered == 0 and done.sent == len(ambiguous)
    assert posted_reminders(fake) == Counter({n: 1 for n in ids})


def test_notifier_without_lookup_posts_again_at_least_once(world) -> None:  # type: ignore[no-untyped-def]
    """Teams and the terminal cannot look back: the documented at-least-once window."""
    sessions, ids, fake, clock = world
    due = len(due_rows(sessions, clock))
    recording = RecordingNotifier()
    sweep(sessions, DiesAfterPosting(recording), clock)
    assert len(recording.posts) == 2
    clock.set(clock() + LEASE + timedelta(seconds=1))
    again = sweep(sessions, recording, clock)
    assert again.recovered == 0 and again.sent == due
    first, later = recording.posts[:2], recording.posts[2:]
    assert len(later) == again.messages and all(post in later for post in first)  # in flight when it died: twice


def test_find_posted_needs_every_page_and_unreadable_history_is_unknown() -> None:
    fake = FakeSlack(real_ts=True).start()
    try:
        slack = SlackNotifier(token_for=single_token("xoxb-test"), base_url=fake.api_url)
        channel = Destination(platform="slack", tenant_external_id="T0001", kind="channel", address="C0LOOK")
        since = datetime.now(UTC)
        marker = PostMarker(batch="a1", rows=(7, 8))
        long_reply = Reply(title="Lång", sections=tuple(Section(heading=f"Del {n}", lines=(f"rad {n}",))
                                                        for n in range(60)))
        message_id = slack.post(destination=channel, reply=long_reply, marker=marker)
        pages = fake.of("chat.postMessage")
        assert len(pages) >= 2 and all(p.args["metadata"]["event_payload"]["batch"] == "a1" for p in pages)
        assert slack.find_posted(destination=channel, marker=marker, since=since) == {7: message_id, 8: message_id}
        assert slack.find_posted(destination=channel, marker=PostMarker(batch="other", rows=(7,)), since=since) == {}
        assert slack.find_posted(destination=channel, marker=marker, since=since + timedelta(hours=1)) == {}
        fake.history["C0LOOK"].pop()  # the last page never arrived: the post is not complete
        assert slack.find_posted(destination=channel, marker=marker, since=since) == {}
        fake.fail("conversations.history", error="not_in_channel")
        assert slack.find_posted(destination=channel, marker=marker, since=since) is None
        fake.fail("conversations.history", status=500)
        with pytest.raises(DeliveryError):
            slack.find_posted(destination=channel, marker=marker, since=since)
    finally:
        fake.stop()


def test_migration_0006_adds_and_drops_the_marker_columns(sqlite_url: str) -> None:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    columns = {c["name"] for c in inspect(engine).get_columns("outbox_message")}
    assert {"post_attempt", "post_attempt_at"} <= columns
    downgrade(sqlite_url, revision="0005")
    engine.dispose()
    engine = make_engine(sqlite_url)
    assert not {"post_attempt", "post_attempt_at"} & {c["name"] for c in inspect(engine).get_columns("outbox_message")}
    upgrade(sqlite_url)
    engine.dispose()
    engine = make_engine(sqlite_url)
    assert {"post_attempt", "post_attempt_at"} <= {c["name"] for c in inspect(engine).get_columns("outbox_message")}
    engine.dispose()
