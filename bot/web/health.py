"""``/healthz``: the process answers *and* its database does.

nginx, Docker's HEALTHCHECK and systemd all ask this one URL, and a replica that has lost its
database must leave the pool rather than answer «Något gick fel» to every command. The body says
only ok or not: nothing about configuration, versions or the error (that goes to the log).
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy import text

from handlers.context import Services

log = logging.getLogger("samverkan.health")

TIMEOUT_SECONDS = 3.0
HEALTHY = {"status": "ok"}
UNHEALTHY = {"status": "fel", "meddelande": "Databasen svarar inte."}


def database_answers(services: Services) -> None:
    """One round trip to the database (``SELECT 1``); raises when it cannot be made."""
    with services.sessions() as session:
        session.execute(text("SELECT 1"))


def healthz_for(*, services: Services) -> Handler:
    """The handler, bound to the services whose database it checks."""

    async def healthz(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(asyncio.to_thread(database_answers, services), timeout=TIMEOUT_SECONDS)
        except Exception:  # any failure, a timeout included, means: take this replica out
            log.warning("healthz: the database did not answer", exc_info=True)
            return web.json_response(UNHEALTHY, status=503, headers={"Cache-Control": "no-store"})
        return web.json_response(HEALTHY, headers={"Cache-Control": "no-store"})

    return healthz
