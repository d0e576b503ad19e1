"""One aiohttp server for everything the bot serves over HTTP.

Slack (``/slack/events``), Teams (``/api/messages``), the web pages and ``/healthz`` share one
process and one port, so a municipality opens one firewall hole and runs one service. Each
platform adds its routes through its own ``mount`` function; this module knows none of their SDKs.
"""

from __future__ import annotations

import logging

from aiohttp import web

from handlers.context import Services

log = logging.getLogger("samverkan.server")

SERVICES_KEY: web.AppKey[Services] = web.AppKey("services", Services)


def build_app(*, services: Services) -> web.Application:
    """The aiohttp application with every route the configuration enables."""
    from bot.reminders_hook import start_reminders, stop_reminders
    from bot.teams.http import mount as mount_teams
    from bot.web.feeds import mount as mount_feeds
    from bot.web.routes import mount as mount_web
    from handlers.dispatch import load_handlers

    load_handlers()  # before the first request, so no request pays for the imports
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app[SERVICES_KEY] = services
    mount_web(app, services=services)  # /healthz, /metrics, anslagstavla, archive, follow-up, /static/
    mount_feeds(app, services=services)  # iCal and OParl feeds
    mount_teams(app, services=services)  # POST /api/messages
    if getattr(services.extras.get("settings"), "slack_configured", False):
        from bot.slack.http import mount as mount_slack

        mount_slack(app, services=services)  # POST /slack/events (+ OAuth routes)
    # Reminders: APScheduler triggers planning pass + sweep (after the mounts registered notifiers).
    app.on_startup.append(start_reminders)
    app.on_cleanup.append(stop_reminders)
    return app


def serve(*, services: Services, host: str, port: int) -> None:
    """Run the server until interrupted."""
    log.info("serving on %s:%s", host, port)
    web.run_app(build_app(services=services), host=host, port=port, print=None)
