"""The archive in the browser: the same search as ``/beslut`` and one permanent page per §.

The search is the chat's own (``handlers.lookup``'s § and dnr paths, then the full-text index
with typo correction) so a query gives the same paragraphs in chat and on the web. A paragraph
page is open to anyone when it is a non-confidential, justerad § of a public body; every other
page needs the signed link, and sekretess text only shows to members of that body.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy import Row

from bot.web import queries as q
from bot.web.access import grant_for_tenant, grant_of, scope_of, services_of, slug_of, tenant_id_of_slug
from bot.web.ids import parse_id
from bot.web.links import Grant, LinkError
from bot.web.render import not_found, page, refusal
from handlers import lookup as chat_lookup
from handlers import messages as msg
from handlers import visibility
from handlers.paragraph_view import assignment_lines, paragraph_date
from handlers.protocol.model import ParagraphView
from handlers.roles import is_member
from storage.models import Body
from storage.search.query import suggest_words

MAX_RESULTS = 50


async def search(request: web.Request) -> web.Response:
    """GET /arkiv?q=…&t=…: the form and the result list."""
    try:
        grant = grant_of(request, page="arkiv")
    except LinkError as error:
        return refusal(error)
    services = services_of(request)
    query = request.query.get("q", "").strip()[:200]
    results, suggestions = [], []
    with services.sessions() as session:
        scope = scope_of(session, grant=grant)
        slug = slug_of(services, tenant_id=scope.tenant.id)
        if query:
            audience = visibility.person(session, tenant_id=scope.tenant.id, person_id=scope.person.id)
            found = chat_lookup.find_paragraphs(query, session=session, scope=scope, body=None, services=services,
                                                audience=audience, limit=MAX_RESULTS)
            for p in found.paragraphs:
                hidden = not visibility.may_read(audience, p)
                results.append({"id": p.id, "label": f"§ {p.number}" if p.number is not None else "Utan §",
                                "body": p.body.name, "date": paragraph_date(p, zone=services.zone),
                                "title": visibility.paragraph_title(audience, p),
                                "dnr": None if hidden else (p.case.dnr_written if p.case else None)})
            if not results:
                suggestions = suggest_words(session, tenant_id=scope.tenant.id, query=query)
        org = scope.tenant.name or "Organisationen"
    return page("search.html", title=f"Sök i arkivet{' – ' + query if query else ''}", org=org, query=query,
                results=results, suggestions=suggestions, token=grant.token, slug=slug)


def _verified(request: web.Request, *, tenant_id: int) -> Grant | LinkError | None:
    """No link: the public view; a link: its grant or its refusal."""
    if not request.query.get("t"):
        return None
    return grant_for_tenant(request, tenant_id=tenant_id, page="arkiv")


def _paragraph_view(row: Row[Any], clauses: tuple[str, ...], *, hidden: bool) -> ParagraphView:
    """The protocol package's § view, built from one row (the same fields ``paragraph_view`` fills)."""
    if hidden:
        return ParagraphView(number=row.number, title=msg.CONFIDENTIAL_MARK, locked=row.locked, confidential=True,
                             hidden=True)
    return ParagraphView(number=row.number, title=row.title, dnr=row.dnr_written, intro=row.decision_intro,
                         clauses=clauses, proposal=row.proposal, text=row.body_text,
                         distribution=tuple(row.distribution or ()), documents=tuple(row.documents or ()),
                         locked=row.locked, confidential=row.confidential)


async def paragraph_page(request: web.Request) -> web.Response:
    """GET /arkiv/{slug}/paragraf/{id}: the permanent page of one §."""
    services = services_of(request)
    tenant_id = tenant_id_of_slug(services, request.match_info["slug"])
    paragraph_id = parse_id(request.match_info["paragraph_id"])
    if tenant_id is None or paragraph_id is None:
        return not_found()
    grant = _verified(request, tenant_id=tenant_id)
    if isinstance(grant, LinkError):
        return refusal(grant)
    params = {"tenant_id": tenant_id, "paragraph_id": paragraph_id}
    with services.sessions() as session:
        row = session.execute(q.PARAGRAPH, params).first()
        if row is None:
            return not_found("Paragrafen finns inte.")
        justerad = bool(row.locked or row.meeting_state == "justerat")
        if grant is None and not (row.is_public and justerad and not row.confidential):
            return refusal("missing", status=401)
        member = grant is not None and is_member(session, scope=scope_of(session, grant=grant),
                                                 body=session.get(Body, row.body_id))
        hidden = bool(row.confidential and not member)
        view = _paragraph_view(row, () if hidden else tuple(session.scalars(q.CLAUSES, params)), hidden=hidden)
        today = services.now().date()
        assignments = [] if hidden else assignment_lines(session, tenant_id=tenant_id, paragraph_id=params["paragraph_id"],
                                                         today=today, zone=services.zone)
    facts = {"body": row.body_name, "justerad": justerad, "meeting_id": row.meeting_id,
             "date": row.starts_at.astimezone(services.zone).date().isoformat() if row.starts_at else str(row.year),
             "protocol_public": bool(row.is_public and row.meeting_state == "justerat")}
    token = grant.token if grant is not None else None
    return page("paragraph.html", title=f"{view.label} {view.title} – {row.body_name}", org=row.body_name,
                paragraph=view, facts=facts, assignments=assignments, token=token, slug=request.match_info["slug"],
                hidden=hidden)
