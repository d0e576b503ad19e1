"""``POST /api/messages``: the Bot Framework endpoint on the shared aiohttp server.

Authentication is done here before the turn starts (``bot.teams.auth``), so every failure to
authenticate — missing, malformed, expired or foreign tokens, or an unreachable key document —
is a 401 and never a 500. Before that, ``gate`` refuses malformed activities (400) and, on a
deployment without an app id, every activity not explicitly allowed for local development (401)
— before anything is written or sent. The turn itself runs in the Agents SDK's adapter; failures
inside it are answered by ``TeamsAdapter.answer_failure`` (a polite sentence, logged).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiohttp import web
from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from pydantic import ValidationError

from bot.config import Settings, get_settings
from bot.teams.app import TeamsAdapter, build_adapter
from bot.teams.auth import AuthRefused
from bot.teams.bot import SamverkanTeamsBot
from bot.teams.gate import admits, well_formed
from bot.teams.notifier import TeamsNotifier
from handlers.context import Services

log = logging.getLogger("samverkan.teams")


@dataclass(frozen=True)
class TeamsRuntime:
    """What the route needs: adapter (with authentication), bot, the proactive notifier, and the
    settings that decide who may send activities without a token."""

    adapter: TeamsAdapter
    bot: SamverkanTeamsBot
    notifier: TeamsNotifier
    settings: Settings


TEAMS_KEY: web.AppKey[TeamsRuntime] = web.AppKey("teams", TeamsRuntime)


def build_runtime(*, services: Services, settings: Settings, adapter: TeamsAdapter | None = None) -> TeamsRuntime:
    """Wire adapter, bot and notifier once per server."""
    adapter = adapter or build_adapter(settings=settings)
    notifier = TeamsNotifier(adapter=adapter, app_id=settings.microsoft_app_id)
    return TeamsRuntime(adapter=adapter, bot=SamverkanTeamsBot(services=services), notifier=notifier,
                        settings=settings)


def mount(app: web.Application, *, services: Services) -> None:
    """Add ``POST /api/messages`` and register the Teams notifier for the reminder sweep."""
    settings: Settings = services.extras.get("settings") or get_settings()
    runtime = build_runtime(services=services, settings=settings)
    app[TEAMS_KEY] = runtime
    services.extras.setdefault("notifiers", {})["teams"] = runtime.notifier
    app.router.add_post("/api/messages", messages)

    async def attach(_app: web.Application) -> None:
        runtime.notifier.attach(asyncio.get_running_loop())

    async def detach(_app: web.Application) -> None:
        runtime.notifier.detach()
        await runtime.adapter.factory.close_all()

    app.on_startup.append(attach)
    app.on_cleanup.append(detach)


def addressable(activity: Activity) -> bool:
    """An activity the bot could answer: the channel always sends a conversation and a serviceUrl."""
    conversation = activity.conversation
    return bool(conversation is not None and conversation.id and activity.service_url)


async def authenticate(*, adapter: TeamsAdapter, activity: Activity, header: str | None) -> ClaimsIdentity:
    """The sender's claims: a checked channel token with an app id; without one (the gate let
    only local development through) an anonymous identity, so replies carry no token."""
    if adapter.validator is None:
        return ClaimsIdentity()
    return await adapter.validator.validate(header=header, channel_id=str(activity.channel_id or ""),
                                            service_url=activity.service_url)


async def messages(request: web.Request) -> web.Response:
    """Authenticate, then run the turn; 201 when there is nothing to return."""
    runtime = request.app[TEAMS_KEY]
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.Response(status=415)
    try:
        body = await request.json()
    except ValueError:
        return web.Response(status=400)
    if not well_formed(body):
        return web.Response(status=400)
    try:
        activity = Activity.model_validate(body)
    except (ValidationError, ValueError, TypeError):
        return web.Response(status=400)
    if not activity.type or not addressable(activity):
        return web.Response(status=400)
    if not admits(settings=runtime.settings, service_url=activity.service_url):
        log.info("teams activity refused: no app id, and not allowed as local development")
        return web.Response(status=401)
    try:
        identity = await authenticate(adapter=runtime.adapter, activity=activity,
                                      header=request.headers.get("Authorization"))
    except AuthRefused as refused:
        log.info("teams request refused: %s", refused)
        return web.Response(status=401)
    try:
        invoke = await runtime.adapter.process_activity(identity, activity, runtime.bot.on_turn)
    except Exception:
        log.exception("teams turn failed", extra={"activity_type": activity.type})
        return web.Response(status=500)
    if invoke is not None:
        if invoke.body is None:
            return web.Response(status=invoke.status or 200)
        return web.json_response(data=invoke.body, status=invoke.status or 200)
    if activity.type == ActivityTypes.invoke:
        return web.Response(status=200)
    return web.Response(status=201)
