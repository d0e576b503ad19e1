"""``/integritet``, ``/villkor`` and ``/``: the privacy notice, terms and about page the Teams package links to.

Teams (and an IT department approving the app) require both URLs in the manifest, and they must
answer. They are served from the bot itself, in Swedish, so they exist wherever the bot runs; the
organisation that runs it (``SAMVERKAN_TEAMS_DEVELOPER``) and its contact for data-protection
questions (``SAMVERKAN_PRIVACY_CONTACT``) are filled in from the settings.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.web.render import page
from handlers.context import Services

PAGES = {
    "/": ("om.html", "Om Samverkan"),  # the manifest's websiteUrl
    "/integritet": ("integritet.html", "Integritet och personuppgifter"),
    "/villkor": ("villkor.html", "Användarvillkor"),
}


def _context(services: Services) -> dict[str, Any]:
    settings = services.extras.get("settings")
    return {
        "operator": getattr(settings, "teams_developer_name", "") or "Samverkan",
        "contact": getattr(settings, "privacy_contact", "") or "",
        "public_url": services.public_url,
        "outbox_days": getattr(settings, "retention_outbox_days", None),
    }


def legal_page(*, services: Services, template: str, title: str) -> Handler:
    """A handler that renders one of the two pages (public: cacheable like the anslagstavla)."""

    async def handler(_request: web.Request) -> web.Response:
        return page(template, title=title, **_context(services))

    return handler


def mount(app: web.Application, *, services: Services) -> None:
    """Add both pages."""
    for path, (template, title) in PAGES.items():
        app.router.add_get(path, legal_page(services=services, template=template, title=title))
