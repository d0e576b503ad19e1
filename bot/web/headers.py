"""Security headers on every response the server sends, set in one place.

The pages show text typed in chat and imported from old protocols. Autoescape keeps it from
becoming markup; the Content-Security-Policy is the second wall should that ever fail: no
script runs at all (the pages need none), styles come only from ``/static/`` (plus the one
fixed stylesheet inside the printable protocol, allowed by its hash), and no other site may
frame a page (the Teams app has no tab, so nothing is meant to be embedded).

A response-prepare signal rather than a middleware: it also reaches the static files and the
404/405 answers aiohttp produces itself, which no middleware handler returns.
"""

from __future__ import annotations

import base64
import hashlib
import re

from aiohttp import web

from handlers.protocol.html import TEMPLATE as PROTOCOL_TEMPLATE


def _style_hashes(template: str) -> tuple[str, ...]:
    """CSP sources for the inline ``<style>`` blocks of a fixed template (no template tags inside)."""
    return tuple("'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
                 for block in re.findall(r"<style>(.*?)</style>", template, flags=re.DOTALL))


CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "style-src " + " ".join(("'self'", *_style_hashes(PROTOCOL_TEMPLATE))),
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # signed links carry a token in the query: never pass it on
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP level 2
}


async def add_security_headers(_request: web.Request, response: web.StreamResponse) -> None:
    """Set the headers unless a handler chose its own value for one of them."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)


def install(app: web.Application) -> None:
    """Add the headers to every response of ``app`` (pages, feeds, static files, errors)."""
    app.on_response_prepare.append(add_security_headers)
