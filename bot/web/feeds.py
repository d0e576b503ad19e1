"""Read-only feeds of a body over HTTP: its iCalendar and its OParl 1.1 objects.

``GET /feeds/{key}/{body_id}.ics`` is what a member pastes into a calendar app, and
``/oparl/{key}/…`` serves the OParl System, Body and the Body's external lists. A calendar
client cannot log in, so the per-tenant key in the path is the permission: an HMAC of the
tenant's identity under ``SAMVERKAN_LINK_SECRET`` (or, when unset, a random secret stored in the
database on first use), compared in constant time. Confidential §§ are never in a feed.
"""

from __future__ import annotations

import json

from aiohttp import web
from sqlalchemy import select

from bot.web.ids import id_or_404
from handlers.context import Services
from handlers.exports.ical import body_calendar
from handlers.exports.links import key_matches, link_secret, tenant_key
from handlers.exports.oparl import body_bundle, paper_object, system_object
from storage.models import Body, Paragraph, Tenant
from storage.tenancy import scoped

SERVICES: web.AppKey[Services] = web.AppKey("feeds_services", Services)
LISTS = ("organization", "person", "meeting", "paper")


def mount(app: web.Application, *, services: Services) -> None:
    """Add the feed routes and make sure a feed secret exists for the links handed out in chat."""
    if not link_secret(services):
        from bot.web.secrets import stored_secret

        with services.sessions() as session:
            services.extras["feed_secret"] = stored_secret(session, name="feeds")
    app[SERVICES] = services
    app.router.add_get("/feeds/{key}/{body_id}.ics", calendar)
    app.router.add_get("/oparl/{key}/system", system)
    app.router.add_get("/oparl/{key}/body/{body_id}", body)
    app.router.add_get("/oparl/{key}/body/{body_id}/{kind}", body_list)
    app.router.add_get("/oparl/{key}/paper/{paper_id}", paper)


def _tenant(session, services: Services, key: str) -> Tenant:  # type: ignore[no-untyped-def]
    secret = link_secret(services)
    if not key.isascii():  # hmac.compare_digest refuses non-ASCII text with a TypeError
        raise web.HTTPNotFound()
    for tenant in session.scalars(select(Tenant).order_by(Tenant.id)):
        if key_matches(secret=secret, tenant=tenant, key=key):
            return tenant
    raise web.HTTPNotFound()


def _body(session, tenant: Tenant, raw: str) -> Body:  # type: ignore[no-untyped-def]
    found = session.scalars(scoped(select(Body), Body, tenant_id=tenant.id).where(Body.id == id_or_404(raw))).first()
    if found is None:
        raise web.HTTPNotFound()
    return found


def _base(services: Services, tenant: Tenant) -> str:
    return f"{services.public_url}/oparl/{tenant_key(secret=link_secret(services), tenant=tenant)}"


def _json(data: object) -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json",
                        charset="utf-8", headers={"Cache-Control": "private, max-age=300"})


async def calendar(request: web.Request) -> web.Response:
    """The body's meetings and assignments as text/calendar."""
    services = request.app[SERVICES]
    with services.sessions() as session:
        tenant = _tenant(session, services, request.match_info["key"])
        found = _body(session, tenant, request.match_info["body_id"])
        base = _base(services, tenant)
        data = body_calendar(session, body=found, zone=services.zone, now=services.now(),
                             paper_url=lambda pid: f"{base}/paper/{pid}")
    return web.Response(body=data, content_type="text/calendar", charset="utf-8",
                        headers={"Cache-Control": "private, max-age=300"})


def _bundle(request: web.Request) -> dict:  # type: ignore[type-arg]
    services = request.app[SERVICES]
    with services.sessions() as session:
        tenant = _tenant(session, services, request.match_info["key"])
        found = _body(session, tenant, request.match_info["body_id"])
        return body_bundle(session, found, base=_base(services, tenant), zone=services.zone,
                           system_name=tenant.name or "Samverkan")


async def system(request: web.Request) -> web.Response:
    """The OParl System object of the tenant."""
    services = request.app[SERVICES]
    with services.sessions() as session:
        tenant = _tenant(session, services, request.match_info["key"])
        return _json(system_object(base=_base(services, tenant), name=tenant.name or "Samverkan"))


async def body(request: web.Request) -> web.Response:
    """The OParl Body."""
    return _json(_bundle(request)["body"])


async def body_list(request: web.Request) -> web.Response:
    """An OParl external list (organization, person, meeting, paper) of the body, in one page."""
    kind = request.match_info["kind"]
    if kind not in LISTS:
        raise web.HTTPNotFound()
    items = _bundle(request)[kind]
    return _json({"data": items, "pagination": {"totalElements": len(items), "elementsPerPage": len(items),
                                                "currentPage": 1, "totalPages": 1}, "links": {}})


async def paper(request: web.Request) -> web.Response:
    """One Paper (a public §), the link target of an assignment in the calendar."""
    services = request.app[SERVICES]
    paper_id = id_or_404(request.match_info["paper_id"])
    with services.sessions() as session:
        tenant = _tenant(session, services, request.match_info["key"])
        row = session.scalars(scoped(select(Paragraph), Paragraph, tenant_id=tenant.id).where(
            Paragraph.id == paper_id, Paragraph.confidential.is_(False))).first()
        if row is None:
            raise web.HTTPNotFound()
        return _json(paper_object(row, base=_base(services, tenant), zone=services.zone))
