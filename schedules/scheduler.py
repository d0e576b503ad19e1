"""APScheduler 3.x in ``samverkan serve``: triggers a planning pass and a sweep periodically.

The scheduler only *triggers*; which row is posted by whom is decided in the database (claims),
so any number of serve processes can run it. Its job store is in memory and holds one job: a
shared ``SQLAlchemyJobStore`` would make several processes run the same job (APScheduler's FAQ
forbids sharing it), and nothing needs to survive a restart — the outbox does. A catch-up run
starts immediately, so what fell due while the process was down goes out at start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from handlers.deliveries import prune as prune_deliveries
from schedules.calendar import DEFAULT_ZONE
from schedules.planning_pass import run_planning_pass
from schedules.sweep import SweepConfig, run_sweep

log = logging.getLogger("samverkan.reminders")
JOB_ID = "reminders"


def reminder_tick(
    *, sessions: sessionmaker[Session], registry: object, clock: Callable[[], datetime],
    config: SweepConfig | None = None, zone: ZoneInfo = DEFAULT_ZONE, before: Callable[[], object] | None = None,
) -> None:
    """Forget old delivery keys, one planning pass, then one sweep; errors are logged, the next tick tries again.

    ``zone`` is the deployment's time zone (``Services.zone``): reminders are planned and worded in it.
    ``before`` runs first in the tick's thread: the server gives each tick its own log id with it, so one
    sweep's lines are found together, as one HTTP request's are."""
    if before is not None:
        before()
    try:
        with sessions() as session, session.begin():
            prune_deliveries(session, now=clock())
        planned = run_planning_pass(sessions=sessions, now=clock(), zone=zone)
        swept = run_sweep(sessions=sessions, registry=registry, clock=clock, config=config, zone=zone)
        if swept.claimed or planned.written or planned.cancelled:
            log.info("reminders: planned %s (cancelled %s), sent %s rows in %s messages, retry %s, failed %s",
                     planned.written, planned.cancelled, swept.sent, swept.messages, swept.retried, swept.failed)
    except Exception:
        log.exception("reminder tick failed")


def start_scheduler(
    *, sessions: sessionmaker[Session], registry: object, clock: Callable[[], datetime], interval_seconds: int,
    zone: ZoneInfo = DEFAULT_ZONE, before_tick: Callable[[], object] | None = None,
) -> BackgroundScheduler:
    """Start the background scheduler; the first run (catch-up) is immediate."""
    scheduler = BackgroundScheduler(jobstores={"default": MemoryJobStore()},
                                    executors={"default": ThreadPoolExecutor(1)}, timezone=UTC)
    scheduler.add_job(
        reminder_tick, "interval", seconds=max(1, interval_seconds), id=JOB_ID, next_run_time=datetime.now(UTC),
        kwargs={"sessions": sessions, "registry": registry, "clock": clock, "zone": zone, "before": before_tick},
        max_instances=1, coalesce=True, misfire_grace_time=max(1, interval_seconds),
    )
    scheduler.start()
    return scheduler


def stop_scheduler(scheduler: BackgroundScheduler) -> None:
    """Stop triggering; a running sweep finishes its current posts (their rows stay consistent)."""
    scheduler.shutdown(wait=True)
