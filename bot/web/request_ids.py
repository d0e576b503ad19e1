"""One request id per HTTP request, in every log line of the request and in ``X-Request-Id``.

aiohttp serves each request in a task of its own, so a context variable set here is seen by the
handler, by Bolt's and the Teams adapter's code it awaits, by work it hands to threads with a copied
context, and by aiohttp's access-log line for the request, and by nothing else. An operator who gets
a «Något gick fel» report with the id from the response header finds every line of that request with
one grep; behind nginx the proxy's own ``$request_id`` is taken over, so the id is the same in both logs.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.logs import new_request_id, request_id

HEADER = "X-Request-Id"


@web.middleware
async def request_id_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Give the request its id before any other code of ours runs for it."""
    new_request_id(incoming=request.headers.get(HEADER))
    return await handler(request)


async def add_request_id_header(_request: web.Request, response: web.StreamResponse) -> None:
    """Echo the id on every response, also aiohttp's own 404/405 and the static files (the response is
    prepared in the request's task, after the middleware set the id)."""
    current = request_id.get()
    if current != "-":
        response.headers.setdefault(HEADER, current)


def install(app: web.Application) -> None:
    """Put the middleware first, so every other middleware already logs under the request's id."""
    app.middlewares.insert(0, request_id_middleware)
    app.on_response_prepare.append(add_request_id_header)
