"""Mount the web pages on the one aiohttp app: public board, archive, follow-up, legal pages, static
files, and the operations side every route shares (request ids, metrics, ``/healthz``)."""

from __future__ import annotations

from aiohttp import web

from bot.web import archive, board, followup, headers, legal, metrics, protocol_pdf, request_ids
from bot.web.health import healthz_for
from bot.web.links import signer_for
from bot.web.render import STATIC
from handlers.context import Services


def mount(app: web.Application, *, services: Services) -> None:
    """Add every web route; also creates the link signer so chat handlers can hand out links."""
    signer_for(services)
    headers.install(app)  # CSP, nosniff and no-referrer on every response of the server
    request_ids.install(app)  # one id per request: in every log line and in X-Request-Id
    metrics.install(app, services=services)  # GET /metrics and the counting middleware
    app.router.add_get("/healthz", healthz_for(services=services))  # answers only when the database does
    legal.mount(app, services=services)  # /integritet and /villkor, which the Teams package links to
    app.router.add_get("/anslagstavla/{slug}", board.board)
    app.router.add_get("/anslagstavla/{slug}/arkiv", board.board_archive)
    app.router.add_get("/anslagstavla/{slug}/atom.xml", board.atom)
    app.router.add_get("/anslagstavla/{slug}/protokoll/{meeting_id}", board.protocol)
    app.router.add_get("/arkiv", archive.search)
    app.router.add_get("/arkiv/{slug}/paragraf/{paragraph_id}", archive.paragraph_page)
    app.router.add_get("/arkiv/{slug}/protokoll/{meeting_id}.pdf", protocol_pdf.protocol_pdf)
    app.router.add_get("/uppfoljning", followup.board)
    app.router.add_static("/static/", STATIC, append_version=False)
