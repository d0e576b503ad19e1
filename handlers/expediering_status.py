"""``/protokoll expediering``: who got which §, who has pressed «Mottaget», and the e-mail links.

The secretary's view of an expediering (``handlers.expediering``): a private reply, since it names
the §§ — a sekretess § is titled only for a reader who is a member of the body.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers import visibility
from handlers.context import Services
from handlers.expediering import external_link, label, meeting_day, moment_text
from handlers.protocol.model import meeting_paragraphs
from handlers.reply import Reply, Section
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope
from storage.models import DispatchReceipt, Meeting


def expedition_status(meeting: Meeting, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Who got which §, who has pressed «Mottaget» and who has not; externals with their link."""
    require_role(session, scope=scope, body=meeting.body, roles=RECORDERS, action="se expedieringen")
    day = meeting_day(meeting, services=services)
    audience = visibility.person(session, tenant_id=scope.tenant.id, person_id=scope.person.id)  # a private reply
    sections: list[Section] = []
    members = waiting = 0
    for paragraph in meeting_paragraphs(session, meeting):
        receipts = list(session.scalars(select(DispatchReceipt).where(
            DispatchReceipt.tenant_id == scope.tenant.id, DispatchReceipt.paragraph_id == paragraph.id)
            .order_by(DispatchReceipt.id)))
        if not receipts:
            continue
        lines: list[str] = []
        for receipt in receipts:
            if receipt.kind == "member":
                members += 1
                if receipt.acknowledged_at is None:
                    waiting += 1
                    lines.append(msg.EXPEDITION_WAITING.format(name=receipt.recipient,
                                                               when=moment_text(receipt.sent_at, services=services)))
                else:
                    lines.append(msg.EXPEDITION_ACKED.format(name=receipt.recipient,
                                                             when=moment_text(receipt.acknowledged_at, services=services)))
            elif receipt.kind == "external":
                link = external_link(services, tenant_id=scope.tenant.id, person_id=receipt.person_id,
                                     paragraph_id=paragraph.id, session=session) if receipt.person_id else None
                lines.append(msg.EXPEDITION_EXTERNAL.format(name=receipt.recipient, link=f": {link}" if link else ""))
            else:
                lines.append(msg.EXPEDITION_HELD.format(name=receipt.recipient))
        heading = f"{label(paragraph)} {visibility.paragraph_title(audience, paragraph)}"
        sections.append(Section(heading=heading, lines=tuple(lines)))
    if not sections:
        return Reply(text=msg.EXPEDITION_NONE_YET.format(day=day), ephemeral=True)
    return Reply(title=msg.EXPEDITION_STATUS_TITLE.format(body=meeting.body.name, day=day),
                 text=msg.EXPEDITION_SUMMARY.format(waiting=waiting, members=members), sections=tuple(sections),
                 ephemeral=True, private=True)
