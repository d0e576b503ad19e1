"""Socket Mode: Slack deliveries over an outgoing WebSocket instead of a public URL.

Municipal networks often allow no inbound traffic. With ``SLACK_APP_TOKEN`` (``xapp-…``) the
same Bolt app receives everything over a connection the server opens itself; the aiohttp
server keeps running for /healthz, Teams and the web pages, and owns the connection's lifetime.
The connection is opened in the background: slack_sdk retries a refused or unreachable Slack
every few seconds, and that must not keep the server from starting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.logs import new_request_id
from bot.slack.clients import async_web_client

log = logging.getLogger("samverkan.slack.socket")

SOCKET_KEY: web.AppKey[AsyncSocketModeHandler] = web.AppKey("slack_socket", AsyncSocketModeHandler)
CONNECTING_KEY: web.AppKey[asyncio.Task[None]] = web.AppKey("slack_socket_connecting", asyncio.Task)


def attach_socket_mode(app: web.Application, *, bolt: AsyncApp, app_token: str, api_url: str | None) -> None:
    """Connect when the server starts (without waiting for Slack), disconnect when it stops."""

    async def request_id_per_event(next_: Callable[[], Awaitable[None]]) -> None:
        # Over HTTP the aiohttp middleware gives each request its id; a Socket Mode event arrives on
        # the one WebSocket, so each event gets its own id here, before any listener logs.
        new_request_id()
        await next_()

    bolt.use(request_id_per_event)

    async def connect(server: web.Application) -> None:
        handler = AsyncSocketModeHandler(bolt, app_token=app_token,
                                         web_client=async_web_client(token=None, base_url=api_url))
        server[SOCKET_KEY] = handler
        server[CONNECTING_KEY] = asyncio.ensure_future(_connect(handler))

    async def disconnect(server: web.Application) -> None:
        connecting = server.get(CONNECTING_KEY)
        if connecting is not None and not connecting.done():
            connecting.cancel()
        handler = server.get(SOCKET_KEY)
        if handler is not None:
            await handler.close_async()

    app.on_startup.append(connect)
    app.on_cleanup.append(disconnect)


async def _connect(handler: AsyncSocketModeHandler) -> None:
    """Open the WebSocket; slack_sdk keeps retrying (and logging) until it succeeds or is closed."""
    await handler.connect_async()
    if not handler.client.closed:
        log.info("Slack Socket Mode connected")
