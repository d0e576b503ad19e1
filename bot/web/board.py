"""Public anslagstavla pages: the board, its archive, the public protocol and the Atom feed.

No login: these pages are what the law asks a kommun to publish. The slug in the URL is the
only tenant selector and every query filters on the tenant it names.
"""

from __future__ import annotations

from aiohttp import web

from bot.web.atom import atom_feed
from bot.web.links import signer_for
from bot.web.notices import appeal_text, archived_notices, current_notices, public_meeting, summonses
from bot.web.render import not_found, page
from handlers.context import Services
from handlers.protocol.model import build_protocol
from handlers.protocol.render import MEDIA_TYPES, render
from storage.models import Tenant


def _services(request: web.Request) -> Services:
    from bot.server import SERVICES_KEY

    return request.app[SERVICES_KEY]


def _tenant(request: web.Request, services: Services) -> tuple[Tenant, str] | None:
    slug = request.match_info["slug"]
    tenant_id = signer_for(services).tenant_from_slug(slug)
    if tenant_id is None:
        return None
    with services.sessions() as session:
        tenant = session.get(Tenant, tenant_id)
        if tenant is not None:
            session.expunge(tenant)
    return (tenant, slug) if tenant is not None else None


def _org_name(tenant: Tenant) -> str:
    return tenant.name or "Organisationen"


async def board(request: web.Request) -> web.Response:
    """Notices up today and the kallelser of coming public meetings."""
    services = _services(request)
    found = _tenant(request, services)
    if found is None:
        return not_found("Det finns ingen anslagstavla med den adressen.")
    tenant, slug = found
    now = services.now()
    with services.sessions() as session:
        current = current_notices(session, tenant_id=tenant.id, today=now.date(), zone=services.zone)
        coming = summonses(session, tenant_id=tenant.id, now=now, zone=services.zone)
    texts = {n.meeting_id: appeal_text(appeal_ends_on=n.appeal_ends_on, posted_on=n.posted_on) for n in current}
    return page("board.html", title=f"Anslagstavla – {_org_name(tenant)}", org=_org_name(tenant), slug=slug,
                notices=current, summonses=coming, appeal_texts=texts, today=now.date())


async def board_archive(request: web.Request) -> web.Response:
    """Notices whose appeal period is over, newest first."""
    services = _services(request)
    found = _tenant(request, services)
    if found is None:
        return not_found("Det finns ingen anslagstavla med den adressen.")
    tenant, slug = found
    with services.sessions() as session:
        archived = archived_notices(session, tenant_id=tenant.id, today=services.now().date(), zone=services.zone)
    return page("board_archive.html", title=f"Arkiv – anslagstavla – {_org_name(tenant)}", org=_org_name(tenant),
                slug=slug, notices=archived)


async def protocol(request: web.Request) -> web.Response:
    """The public protocol of a justerat meeting of a public body, as a page, print HTML or PDF.

    The view model is the protocol package's own (``build_protocol`` without sekretess), so the
    web, the chat and the PDF cannot disagree; confidential §§ show only their number.
    """
    services = _services(request)
    found = _tenant(request, services)
    meeting_ref, _, fmt = request.match_info["meeting_id"].partition(".")
    if found is None or not meeting_ref.isdigit() or fmt not in ("", "html", "pdf"):
        return not_found()
    tenant, slug = found
    with services.sessions() as session:
        row = public_meeting(session, tenant_id=tenant.id, meeting_id=int(meeting_ref))
        if row is None:
            return not_found("Protokollet finns inte eller är inte offentligt.")
        view = build_protocol(session, row[0], zone=services.zone, include_confidential=False)
    if fmt:
        media = MEDIA_TYPES[fmt]
        name = f"protokoll-{view.day.isoformat()}.{fmt}"
        return web.Response(body=render(view, fmt=fmt), headers={
            "Content-Type": media, "Cache-Control": "public, max-age=300",
            "Content-Disposition": f'{"attachment" if fmt == "pdf" else "inline"}; filename="{name}"'})
    return page("protocol.html", title=f"Protokoll – {view.body} {view.day.isoformat()}",
                org=_org_name(tenant), slug=slug, protocol=view, meeting_id=int(meeting_ref))


async def atom(request: web.Request) -> web.Response:
    """The board as Atom."""
    services = _services(request)
    found = _tenant(request, services)
    if found is None:
        return not_found()
    tenant, slug = found
    now = services.now()
    with services.sessions() as session:
        current = current_notices(session, tenant_id=tenant.id, today=now.date(), zone=services.zone)
        coming = summonses(session, tenant_id=tenant.id, now=now, zone=services.zone)
    body = atom_feed(title=f"Anslagstavla – {_org_name(tenant)}", base_url=services.public_url, slug=slug, now=now,
                     notices=current, summonses=coming)
    return web.Response(body=body, content_type="application/atom+xml", charset="utf-8",
                        headers={"Cache-Control": "public, max-age=60"})
