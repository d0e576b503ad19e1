"""Request-level gates shared by the members' pages: the link check and the tenant lookup."""

from __future__ import annotations

from aiohttp import web

from bot.web.links import Grant, LinkError, signer_for
from handlers.context import Services
from handlers.scope import Scope
from storage.models import Person, Tenant


def services_of(request: web.Request) -> Services:
    """The services the server was built with."""
    from bot.server import SERVICES_KEY

    return request.app[SERVICES_KEY]


def grant_of(request: web.Request, *, page: str) -> Grant:
    """The verified link of this request, or ``LinkError`` (nothing is read before this passes)."""
    services = services_of(request)
    return signer_for(services).verify(request.query.get("t"), page=page, now=services.now())


def grant_for_tenant(request: web.Request, *, tenant_id: int, page: str) -> Grant | LinkError:
    """The verified link for the organisation in the URL, or the refusal to show: a good link of
    another organisation is refused like a bad one, so a slug can never be read with a foreign link."""
    try:
        grant = grant_of(request, page=page)
    except LinkError as error:
        return error
    return grant if grant.tenant_id == tenant_id else LinkError("wrong_tenant")


def scope_of(session, *, grant: Grant) -> Scope:  # type: ignore[no-untyped-def]
    """The handlers' ``Scope`` for the link's person, so role checks are the chat's own."""
    tenant = session.get(Tenant, grant.tenant_id)
    person = session.get(Person, grant.person_id)
    if tenant is None or person is None or person.tenant_id != tenant.id:
        raise LinkError("forged")
    return Scope(tenant=tenant, person=person, binding=None, platform=tenant.platform)


def slug_of(services: Services, *, tenant_id: int) -> str:
    """The tenant's stable slug (for permanent paragraph URLs)."""
    return signer_for(services).tenant_slug(tenant_id)


def tenant_id_of_slug(services: Services, slug: str) -> int | None:
    """The tenant a slug names, or None."""
    return signer_for(services).tenant_from_slug(slug)
