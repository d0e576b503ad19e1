"""Jinja2 rendering for the web pages, with Swedish date formats and the refusal page.

Autoescape is always on: every string on these pages comes from chat input or imported
protocols, so nothing is trusted as HTML.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.web.links import LinkError
from handlers.parsing.dates import format_date_sv

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
REFUSALS = {
    "missing": ("Länk krävs", "Den här sidan öppnas bara via en länk som boten ger dig i chatten, "
                "till exempel med /uppdrag tavla eller «Öppna i webbläsaren» under /beslut."),
    "expired": ("Länken har gått ut", "Länken är för gammal. Be boten om en ny länk i chatten."),
    "revoked": ("Länken är återkallad", "Länken gäller inte längre. Be boten om en ny länk i chatten."),
    "forged": ("Ogiltig länk", "Länken är inte giltig. Kontrollera att du kopierat hela länken, "
               "eller be boten om en ny i chatten."),
    "wrong_purpose": ("Länken gäller inte den här sidan", "Be boten om en länk till just den här sidan."),
    "wrong_tenant": ("Länken gäller inte den här organisationen", "Be boten om en ny länk i chatten."),
    "not_member": ("Sekretess", "Paragrafen omfattas av sekretess och visas bara för organets medlemmar."),
}


def swedish_date(value: date | datetime | None) -> str:
    """"30 mars 2022"; the form protocols and notices use."""
    if value is None:
        return "–"
    return format_date_sv(value)  # babel's (CLDR's) month names: the same form chat replies use


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False, cache_size=64)
    env.filters["sv_date"] = swedish_date
    return env


ENV = _env()


def render(template: str, **context: Any) -> str:
    """The page as a string (tests and the bench render without a server)."""
    return ENV.get_template(template).render(**context)


def html_response(text: str, *, status: int = 200, public: bool = False) -> web.Response:
    """An HTML response; public pages may be cached briefly, members' pages never by shared caches.

    The security headers (CSP, nosniff, no-referrer) are added to every response by ``headers``."""
    response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
    response.headers["Cache-Control"] = "public, max-age=60" if public else "private, no-store"
    return response


def page(template: str, *, status: int = 200, **context: Any) -> web.Response:
    """Render ``template`` into a response (pages change with the clock, so caching stays short)."""
    return html_response(render(template, **context), status=status,
                         public=not context.get("token") and status == 200)


def refusal(error: LinkError | str, *, status: int | None = None) -> web.Response:
    """The clear Swedish page for a refused link: a heading, a sentence, and no data at all."""
    kind = error.kind if isinstance(error, LinkError) else error
    code = status or (error.status if isinstance(error, LinkError) else 403)
    heading, text = REFUSALS.get(kind, REFUSALS["forged"])
    response = page("refusal.html", status=code, title=heading, heading=heading, text=text)
    response.headers["Cache-Control"] = "no-store"
    return response


def not_found(text: str = "Sidan finns inte.") -> web.Response:
    """404 in Swedish."""
    return page("refusal.html", status=404, title="Sidan finns inte", heading="Sidan finns inte", text=text)
