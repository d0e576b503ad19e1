"""§ numbers under concurrency on PostgreSQL (issue #15).

Several bot processes share one PostgreSQL database. Two decisions without a § typed at the same
moment in one body used to both take max+1; one then failed on the unique (tenant, body, year,
number) with «Något gick fel». The number is now allocated in the database and retried on
conflict, so every registration gets its own consecutive number and nobody sees an error.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import Paragraph
from tests.conftest import FixedClock
from tests.scenarios.seed_scripts import SECRETARY

BODY = "Utbildningsnämndens arbetsutskott"
THREADS = 20


def test_concurrent_unnumbered_registrations_get_distinct_consecutive_numbers(postgres_url: str) -> None:
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch
    from storage.migrate import upgrade

    upgrade(postgres_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=postgres_url),
                              clock=FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC)))
    try:
        def chat(line: str) -> tuple[str, str]:
            reply = dispatch(invocation_for(line, user=SECRETARY, channel="utb-au"), services=services)
            return reply.tone or "", render_text(reply)

        for line in (f'samverkan organ ny "{BODY}" kort UTB typ arbetsutskott', f"samverkan kanal {BODY}",
                     "mote ny 2022-03-30 kl. 13:00"):
            tone, out = chat(line)
            assert tone == "success", (line, out)

        start = threading.Barrier(THREADS)
        replies: list[tuple[str, str] | None] = [None] * THREADS

        def register(index: int) -> None:
            start.wait(timeout=30)
            replies[index] = chat(f"beslut registrera Samtidigt beslut {index} möte 2022-03-30: "
                                  f"att notera rapport {index}")

        workers = [threading.Thread(target=register, args=(i,)) for i in range(THREADS)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert all(not w.is_alive() for w in workers)
        failures = [r for r in replies if r is None or r[0] != "success"]
        assert not failures, failures

        with services.sessions() as session:
            rows = session.execute(select(Paragraph.number, Paragraph.title)).all()
        numbers = sorted(number for number, _ in rows)
        assert numbers == list(range(1, THREADS + 1))
        assert sorted(title for _, title in rows) == sorted(f"Samtidigt beslut {i}" for i in range(THREADS))
        for number, title in rows:  # each reply names the number its own decision got
            index = int(title.rsplit(" ", 1)[1])
            assert f"§ {number} är registrerad" in replies[index][1], replies[index]
    finally:
        services.extras["engine"].dispose()
