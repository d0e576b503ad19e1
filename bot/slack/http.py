"""Mount Slack on the shared aiohttp server: ``POST /slack/events`` (+ the OAuth pages).

The route is a pure translator (aiohttp request → Bolt request → Bolt response → aiohttp
response); signature checking, url_verification and ssl_check are Bolt's built-in middleware,
so a bad signature or a stale timestamp gets 401 before any listener runs.
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.config import Settings, get_settings
from bot.slack.app import build_bolt_app, uses_oauth
from bot.slack.manifest import EVENTS_PATH, REDIRECT_PATH
from bot.slack.notifier import notifier_from_settings
from bot.slack.oauth import INSTALL_PATH
from bot.slack.shapes import headers_ok, well_formed
from bot.slack.socket import attach_socket_mode
from handlers.context import Services

log = logging.getLogger("samverkan.slack.http")

BOLT_KEY: web.AppKey[AsyncApp] = web.AppKey("slack_bolt", AsyncApp)


def mount(app: web.Application, *, services: Services) -> None:
    """Add the Slack routes (or Socket Mode) and register the Slack notifier for the outbox."""
    settings: Settings = services.extras.get("settings") or get_settings()
    bolt = build_bolt_app(services=services, settings=settings)
    app[BOLT_KEY] = bolt
    services.extras.setdefault("notifiers", {})["slack"] = notifier_from_settings(services=services, settings=settings)
    if settings.slack_signing_secret:
        app.router.add_post(EVENTS_PATH, events)
    if uses_oauth(settings):
        app.router.add_get(INSTALL_PATH, install)
        app.router.add_get(REDIRECT_PATH, oauth_redirect)
    if settings.slack_app_token:
        attach_socket_mode(app, bolt=bolt, app_token=settings.slack_app_token.get_secret_value(),
                           api_url=settings.slack_api_url)


async def events(request: web.Request) -> web.Response:
    """Slash commands, interactivity and Events API deliveries all arrive here."""
    bolt = request.app[BOLT_KEY]
    if not headers_ok(request.headers):  # what Bolt's signature check would raise on is simply unsigned
        return web.Response(status=401, text="invalid request")
    try:  # Bolt parses the body before checking the signature; an unparsable one is a 400, not a 500
        bolt_request = await to_bolt_request(request)
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return web.Response(status=400, text="bad request")
    if not well_formed(bolt_request.body):
        return web.Response(status=400, text="bad request")
    return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))


async def install(request: web.Request) -> web.Response:
    """The "Add to Slack" page of the OAuth flow."""
    bolt = request.app[BOLT_KEY]
    assert bolt.oauth_flow is not None
    return await to_aiohttp_response(await bolt.oauth_flow.handle_installation(await to_bolt_request(request)))


async def oauth_redirect(request: web.Request) -> web.Response:
    """Slack sends the installer back here; the installation is saved in our database."""
    bolt = request.app[BOLT_KEY]
    assert bolt.oauth_flow is not None
    return await to_aiohttp_response(await bolt.oauth_flow.handle_callback(await to_bolt_request(request)))
