"""GET /arkiv/{slug}/protokoll/{meeting_id}.pdf: a meeting's protocol as PDF, behind a signed link.

The «Ladda ned PDF» answer in chat hands out this link (``handlers.weblinks.protocol_pdf_link``),
bound to the person who asked. Teams opens it in the browser, since a bot cannot attach bytes to
a channel message. The link is checked before anything is read; a member of the body gets the
members' view (confidential §§ in full), anyone else of the organisation the channel's view.
The PDF is rendered in a worker thread: fpdf2 takes long enough to stall the event loop.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.web.access import grant_for_tenant, scope_of, services_of, tenant_id_of_slug
from bot.web.ids import parse_id
from bot.web.links import LinkError
from bot.web.render import not_found, refusal
from handlers.protocol.download import file_name
from handlers.protocol.model import build_protocol
from handlers.protocol.render import MEDIA_TYPES, render
from handlers.roles import is_member
from storage.models import Meeting


async def protocol_pdf(request: web.Request) -> web.Response:
    """The PDF, as an attachment; refusals are the archive's Swedish pages."""
    services = services_of(request)
    tenant_id = tenant_id_of_slug(services, request.match_info["slug"])
    meeting_id = parse_id(request.match_info["meeting_id"])
    if tenant_id is None or meeting_id is None:
        return not_found()
    grant = grant_for_tenant(request, tenant_id=tenant_id, page="arkiv")
    if isinstance(grant, LinkError):
        return refusal(grant)
    with services.sessions() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.tenant_id != tenant_id:
            return not_found("Protokollet finns inte.")
        member = is_member(session, scope=scope_of(session, grant=grant), body=meeting.body)
        view = build_protocol(session, meeting, zone=services.zone, include_confidential=member)
        name = file_name(body=meeting.body.short_name or meeting.body.name, day=view.day.isoformat())
    data = await asyncio.to_thread(render, view, fmt="pdf")
    return web.Response(body=data, headers={
        "Content-Type": MEDIA_TYPES["pdf"], "Cache-Control": "private, no-store",
        "Content-Disposition": f'attachment; filename="{name}"'})
