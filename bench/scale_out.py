"""Scale-out: one ``samverkan serve`` against two, on one PostgreSQL database, same load.

Each phase gets a fresh PostgreSQL database (created here, dropped afterwards), seeded like
``bench.load_slack``, and the same mix of signed slash commands from 20 concurrent clients (70 %
lookups, 30 % writes). With two processes the load generator spreads the requests round-robin
over both, as a load balancer would. The peer is the single process, measured in the same run;
the target is ≥ 1.7× its throughput with zero errors, every write stored exactly once.
``SCALE_REQUESTS`` (default 4,000) sets the measured requests per phase; a warm-up precedes them.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import ExitStack

from bench._load import CLIENTS, database, is_write, report, serve
from bench.load_slack import SECRET, TEAM, load, prepare, stored

REQUESTS = int(os.environ.get("SCALE_REQUESTS", "4000"))
WARMUP = 400
TARGET = 1.7


def _phase(processes: int, fake) -> tuple[float, bool]:  # type: ignore[no-untyped-def]
    """Requests/s of ``processes`` servers on one fresh database, and whether the run was clean."""
    with database("postgres") as db_url:
        prepare(db_url)
        env = {"SAMVERKAN_DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-load", "SLACK_SIGNING_SECRET": SECRET,
               "SLACK_API_URL": fake.api_url, "SLACK_APP_TOKEN": "", "SLACK_CLIENT_ID": "", "MICROSOFT_APP_ID": ""}
        with ExitStack() as stack:
            bases = [stack.enter_context(serve(env)) for _ in range(processes)]
            asyncio.run(load(bases, WARMUP, fake, first=0))
            latencies, wall, errors = asyncio.run(load(bases, REQUESTS, fake, first=WARMUP))
        numbers = range(WARMUP + REQUESTS)
        writes = sum(1 for n in numbers if is_write(n))
        ok = report(f"{processes} process{'es' if processes > 1 else ''}", latencies, wall, errors, writes=writes,
                    stored=stored(db_url, numbers=numbers))
    return len(latencies) / wall, ok


def main() -> int:
    from tests.fakes.slack_api import FakeSlack

    print(f"scale-out on PostgreSQL: {REQUESTS} signed slash commands per phase (+{WARMUP} warm-up), "
          f"{CLIENTS} concurrent clients, 70 % lookups / 30 % writes, {os.cpu_count()} cores", flush=True)
    fake = FakeSlack(team_id=TEAM).start()
    try:
        one, one_ok = _phase(1, fake)
        two, two_ok = _phase(2, fake)
    finally:
        fake.stop()
    ratio = two / one
    print(f"  throughput ratio 2 processes / 1 process: {ratio:.2f}× (target ≥ {TARGET}×, zero errors)", flush=True)
    return 0 if one_ok and two_ok and ratio >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
