"""Public anslagstavla pages: the board, its archive, the public protocol and the Atom feed.

No login: these pages are what the law asks a kommun to publish. The slug in the URL is the
only tenant selector and every query filters on the tenant it names.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from aiohttp import web
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from bot.web import queries as q
from bot.web.atom import atom_feed
from bot.web.ids import parse_id
from bot.web.links import signer_for
from bot.web.notices import (
    Notice,
    Summons,
    appeal_text,
    archived_notices,
    current_notices,
    public_meeting,
    summonses,
)
from bot.web.render import html_response, not_found, page, render
from handlers.context import Services
from handlers.protocol.model import build_protocol
from handlers.protocol.render import MEDIA_TYPES
from handlers.protocol.render import render as render_protocol


def _services(request: web.Request) -> Services:
    from bot.server import SERVICES_KEY

    return request.app[SERVICES_KEY]


def _tenant(request: web.Request, services: Services, session: Session | Connection) -> tuple[int, str, str] | None:
    """(tenant id, display name, slug) for the slug in the URL, or None for an unknown slug."""
    slug = request.match_info["slug"]
    tenant_id = signer_for(services).tenant_from_slug(slug)
    if tenant_id is None:
        return None
    row = session.execute(q.TENANT, {"tenant_id": tenant_id}).first()
    return (row.id, row.name or "Organisationen", slug) if row is not None else None


NO_BOARD = "Det finns ingen anslagstavla med den adressen."


def _connect(services: Services) -> Connection:
    """A plain connection for the board's read-only Core statements (cheaper than an ORM session)."""
    return services.sessions.kw["bind"].connect()


def _board_data(request: web.Request, services: Services, now):  # type: ignore[no-untyped-def]
    """(org, slug, notices up today, coming kallelser) of the board, or None for an unknown board."""
    with _connect(services) as session:
        found = _tenant(request, services, session)
        if found is None:
            return None
        tenant_id, org, slug = found
        current = current_notices(session, tenant_id=tenant_id, today=now.date(), zone=services.zone)
        coming = summonses(session, tenant_id=tenant_id, now=now, zone=services.zone)
    return org, slug, current, coming


async def board(request: web.Request) -> web.Response:
    """Notices up today and the kallelser of coming public meetings."""
    services = _services(request)
    now = services.now()
    data = _board_data(request, services, now)
    if data is None:
        return not_found(NO_BOARD)
    org, slug, current, coming = data
    return html_response(_board_html(org=org, slug=slug, notices=tuple(current), summonses=tuple(coming),
                                     today=now.date()), public=True)


@lru_cache(maxsize=256)
def _board_html(*, org: str, slug: str, notices: tuple[Notice, ...], summonses: tuple[Summons, ...],
                today: date) -> str:
    """The board's HTML, memoised on exactly the data it shows (frozen dataclasses, so a changed
    notice is a different key): every request still reads the database, only re-rendering the
    same 20 KB for every visitor is skipped."""
    texts = {n.meeting_id: appeal_text(appeal_ends_on=n.appeal_ends_on, posted_on=n.posted_on) for n in notices}
    return render("board.html", title=f"Anslagstavla – {org}", org=org, slug=slug, notices=notices,
                  summonses=summonses, appeal_texts=texts, today=today)


async def board_archive(request: web.Request) -> web.Response:
    """Notices whose appeal period is over, newest first."""
    services = _services(request)
    with _connect(services) as session:
        found = _tenant(request, services, session)
        if found is None:
            return not_found(NO_BOARD)
        tenant_id, org, slug = found
        archived = archived_notices(session, tenant_id=tenant_id, today=services.now().date(), zone=services.zone)
    return page("board_archive.html", title=f"Arkiv – anslagstavla – {org}", org=org, slug=slug, notices=archived)


async def protocol(request: web.Request) -> web.Response:
    """The public protocol of a justerat meeting of a public body, as a page, print HTML or PDF.

    The view model is the protocol package's own (``build_protocol`` without sekretess), so the
    web, the chat and the PDF cannot disagree; confidential §§ show only their number.
    """
    services = _services(request)
    meeting_ref, _, fmt = request.match_info["meeting_id"].partition(".")
    meeting_id = parse_id(meeting_ref)
    if meeting_id is None or fmt not in ("", "html", "pdf"):
        return not_found()
    with services.sessions() as session:
        found = _tenant(request, services, session)
        if found is None:
            return not_found(NO_BOARD)
        tenant_id, org, slug = found
        row = public_meeting(session, tenant_id=tenant_id, meeting_id=meeting_id)
        if row is None:
            return not_found("Protokollet finns inte eller är inte offentligt.")
        view = build_protocol(session, row[0], zone=services.zone, include_confidential=False)
    if fmt:
        media = MEDIA_TYPES[fmt]
        name = f"protokoll-{view.day.isoformat()}.{fmt}"
        return web.Response(body=render_protocol(view, fmt=fmt), headers={
            "Content-Type": media, "Cache-Control": "public, max-age=300",
            "Content-Disposition": f'{"attachment" if fmt == "pdf" else "inline"}; filename="{name}"'})
    return page("protocol.html", title=f"Protokoll – {view.body} {view.day.isoformat()}",
                org=org, slug=slug, protocol=view, meeting_id=meeting_id)


async def atom(request: web.Request) -> web.Response:
    """The board as Atom."""
    services = _services(request)
    now = services.now()
    data = _board_data(request, services, now)
    if data is None:
        return not_found(NO_BOARD)
    org, slug, current, coming = data
    body = atom_feed(title=f"Anslagstavla – {org}", base_url=services.public_url, slug=slug, now=now,
                     notices=current, summonses=coming)
    return web.Response(body=body, content_type="application/atom+xml", charset="utf-8",
                        headers={"Cache-Control": "public, max-age=60"})
