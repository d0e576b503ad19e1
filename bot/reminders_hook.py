"""aiohttp start/stop hooks that run the reminder scheduler inside ``samverkan serve``.

Registered last in ``build_app``, so the notifiers the Slack and Teams routes registered (and
attached to the server's event loop) are there when the registry is built.
"""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings, get_settings
from bot.logs import new_request_id
from bot.notifiers import build_registry
from handlers.context import Services
from schedules.scheduler import start_scheduler, stop_scheduler

SCHEDULER_KEY = web.AppKey("reminder_scheduler", object)


def scheduler_wanted(*, services: Services) -> bool:
    """``extras["reminder_scheduler"]`` decides; by default only with the real clock.

    A test that serves the app with a fixed clock must not get reminders posted into its fakes
    by a background thread, and a scheduler on a frozen clock would re-run the same moment.
    """
    from bot.bootstrap import utc_clock

    return bool(services.extras.get("reminder_scheduler", services.clock is utc_clock))


async def start_reminders(app: web.Application) -> None:
    """Build the notifier registry and start the scheduler (its first run is the catch-up sweep)."""
    from bot.server import SERVICES_KEY

    services = app[SERVICES_KEY]
    if not scheduler_wanted(services=services):
        return
    settings: Settings = services.extras.get("settings") or get_settings()
    registry = build_registry(settings=settings, services=services)
    app[SCHEDULER_KEY] = start_scheduler(sessions=services.sessions, registry=registry, clock=services.clock,
                                         interval_seconds=settings.sweep_interval_seconds, zone=services.zone,
                                         before_tick=new_request_id)


async def stop_reminders(app: web.Application) -> None:
    """Stop the scheduler when the server shuts down."""
    scheduler = app.get(SCHEDULER_KEY)
    if scheduler is not None:
        stop_scheduler(scheduler)  # type: ignore[arg-type]
