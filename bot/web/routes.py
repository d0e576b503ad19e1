"""Mount the web pages on the one aiohttp app: public board, archive, follow-up, static files."""

from __future__ import annotations

from aiohttp import web

from bot.web import archive, board, followup, headers
from bot.web.links import signer_for
from bot.web.render import STATIC
from handlers.context import Services


def mount(app: web.Application, *, services: Services) -> None:
    """Add every web route; also creates the link signer so chat handlers can hand out links."""
    signer_for(services)
    headers.install(app)  # CSP, nosniff and no-referrer on every response of the server
    app.router.add_get("/anslagstavla/{slug}", board.board)
    app.router.add_get("/anslagstavla/{slug}/arkiv", board.board_archive)
    app.router.add_get("/anslagstavla/{slug}/atom.xml", board.atom)
    app.router.add_get("/anslagstavla/{slug}/protokoll/{meeting_id}", board.protocol)
    app.router.add_get("/arkiv", archive.search)
    app.router.add_get("/arkiv/{slug}/paragraf/{paragraph_id}", archive.paragraph_page)
    app.router.add_get("/uppfoljning", followup.board)
    app.router.add_static("/static/", STATIC, append_version=False)
