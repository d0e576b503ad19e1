"""Expediering: «Beslutet ska skickas till» as a delivery with receipts.

After justering the secretary sends each § to its distribution list (``/protokoll expediera``).
A recipient who holds a seat in the body gets the protokollsutdrag as a direct message with a
«Mottaget» button; anyone else is an external recipient and gets a signed link the secretary
e-mails. The button runs ``/protokoll mottaget N`` as the clicker, like every button, so it works
the same on Slack, Teams and in the terminal. ``/protokoll expediering`` shows who has not
acknowledged (``handlers.expediering_status``).

Sekretess: a sekretess § goes only to members of the body; every other recipient is recorded as
withheld and gets nothing, not even its title. Each recipient gets a § once (one receipt row per §
and recipient), so running ``expediera`` again sends only to recipients added since.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Services
from handlers.errors import UserError
from handlers.parsing.dates import format_date_sv
from handlers.protocol.chat import extract_reply
from handlers.protocol.delivery import post_to_person
from handlers.protocol.model import build_extract, meeting_paragraphs
from handlers.recording import is_closed
from handlers.reply import Button, Reply, Section
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope
from storage.models import DispatchReceipt, Meeting, Membership, Paragraph, Person
from storage.search.text import fold

EXTERNAL_LINK_TTL = timedelta(days=30)  # long enough for an e-mail to be read; the § is an allmän handling


def meeting_day(meeting: Meeting, *, services: Services) -> str:
    """The meeting's date as the commands write it (2019-03-19)."""
    return meeting.starts_at.astimezone(services.zone).date().isoformat()


def _members(session: Session, *, meeting: Meeting) -> dict[str, Person]:
    """The body's seat holders, by folded name and by the function their seat is tied to."""
    rows = session.execute(select(Membership.function, Person).join(Person, Person.id == Membership.person_id).where(
        Membership.tenant_id == meeting.tenant_id, Membership.body_id == meeting.body_id,
        Membership.end_on.is_(None)).order_by(Membership.id))
    found: dict[str, Person] = {}
    for function, person in rows:
        found.setdefault(fold(person.name), person)
        if function:
            found.setdefault(fold(function), person)
    return found


def _external_person(session: Session, *, tenant_id: int, name: str) -> Person:
    """The person a signed link is made out to: an external recipient has no chat account, and a
    link bound to the secretary would open everything the secretary may read."""
    person = session.scalars(select(Person).where(Person.tenant_id == tenant_id, Person.name == name,
                                                  Person.platform_user_id.is_(None))).first()
    if person is None:
        person = Person(tenant_id=tenant_id, name=name)
        session.add(person)
        session.flush()
    return person


def external_link(services: Services, *, tenant_id: int, person_id: int, paragraph_id: int,
                  session: Session) -> str | None:
    """The § page signed for an external recipient, valid long enough to be e-mailed and read."""
    signer = services.link_signer
    if signer is None or not services.public_url:
        return None
    path = f"/arkiv/{signer.tenant_slug(tenant_id)}/paragraf/{paragraph_id}"
    return signer.make_link(tenant_id=tenant_id, person_id=person_id, purpose="arkiv", ttl=EXTERNAL_LINK_TTL,
                            now=services.now(), path=path, session=session)


def receipt_button(receipt: DispatchReceipt) -> Button:
    """«Mottaget»: the command it runs carries the receipt, and only its recipient may press it."""
    return Button(msg.BUTTON_RECEIVED, f"protokoll mottaget {receipt.id}", style="primary")


def _extract(session: Session, paragraph: Paragraph, *, services: Services) -> Reply:
    view = build_extract(session, paragraph, zone=services.zone, include_confidential=True)
    return replace(extract_reply(view, ephemeral=False), private=paragraph.confidential)


