"""Faults: the Web API and the connector failing, and PostgreSQL dropping every connection.

Reminders go through the real planning pass, sweep and platform notifiers against local fakes
that answer 429, 500, sleep past the client's timeout or close the socket; the sweep is run
again as its retry times come due, and every reminder arrives (exactly once where the platform
never accepted the failed attempt). PostgreSQL "restarts" are simulated by terminating every
backend of the test's own database at a chosen moment (never the server, never another database).
The process killed mid-sweep is covered by tests/integration/test_reminders_acceptance.py.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from bot.notifiers import NotifierRegistry
from bot.slack.notifier import SlackNotifier, single_token
from schedules.calendar import STOCKHOLM
from schedules.planning_pass import run_planning_pass
from schedules.retry import RetryPolicy
from schedules.sweep import SweepConfig, run_sweep
from storage.db import make_engine, make_session_factory, normalise_url
from storage.migrate import upgrade
from storage.models import Assignment, OutboxMessage, Paragraph
from tests.fakes import slack_api
from tests.fakes.slack_api import FakeSlack
from tests.integration.chaos_slack import REMINDER_ID
from tests.integration.reminder_world import add_assignment, seed_world

MONDAY = datetime(2025, 4, 7, 8, 5, tzinfo=STOCKHOLM)  # due Thursday: "3 days before" is today
DUE = date(2025, 4, 10)


@dataclass
class FaultySlack(FakeSlack):
    """``chat.postMessage`` answers from ``script`` first (429, 500, "sleep", "drop"), then accepts."""

    script: list[str] = field(default_factory=list)
    sleep: float = 1.5
    delivered: list[str] = field(default_factory=list)
    faults: Counter[str] = field(default_factory=Counter)
    _gate: threading.Lock = field(default_factory=threading.Lock)

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        if not request.path.startswith("/api/chat.postMessage"):
            super()._handle(request)
            return
        args = slack_api.read_args(request)
        with self._gate:
            fault = self.script.pop(0) if self.script else ""
            if fault:
                self.faults[fault] += 1
        if fault == "429":
            self._send(request, 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"})
        elif fault == "500":
            self._send(request, 500, {"ok": False, "error": "fatal_error"}, {})
        elif fault == "sleep":  # past the client's timeout; the client gives up, nothing is accepted
            time.sleep(self.sleep)
            request.close_connection = True
        elif fault == "drop":  # the connection closes without an answer
            request.close_connection = True
            request.connection.close()
        else:
            with self._gate:
                self.delivered.append(f"{args.get('text')} {args.get('blocks')}")
            self._send(request, 200, {"ok": True, "channel": args.get("channel"), "ts": f"{time.time():.6f}"}, {})

    def counts(self) -> Counter[int]:
        with self._gate:
            return Counter(int(n) for message in self.delivered for n in set(REMINDER_ID.findall(message)))


def seed(url: str, *, channels: int, per_channel: int) -> list[int]:
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as s, s.begin():
        world = seed_world(session=s, channels=channels, settings={"before_days": [3]})
        ids = [add_assignment(session=s, tenant_id=world.tenant_id, body_id=world.body_ids[n % channels], due=DUE,
                              task=f"Uppgift {n}").id for n in range(channels * per_channel)]
    engine.dispose()
    return ids


def sweep_until_settled(sessions, registry, *, start: datetime, rounds: int = 12,  # type: ignore[no-untyped-def]
                        step: timedelta = timedelta(minutes=2), lease: timedelta = timedelta(minutes=5)) -> None:
    now = start
    config = SweepConfig(workers=4, lease=lease, retry=RetryPolicy(base=timedelta(seconds=30)))
    for _ in range(rounds):
        run_planning_pass(sessions=sessions, now=now)
        run_sweep(sessions=sessions, registry=registry, clock=lambda n=now: n, config=config, rng=random.Random(1))
        with sessions() as s:
            open_rows = s.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.subject_type == "assignment", OutboxMessage.state.in_(("pending", "claimed"))))
        if not open_rows:
            return
        now += step


def test_slack_429_500_timeout_and_dropped_connection_lose_no_reminder(sqlite_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("bot.slack.clients.TIMEOUT_SECONDS", 0.5)  # the fake sleeps 1.5 s
    ids = seed(sqlite_url, channels=4, per_channel=1)
    fake = FaultySlack(script=["429", "500", "sleep", "drop", "drop", "500", "sleep"]).start()
    engine = make_engine(sqlite_url)
    try:
        registry = NotifierRegistry(notifiers={"slack": SlackNotifier(token_for=single_token("xoxb-t"),
                                                                     base_url=fake.api_url)},
                                    intervals={"slack": 0.0})
        sweep_until_settled(make_session_factory(engine), registry, start=MONDAY)
        counts = fake.counts()
        assert set(counts) == set(ids), (counts, fake.faults)  # nothing lost
        assert set(counts.values()) == {1}, counts  # no failed attempt was accepted, so none twice
        assert fake.faults == Counter({"429": 1, "500": 2, "sleep": 2, "drop": 2})  # every fault was hit
        with engine.connect() as conn:
            states = Counter(conn.execute(select(OutboxMessage.state).where(
                OutboxMessage.subject_type == "assignment")).scalars())
            assert states == Counter({"sent": len(ids)})
    finally:
        fake.stop()
        engine.dispose()


@contextmanager
def teams_world(sqlite_url: str, *, channels: int) -> Iterator[tuple[list[int], Any, Any, NotifierRegistry]]:
    """Seeded reminders whose channels are Teams conversations on a fake connector; yields
    (assignment ids, connector, session factory, registry with the real TeamsNotifier)."""
    from bot.config import Settings
    from bot.teams.app import build_adapter
    from bot.teams.notifier import TeamsNotifier
    from bot.teams.retry import RetryPolicy as TeamsRetry
    from storage.models import ChannelBinding
    from tests.fakes.bf_connector import FakeConnector

    ids = seed(sqlite_url, channels=channels, per_channel=1)
    engine = make_engine(sqlite_url)
    sessions = make_session_factory(engine)
    try:
        with FakeConnector() as connector:
            with sessions() as s, s.begin():
                for binding in s.scalars(select(ChannelBinding)):
                    binding.platform = "teams"
                    binding.conversation_reference = {
                        "conversation": {"id": f"19:{binding.channel_id}@thread.tacv2", "conversationType": "channel"},
                        "serviceUrl": connector.url, "channelId": "msteams", "bot": {"id": "28:bot"}}
                s.execute(text("UPDATE tenant SET platform = 'teams'"))
            adapter = build_adapter(settings=Settings(MICROSOFT_APP_ID=""),
                                    retry=TeamsRetry(attempts=2, base_delay=0.01))
            registry = NotifierRegistry(notifiers={"teams": TeamsNotifier(adapter=adapter, app_id="")},
                                        intervals={"teams": 0.0})
            yield ids, connector, sessions, registry
    finally:
        engine.dispose()


def delivered_counts(connector: Any) -> Counter[int]:
    return Counter(int(n) for r in connector.delivered for n in set(REMINDER_ID.findall(str(r.activity))))


def outbox_states(sessions: Any) -> Counter[str]:
    with sessions() as s:
        return Counter(s.scalars(select(OutboxMessage.state).where(OutboxMessage.subject_type == "assignment")))


def test_teams_connector_429_and_500_lose_no_reminder(sqlite_url: str) -> None:
    with teams_world(sqlite_url, channels=2) as (ids, connector, sessions, registry):
        connector.fail_next(429, 429, 500, 500, 502, retry_after=0.05)
        sweep_until_settled(sessions, registry, start=MONDAY)
        delivered = delivered_counts(connector)
        statuses = Counter(r.status for r in connector.received)
        assert statuses[429] == 2 and statuses[500] == 2 and statuses[502] == 1
        assert set(delivered) == set(ids) and set(delivered.values()) == {1}, delivered


def test_teams_connector_timeout_and_dropped_connection_lose_no_reminder(sqlite_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The connector never answers: it sleeps past the client's timeout, or closes the socket.
    Neither attempt was accepted, so every reminder arrives exactly once, on a later sweep."""
    from tests.fakes.bf_connector import NO_ANSWER

    monkeypatch.setattr("bot.teams.connectors.TIMEOUT_SECONDS", 0.5)  # the fake sleeps 1.5 s
    with teams_world(sqlite_url, channels=3) as (ids, connector, sessions, registry):
        connector.misbehave_next("sleep", "drop", "drop", "sleep", sleep=1.5, matching="uppdrag #")
        sweep_until_settled(sessions, registry, start=MONDAY)
        delivered = delivered_counts(connector)
        unanswered = [r for r in connector.received if r.status == NO_ANSWER]
        assert len(unanswered) == 4, [r.status for r in connector.received]  # every fault was hit
        assert set(delivered) == set(ids), delivered  # nothing lost
        assert set(delivered.values()) == {1}, delivered  # nothing twice
        assert outbox_states(sessions) == Counter({"sent": len(ids)})


