"""Acceptance: 3 `samverkan reminders dispatch` loops, PostgreSQL, a fake Slack, 1,000 reminders.

Every reminder must reach the fake exactly once — also when a share of posts answers 429/500
and one dispatch loop is SIGKILLed mid-run. Posts the killed process had in flight between Slack
accepting them and its commit of ``sent`` are not posted again: after the lease the sweep that
reclaims the rows finds them in ``conversations.history`` by their message metadata (see
schedules/sweep.py) and records them. The test asserts zero duplicates in both runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from schedules.calendar import STOCKHOLM, is_working_day
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.models import OutboxMessage
from tests.integration.chaos_slack import ChaosSlack
from tests.integration.reminder_world import add_assignment, seed_world

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
REMINDERS, CHANNELS, GROUPS = 1000, 30, 10
WORKERS = 4


def last_working_day_before_today() -> date:
    day = datetime.now(STOCKHOLM).date() - timedelta(days=1)
    while not is_working_day(day=day):
        day -= timedelta(days=1)
    return day


def seed(url: str) -> list[int]:
    """1,000 assignments whose single reminder ("7 days before") fell on the last working day, at
    one of ten minutes per channel (ten unbound working groups under each bound strategigrupp)."""
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    day = last_working_day_before_today()
    with sessions() as s, s.begin():
        world = seed_world(session=s, channels=CHANNELS, children_per_body=GROUPS,
                           settings={"before_days": [7], "missed_max_age": "5d"},
                           child_settings=[{"send_time": f"06:{m:02d}"} for m in range(GROUPS)])
        children = [b for i, b in enumerate(world.body_ids) if i % (GROUPS + 1)]
        ids = [add_assignment(session=s, tenant_id=world.tenant_id, body_id=children[n % len(children)],
                              due=day + timedelta(days=7), task=f"Uppgift {n}").id for n in range(REMINDERS)]
    engine.dispose()
    return ids


def loop(*, url: str, fake: ChaosSlack, rounds: int, log: Path, token: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SAMVERKAN_DATABASE_URL": url, "SLACK_BOT_TOKEN": token, "SLACK_API_URL": fake.api_url,
           "SLACK_SIGNING_SECRET": "s", "SAMVERKAN_LOG_LEVEL": "WARNING"}
    script = (f"for i in $(seq {rounds}); do {sys.executable} -m bot reminders dispatch --lease-seconds 10 --backoff-seconds 1 "
              f"--pace 0.05 --workers {WORKERS} || exit 1; sleep 0.3; done")
    return subprocess.Popen(["bash", "-c", script], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))


def settled(url: str) -> bool:
    engine = make_engine(url)
    with engine.connect() as conn:
        open_rows = conn.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.subject_type == "assignment", OutboxMessage.state.in_(("pending", "claimed"))))
    engine.dispose()
    return open_rows == 0


def rows_of(url: str, ids: object) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = conn.execute(select(OutboxMessage.key, OutboxMessage.state, OutboxMessage.attempts,
                                    OutboxMessage.claimed_by, OutboxMessage.platform_message_id).where(
            OutboxMessage.subject_type == "assignment", OutboxMessage.subject_id.in_(list(ids)))).all()
    engine.dispose()
    return [tuple(row) for row in found]


@pytest.mark.parametrize("chaos", [False, True], ids=["clean", "429-500-and-sigkill"])
def test_three_dispatch_loops_post_each_reminder_once(postgres_url: str, chaos: bool, tmp_path: Path) -> None:
    ids = seed(postgres_url)
    fake = ChaosSlack(failure_share=0.15 if chaos else 0.0, latency=0.02, retry_after=1).start()
    started = time.monotonic()
    logs = [tmp_path / f"dispatch-{n}.log" for n in range(3)]
    procs = [loop(url=postgres_url, fake=fake, rounds=60, log=log, token=f"xoxb-test-{n}")
             for n, log in enumerate(logs)]
    killed: list[int] = []

    def kill_in_the_window(authorization: str) -> None:
        """SIGKILL the first loop (and the dispatch it runs) once it has had 60 posts accepted,
        right after Slack accepted one of its posts and before the answer reaches it: the post
        is on Slack, its rows stay claimed and unrecorded."""
        if authorization.endswith("xoxb-test-0") and len(fake.delivered) >= 60 and not killed:
            killed.append(1)
            os.killpg(procs[0].pid, signal.SIGKILL)

    if chaos:
        fake.on_accept = kill_in_the_window
    try:
        while time.monotonic() - started < 75:
            if set(fake.reminder_counts()) >= set(ids) and settled(postgres_url):
                break
            time.sleep(0.25)
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        fake.stop()
    counts = fake.reminder_counts()
    missing = set(ids) - set(counts)
    duplicated = {n: c for n, c in counts.items() if c > 1}
    recovered = sum(log.read_text().count("already posted") for log in logs)
    print(f"chaos={chaos}: {len(fake.delivered)} messages, refused {dict(fake.refused)}, "
          f"duplicated reminders {len(duplicated)}, lookups {len(fake.of('conversations.history'))}, "
          f"messages found already posted {recovered}, {time.monotonic() - started:.1f} s")
    assert not missing, f"{len(missing)} reminders never posted"
    assert set(counts) == set(ids)
    if chaos:
        assert killed and fake.refused[429] and fake.refused[500]
        # The killed process's accepted post (at least the one it was killed on) was found by the
        # process that took its rows over, and recorded instead of posted again.
        assert recovered >= 1, [log.read_text()[-3000:] for log in logs]
    # Also the crash window is closed: what the killed process had posted was found, not re-posted.
    assert not duplicated, (rows_of(postgres_url, duplicated), [log.read_text()[-3000:] for log in logs],
                            [m for m in fake.delivered if any(f"#{n} " in str(m["text"]) for n in duplicated)])
    assert settled(postgres_url)
    assert len(fake.delivered) < REMINDERS  # combined: one message per channel and minute (+ digests)
    assert time.monotonic() - started < 80