def expedite(meeting: Meeting, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Send every § of a justerat protocol to its distribution list; list the e-mail links."""
    require_role(session, scope=scope, body=meeting.body, roles=RECORDERS, action="expediera protokollet")
    day = meeting_day(meeting, services=services)
    if not is_closed(meeting):
        raise UserError(msg.EXPEDITE_NOT_ADJUSTED.format(day=day))
    paragraphs = [p for p in meeting_paragraphs(session, meeting) if p.distribution]
    if not paragraphs:
        raise UserError(msg.EXPEDITE_NOTHING.format(day=day))
    members = _members(session, meeting=meeting)
    now = services.now()
    sent = again = withheld = 0
    external_lines: list[str] = []
    for paragraph in paragraphs:
        known = {r.recipient for r in session.scalars(select(DispatchReceipt).where(
            DispatchReceipt.tenant_id == scope.tenant.id, DispatchReceipt.paragraph_id == paragraph.id))}
        for recipient in dict.fromkeys(" ".join(r.split()) for r in paragraph.distribution if r.strip()):
            if recipient in known:
                again += 1
                continue
            person = members.get(fold(recipient))
            receipt = DispatchReceipt(tenant_id=scope.tenant.id, paragraph_id=paragraph.id, recipient=recipient[:300])
            if person is not None:
                receipt.kind, receipt.person_id, receipt.sent_at = "member", person.id, now
                session.add(receipt)
                session.flush()
                _send_dm(session, receipt=receipt, person=person, paragraph=paragraph, meeting=meeting,
                         services=services)
                sent += 1
            elif paragraph.confidential:
                receipt.kind = "withheld"
                session.add(receipt)
                withheld += 1
            else:
                external = _external_person(session, tenant_id=scope.tenant.id, name=recipient[:200])
                receipt.kind, receipt.person_id, receipt.sent_at = "external", external.id, now
                session.add(receipt)
                link = external_link(services, tenant_id=scope.tenant.id, person_id=external.id,
                                     paragraph_id=paragraph.id, session=session)
                external_lines.append(f"{label(paragraph)} {paragraph.title} → {recipient}: "
                                      f"{link or msg.EXPEDITE_NO_LINK}")
    session.flush()
    audit.record(session, scope=scope, action="meeting.expedite", subject_type="meeting", subject_id=meeting.id,
                 details={"dm": sent, "external": len(external_lines), "withheld": withheld, "again": again})
    notes = [msg.EXPEDITE_AGAIN.format(count=again)] if again else []
    if withheld:
        notes.append(msg.EXPEDITE_WITHHELD.format(count=withheld))
    sections = (Section(heading=msg.EXPEDITE_EXTERNAL_HEADING, lines=tuple(external_lines)),) if external_lines else ()
    return Reply(title=msg.EXPEDITE_TITLE.format(body=meeting.body.name, day=day),
                 text=msg.EXPEDITE_SENT.format(members=sent, externals=len(external_lines)), sections=sections,
                 context=" · ".join(notes) or None, tone="success", ephemeral=True)


def label(paragraph: Paragraph) -> str:
    """"§ 5", or "§ –" for an unnumbered text."""
    return f"§ {paragraph.number}" if paragraph.number is not None else "§ –"


def _send_dm(session: Session, *, receipt: DispatchReceipt, person: Person, paragraph: Paragraph, meeting: Meeting,
             services: Services) -> None:
    extract = _extract(session, paragraph, services=services)
    day = meeting_day(meeting, services=services)
    reply = replace(extract, text=msg.EXPEDITE_DM_TEXT.format(body=meeting.body.name, day=day),
                    buttons=(receipt_button(receipt),))
    # A member the bot cannot write to privately is named in the channel — never with the § itself.
    fallback = Reply(text=msg.EXPEDITE_FALLBACK.format(label=label(paragraph), day=day, name=person.name),
                     tone="warning")
    post_to_person(session, tenant_id=meeting.tenant_id, person=person, body=meeting.body,
                   key=f"expediering:{receipt.id}", reply=reply, fallback=fallback, now=services.now(),
                   kind="notice", subject_type="paragraph", subject_id=paragraph.id)


def acknowledge(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """«Mottaget»: the recipient confirms; a second press (or a stale card) says when it was done."""
    number = text.strip().lstrip("#")
    if not (number.isascii() and number.isdigit()):
        raise UserError(msg.RECEIPT_NEED)
    receipt = session.scalars(select(DispatchReceipt).where(DispatchReceipt.tenant_id == scope.tenant.id,
                                                            DispatchReceipt.id == int(number))).first()
    if receipt is None or receipt.kind != "member":
        raise UserError(msg.RECEIPT_NOT_FOUND.format(id=number))
    if receipt.person_id != scope.person.id:
        raise UserError(msg.RECEIPT_NOT_YOURS.format(name=receipt.recipient))
    paragraph = session.get(Paragraph, receipt.paragraph_id)
    assert paragraph is not None  # the receipt's foreign key cascades with the §
    shown = label(paragraph)
    first = receipt.acknowledged_at is None
    if first:
        receipt.acknowledged_at = services.now()
        audit.record(session, scope=scope, action="paragraph.received", subject_type="paragraph",
                     subject_id=paragraph.id, details={"receipt": receipt.id})
    when = moment_text(receipt.acknowledged_at, services=services)
    card = replace(_extract(session, paragraph, services=services), buttons=(),
                   context=msg.RECEIPT_DONE_CONTEXT.format(when=when))
    day = paragraph.meeting.starts_at.astimezone(services.zone).date().isoformat() if paragraph.meeting else "–"
    text_out = (msg.RECEIPT_ACKNOWLEDGED.format(label=shown, body=paragraph.body.name, day=day) if first
                else msg.RECEIPT_ALREADY.format(label=shown, when=when))
    return Reply(text=text_out, tone="success" if first else "info", ephemeral=True, card_update=card)


def moment_text(moment: datetime | None, *, services: Services) -> str:
    """"21 mars 2019 kl. 11:30" in the organisation's zone, or "–"."""
    if moment is None:
        return "–"
    local = moment.astimezone(services.zone)
    return f"{format_date_sv(local.date())} kl. {local:%H:%M}"