def test_teams_post_accepted_after_the_client_timed_out_is_sent_once_more(sqlite_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Teams has no idempotency key: when the connector accepts a post only after the client gave
    up, the bot cannot know and posts it again — one duplicate of that one message, no more."""
    monkeypatch.setattr("bot.teams.connectors.TIMEOUT_SECONDS", 0.5)
    with teams_world(sqlite_url, channels=3) as (ids, connector, sessions, registry):
        connector.misbehave_next("late", sleep=1.5, matching="uppdrag #")
        sweep_until_settled(sessions, registry, start=MONDAY)
        delivered = delivered_counts(connector)
        assert set(delivered) == set(ids), delivered
        assert sorted(delivered.values()) == [1] * (len(ids) - 1) + [2], delivered
        assert outbox_states(sessions) == Counter({"sent": len(ids)})


# --- PostgreSQL: every connection of the test database terminated ------------------------------
def terminate_backends(db_url: str) -> int:
    """What a PostgreSQL restart does to us: every backend of this one database is gone."""
    name = db_url.rsplit("/", 1)[1]
    admin = create_engine(normalise_url(db_url).rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name}).scalar()
    admin.dispose()
    return int(killed or 0)


@pytest.mark.postgres
def test_database_restart_in_the_middle_of_a_command(postgres_url: str, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handlers.commands.decisions as decisions
    from tests.trust.conftest import SCENARIO_A, line_of, running_trio

    with running_trio(postgres_url, clock) as trio:
        for line in SCENARIO_A[:3]:
            assert trio.a(*line_of(line)).status_code == 200
        original = decisions.store_paragraph
        killed: list[int] = []

        def store_then_lose_the_database(*args, **kwargs):  # type: ignore[no-untyped-def]
            paragraph = original(*args, **kwargs)
            args[0].flush() if args else kwargs["session"].flush()  # the rows are written …
            killed.append(terminate_backends(postgres_url))  # … and the database goes away before commit
            return paragraph

        monkeypatch.setattr(decisions, "store_paragraph", store_then_lose_the_database)
        answer = trio.a("/beslut", "registrera § 50 Halvvägs dnr UTB 22/50 möte 2022-03-30: "
                                   "1. uppdra åt skolchef att utreda saken senast 2022-06-01.")
        assert killed and killed[0] >= 1
        assert answer.status_code == 200
        assert "Något gick fel hos mig, och ingenting har sparats" in answer.json()["text"]
        monkeypatch.setattr(decisions, "store_paragraph", original)
        with trio.services.sessions() as s:  # nothing half-applied
            assert s.scalar(select(func.count()).select_from(Paragraph).where(Paragraph.number == 50)) == 0
            assert s.scalar(select(func.count()).select_from(Assignment).where(
                Assignment.task.like("%utreda saken%"))) == 0
        again = trio.a("/beslut", "registrera § 50 Halvvägs dnr UTB 22/50 möte 2022-03-30: "
                                  "1. uppdra åt skolchef att utreda saken senast 2022-06-01.")
        assert again.status_code == 200 and "registrerad" in again.json()["text"]  # pool_pre_ping: next one works
        assert trio.a("/beslut", "UTB 22/50").status_code == 200


@pytest.mark.postgres
def test_database_restart_in_the_middle_of_a_sweep(postgres_url: str) -> None:
    """The connection dies right after Slack accepted a post and before ``sent`` is committed:
    that one message is posted again after the lease (the documented crash window), no other."""
    ids = seed(postgres_url, channels=4, per_channel=3)
    fake = FaultySlack().start()
    engine = make_engine(postgres_url)
    sessions = make_session_factory(engine)
    inner = SlackNotifier(token_for=single_token("xoxb-t"), base_url=fake.api_url)
    kills: list[int] = []

    class Notifier:
        platform = "slack"

        def post(self, *, destination, reply):  # type: ignore[no-untyped-def]
            message_id = inner.post(destination=destination, reply=reply)
            if not kills:
                kills.append(terminate_backends(postgres_url))
            return message_id

    try:
        registry = NotifierRegistry(notifiers={"slack": Notifier()}, intervals={"slack": 0.0})
        sweep_until_settled(sessions, registry, start=MONDAY, step=timedelta(minutes=3),
                            lease=timedelta(minutes=5))
        counts = fake.counts()
        assert kills and kills[0] >= 1
        assert set(counts) == set(ids), "a reminder was lost"
        duplicated = {n: c for n, c in counts.items() if c > 1}
        assert len(duplicated) <= 3 and all(c == 2 for c in duplicated.values()), duplicated  # one message
        with engine.connect() as conn:
            assert set(conn.execute(select(OutboxMessage.state).where(
                OutboxMessage.subject_type == "assignment")).scalars()) == {"sent"}
    finally:
        fake.stop()
        engine.dispose()
