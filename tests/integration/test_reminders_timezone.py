"""The configured time zone reaches the reminders: SAMVERKAN_TIMEZONE=Europe/Helsinki plans and words
"08:00" and "kl. 13:00" in Helsinki, through the planning pass, the sweep, ``reminders dispatch`` and
the scheduler that ``serve`` starts. Europe/Helsinki is an hour ahead of Stockholm all year, so a
Stockholm constant anywhere on the way shows up as 07:00 or «kl. 12:00»."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from schedules.calendar import is_working_day
from storage.models import Meeting, OutboxMessage
from tests.conftest import FixedClock
from tests.integration.reminder_world import add_assignment, seed_world
from tests.recording_notifier import RecordingNotifier

HELSINKI = ZoneInfo("Europe/Helsinki")
SAMVERKAN = Path(sys.executable).parent / "samverkan"


def helsinki_services(url: str, clock: FixedClock | None = None):  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services, utc_clock
    from bot.config import Settings
    from storage.migrate import upgrade

    upgrade(url)
    settings = Settings(SAMVERKAN_DATABASE_URL=url, SAMVERKAN_TIMEZONE="Europe/Helsinki")
    return build_services(settings=settings, clock=clock or utc_clock)


def test_planning_pass_and_sweep_use_the_services_zone(sqlite_url: str) -> None:
    from bot.notifiers import NotifierRegistry
    from schedules.planning_pass import run_planning_pass
    from schedules.sweep import SweepConfig, run_sweep

    due = date(2025, 4, 10)  # a Thursday
    clock = FixedClock(datetime(2025, 4, 9, 12, 0, tzinfo=HELSINKI))
    services = helsinki_services(sqlite_url, clock)
    assert services.zone == HELSINKI
    with services.sessions() as session, session.begin():
        world = seed_world(session=session, channels=1)
        add_assignment(session=session, tenant_id=world.tenant_id, body_id=world.body_ids[0], due=due)
        session.add(Meeting(tenant_id=world.tenant_id, body_id=world.body_ids[0], place="Stadshuset",
                            starts_at=datetime(2025, 4, 17, 13, 0, tzinfo=HELSINKI),
                            created_at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC)))

    run_planning_pass(sessions=services.sessions, now=clock(), zone=services.zone)
    with services.sessions() as session:
        rows = {row.kind: row for row in session.scalars(select(OutboxMessage))}
    assert rows["due_today"].send_at == datetime(2025, 4, 10, 8, 0, tzinfo=HELSINKI)  # 05:00 UTC, not 06:00
    assert rows["meeting_notice"].send_at == datetime(2025, 4, 10, 8, 0, tzinfo=HELSINKI)

    clock.set(datetime(2025, 4, 10, 8, 1, tzinfo=HELSINKI))
    notifier = RecordingNotifier(platform="slack")
    run_sweep(sessions=services.sessions, registry=NotifierRegistry(notifiers={"slack": notifier}, intervals={}),
              clock=clock, config=SweepConfig(), zone=services.zone)
    texts = "\n".join(text for _destination, text in notifier.posts)
    assert "kl. 13:00" in texts and "kl. 12:00" not in texts, texts
    assert "senast i dag" in texts, texts  # the due day is "today" in Helsinki
    services.engine.dispose()


def _past_working_day(today: date) -> date:
    """A working day 4–10 days back: its reminders are all due, and within a 14-day catch-up."""
    return next(day for day in (today - timedelta(days=n) for n in range(4, 11)) if is_working_day(day=day))


def test_reminders_dispatch_plans_in_the_configured_zone(tmp_path: Path) -> None:
    """The real command, whatever today is: a past due day (posted as catch-up) and a meeting ahead."""
    url = f"sqlite:///{tmp_path / 'helsinki.db'}"
    services = helsinki_services(url)
    today = datetime.now(HELSINKI).date()
    due = _past_working_day(today)
    with services.sessions() as session, session.begin():
        world = seed_world(session=session, channels=1, settings={"missed_max_age": "14d"})
        add_assignment(session=session, tenant_id=world.tenant_id, body_id=world.body_ids[0], due=due)
        session.add(Meeting(tenant_id=world.tenant_id, body_id=world.body_ids[0], place="Stadshuset",
                            starts_at=datetime.combine(today + timedelta(days=3), time(13, 0), tzinfo=HELSINKI),
                            created_at=datetime.now(UTC) - timedelta(days=30)))
    services.engine.dispose()

    env = {**os.environ, "SAMVERKAN_DATABASE_URL": url, "SAMVERKAN_TIMEZONE": "Europe/Helsinki"}
    done = subprocess.run([str(SAMVERKAN), "reminders", "dispatch", "--console"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert "Kallelse" in done.stdout and "kl. 13:00" in done.stdout and "kl. 12:00" not in done.stdout, done.stdout

    services = helsinki_services(url)
    with services.sessions() as session:
        due_today = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "due_today")).one()
    assert due_today.send_at == datetime.combine(due, time(8, 0), tzinfo=HELSINKI)
    services.engine.dispose()


def test_serve_scheduler_gets_the_configured_zone(sqlite_url: str) -> None:
    from aiohttp import web

    from bot.reminders_hook import SCHEDULER_KEY, start_reminders, stop_reminders
    from bot.server import SERVICES_KEY

    services = helsinki_services(sqlite_url)
    services.extras["reminder_scheduler"] = True
    app = web.Application()
    app[SERVICES_KEY] = services

    async def start_and_stop() -> object:
        await start_reminders(app)
        try:
            return app[SCHEDULER_KEY].get_job("reminders").kwargs["zone"]  # type: ignore[attr-defined]
        finally:
            await stop_reminders(app)

    assert asyncio.run(start_and_stop()) == HELSINKI
    services.engine.dispose()
