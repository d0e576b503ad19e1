"""Plan and dispatch 10,000 due reminders over 30 channels against a rate-limited fake Slack.

Setup (SQLite file, in-process): 30 bound strategigrupper, each with 10 unbound working groups
whose reminders go out at ten different minutes; 10,000 assignments whose "7 days before"
reminder is due now. The fake Slack (tests/integration/chaos_slack.py) enforces one
``chat.postMessage`` per ``BENCH_INTERVAL`` seconds per channel and answers faster posts with
429 + Retry-After. The default is Slack's real 1 message/s (unscaled: the run takes ~25 s,
since combining leaves ~21 messages per channel); BENCH_INTERVAL=0.25 time-scales the limit 4×
(every bound and time is then a quarter, but arrival jitter weighs 4× more against the interval).
The bound is what the rate limit alone forces: (busiest channel's messages − 1) × interval, the
first post going out at once. Target: plan + dispatch within 1.2× that bound, and combining must
send far fewer than 10,000 messages. The fake runs in a child process (no shared GIL).
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, date, datetime
from multiprocessing import Pipe, Process
from multiprocessing.connection import Connection
from pathlib import Path

REMINDERS, CHANNELS, GROUPS = 10_000, 30, 10
INTERVAL = float(os.environ.get("BENCH_INTERVAL", "1.0"))
START = datetime(2025, 4, 2, 10, 0, tzinfo=UTC)  # a Wednesday; the reminders fell due at 08:00–08:09


def _seed(url: str) -> None:
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade
    from tests.integration.reminder_world import add_assignment, seed_world

    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as s, s.begin():
        world = seed_world(session=s, channels=CHANNELS, children_per_body=GROUPS,
                           settings={"before_days": [7]},
                           child_settings=[{"send_time": f"08:{m:02d}"} for m in range(GROUPS)])
        children = [b for i, b in enumerate(world.body_ids) if i % (GROUPS + 1)]
        for n in range(REMINDERS):
            add_assignment(session=s, tenant_id=world.tenant_id, body_id=children[n % len(children)],
                           due=date(2025, 4, 9), task=f"Uppgift {n}")
    engine.dispose()


def _serve_fake(conn: Connection, interval: float) -> None:
    """Child process: the rate-limited fake, so it does not share the dispatcher's GIL."""
    from tests.integration.chaos_slack import ChaosSlack

    fake = ChaosSlack(min_interval=interval, retry_after=interval).start()
    conn.send(fake.api_url)
    conn.recv()
    fake.stop()
    conn.send((fake.delivered, dict(fake.refused), dict(fake.reminder_counts())))


def main() -> int:
    """Run the benchmark and print its figures; returns 1 when a target is missed."""
    from sqlalchemy import func, select

    from bot.notifiers import NotifierRegistry
    from bot.slack.notifier import SlackNotifier, single_token
    from schedules.planning_pass import run_planning_pass
    from schedules.sweep import SweepConfig, run_sweep
    from storage.db import make_engine, make_session_factory
    from storage.models import OutboxMessage

    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    _seed(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    parent, child = Pipe()
    server = Process(target=_serve_fake, args=(child, INTERVAL), daemon=True)
    server.start()
    api_url = parent.recv()
    offset = START - datetime.now(UTC)

    def clock() -> datetime:  # real time passing, shifted to the benchmark's Wednesday morning
        return datetime.now(UTC) + offset

    notifier = SlackNotifier(token_for=single_token("xoxb-bench"), base_url=api_url)
    registry = NotifierRegistry(notifiers={"slack": notifier}, intervals={"slack": INTERVAL})
    t0 = time.perf_counter()
    planned = run_planning_pass(sessions=sessions, now=clock())
    t_plan = time.perf_counter() - t0
    sweeps = 0
    while True:
        sweeps += 1
        run_sweep(sessions=sessions, registry=registry, clock=clock, config=SweepConfig(workers=CHANNELS))
        with sessions() as s:
            left = s.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.state.in_(("pending", "claimed")), OutboxMessage.send_at <= clock()))
        if not left:
            break
        time.sleep(min(INTERVAL, 0.2))
    total = time.perf_counter() - t0
    parent.send("stop")
    delivered, refused, counts = parent.recv()
    server.join()
    per_channel: dict[str, int] = {}
    for message in delivered:
        per_channel[message["channel"]] = per_channel.get(message["channel"], 0) + 1
    busiest = max(per_channel.values())
    bound = (busiest - 1) * INTERVAL
    ratio = total / bound
    exact = len(counts) == REMINDERS and max(counts.values()) == 1
    print(f"reminders planned: {planned.planned} rows ({REMINDERS} assignments, {CHANNELS} channels)")
    print(f"messages sent: {len(delivered)} (busiest channel {busiest}); 429 answers: {refused.get(429, 0)}; "
          f"sweeps: {sweeps}")
    print(f"each reminder posted exactly once: {exact}")
    print(f"plan: {t_plan:.2f} s; plan + dispatch: {total:.2f} s; rate-limit bound: {bound:.2f} s "
          f"(= ({busiest} − 1) messages × {INTERVAL:g} s); ratio {ratio:.2f} (target ≤ 1.2)")
    engine.dispose()
    return 0 if exact and len(delivered) < REMINDERS and ratio <= 1.2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
