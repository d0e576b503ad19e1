"""The protocol as a PDF from chat: the card's «Ladda ned PDF» button runs ``/protokoll pdf``.

Why: a protocol card that ends in a terminal command (``samverkan export protocol …``) is a dead
end for everyone but the operator. The reply offers the file where the platform can take it —
Slack shares it into the conversation (``Reply.file``) — and a signed personal link to the web
server's PDF route, which Teams opens in the browser (a bot cannot attach bytes to a Teams
channel message). The shared file is the channel's view (confidential §§ hidden, as on the card);
the personal link gives a member of the body the members' view. At the terminal the CLI export
*is* the way, so it is named there.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.context import Services
from handlers.protocol.model import build_protocol
from handlers.protocol.render import MEDIA_TYPES, render
from handlers.reply import FileOffer, Reply
from handlers.scope import Scope
from handlers.weblinks import protocol_pdf_link
from storage.models import Meeting

TERMINAL = "console"


def _day(meeting: Meeting, *, zone) -> str:  # type: ignore[no-untyped-def]
    return meeting.starts_at.astimezone(zone).date().isoformat()


def file_name(*, body: str, day: str) -> str:
    """``protokoll-SV-2022-03-30.pdf``: the organ's short name keeps files of several bodies apart."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in body).strip("-") or "organ"
    return f"protokoll-{safe}-{day}.pdf"


def pdf_reply(session: Session, *, scope: Scope, services: Services, meeting: Meeting) -> Reply:
    """The answer to «Ladda ned PDF»: the file for the conversation and a personal link."""
    zone = services.zone
    day = _day(meeting, zone=zone)
    organ = meeting.body.short_name or f'"{meeting.body.name}"'
    if scope.platform == TERMINAL:
        return Reply(text=msg.PROTOCOL_EXPORT_HINT.format(organ=organ, date=day))
    view = build_protocol(session, meeting, zone=zone)  # the channel's view: what the card shows
    offer = FileOffer(name=file_name(body=meeting.body.short_name or meeting.body.name, day=day),
                      media_type=MEDIA_TYPES["pdf"], title=msg.PROTOCOL_PDF_READY.format(body=view.body, date=day),
                      render=lambda: render(view, fmt="pdf"))
    url = protocol_pdf_link(services, tenant_id=scope.tenant.id, person_id=scope.person.id, meeting_id=meeting.id,
                            session=session)
    if url is None:
        if scope.platform == "slack":
            return Reply(text=offer.title, file=offer, ephemeral=True)
        return Reply(text=msg.PROTOCOL_PDF_NO_WEB.format(organ=organ, date=day), ephemeral=True)
    return Reply(text=offer.title, link=(msg.PROTOCOL_PDF_LINK, url), context=msg.PROTOCOL_PDF_LINK_NOTE,
                 file=offer, ephemeral=True, private=True)
