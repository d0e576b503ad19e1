"""``/protokoll``: show the protocol and extracts, run justering in chat, show and set anslag."""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit, visibility
from handlers import messages as msg
from handlers.anslag import POLICIES
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.exports.links import calendar_link
from handlers.justering import adjust, mark_ready, request_change, with_justering_buttons
from handlers.lookups import body_for, latest_meeting, meeting_on_typed_date, next_meeting
from handlers.paragraph_view import title_only_reply
from handlers.parsing.fields import parse_fields
from handlers.protocol.chat import anslag_reply, extract_reply, protocol_reply
from handlers.protocol.model import build_extract, build_protocol
from handlers.recording import existing_paragraph
from handlers.reply import Reply
from handlers.roles import MANAGERS, RECORDERS, is_member, require_role
from handlers.scope import Scope
from handlers.weblinks import board_url
from storage.models import Meeting
from storage.tenancy import scoped

LABELS = {"organ": "body", "möte": "meeting", "mote": "meeting"}
_CHANGE_HEAD = re.compile(r'^\s*(?P<day>\d{4}-\d{2}-\d{2})?\s*(?:organ\s+(?:"(?P<quoted>[^"]+)"|(?P<word>\S+)))?'
                          r'\s*:?\s*(?P<rest>.*)$', re.S | re.I)
_EXTRACT = re.compile(r"^\s*§?\s*(?P<n>\d{1,6})(?!\d)\s*(?P<year>(?<=\s)\d{4})?\s*(?P<rest>.*)$", re.S)
_ANSLAG_POLICY = {"samma dag": "same_day", "nästa arbetsdag": "next_working_day"}


@handler("protokoll")
def protokoll(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /protokoll; with nothing or a date, the protocol itself."""
    sub, _, rest = inv.text.strip().partition(" ")
    sub, rest = sub.lower(), rest.strip()
    now, zone = services.now(), services.zone
    if sub == "utdrag":
        return _extract(rest, session=session, scope=scope, services=services)
    if sub == "klart":
        meeting = _meeting(rest, session=session, scope=scope, services=services, prefer="held")
        require_role(session, scope=scope, body=meeting.body, roles=RECORDERS, action="skicka protokollet för justering")
        from handlers.minutes import writes_minutes  # the body's kind decides: minutes are not justerade

        if writes_minutes(meeting.body):
            raise UserError(msg.PROTOCOL_IS_MINUTES.format(
                body=meeting.body.name, day=meeting.starts_at.astimezone(zone).date().isoformat()))
        return mark_ready(session, scope=scope, meeting=meeting, now=now, zone=zone)
    if sub == "justera":
        meeting = _meeting(rest, session=session, scope=scope, services=services, prefer="ready")
        reply = adjust(session, scope=scope, meeting=meeting, now=now, zone=zone)
        return with_notice_link(reply, meeting=meeting, services=services)
    if sub in ("ändring", "andring"):
        head = _CHANGE_HEAD.match(rest)
        assert head is not None  # every group is optional, so the pattern always matches
        reference = " ".join(p for p in (head.group("day"), _organ(head)) if p)
        meeting = _meeting(reference, session=session, scope=scope, services=services, prefer="ready")
        return request_change(session, scope=scope, meeting=meeting, comment=head.group("rest"), now=now, zone=zone)
    if sub == "pdf":
        from handlers.protocol.download import pdf_reply

        meeting = _meeting(rest, session=session, scope=scope, services=services, prefer="held")
        return pdf_reply(session, scope=scope, services=services, meeting=meeting)
    if sub == "anslag":
        return _anslag(rest, session=session, scope=scope, services=services)
    if sub in ("förvaring", "förvaringsplats"):
        return _storage(rest, session=session, scope=scope)
    if sub in _YEAR_SUBS:
        return _year(sub, rest, session=session, scope=scope, services=services)
    text = rest if sub == "visa" else inv.text.strip()
    meeting = _meeting(text, session=session, scope=scope, services=services, prefer="held")
    view = build_protocol(session, meeting, zone=zone)
    link = calendar_link(services=services, tenant=scope.tenant, body=meeting.body)
    reply = protocol_reply(view, organ=_organ_arg(meeting), link=link)
    return with_justering_buttons(reply, meeting=meeting, scope=scope, zone=zone)


_YEAR_SUBS = frozenset({"jäv", "jav", "ersättare", "ersattare", "tjänstgöring", "expediera", "expediering",
                        "mottaget"})


def _year(sub: str, rest: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Jäv and replacements per §, expediering and its receipts (issue 18) live in their own modules."""
    from handlers import expediering, expediering_status, per_paragraph

    if sub in ("jäv", "jav"):
        return per_paragraph.record_jav(rest, session=session, scope=scope, services=services)
    if sub in ("ersättare", "ersattare", "tjänstgöring"):
        return per_paragraph.record_substitute(rest, session=session, scope=scope, services=services)
    if sub == "mottaget":
        return expediering.acknowledge(rest, session=session, scope=scope, services=services)
    meeting = _meeting(rest, session=session, scope=scope, services=services, prefer="held")
    if sub == "expediera":
        return expediering.expedite(meeting, session=session, scope=scope, services=services)
    return expediering_status.expedition_status(meeting, session=session, scope=scope, services=services)


def _organ(head: re.Match[str]) -> str | None:
    name = head.group("quoted") or head.group("word")
    return f'organ "{name}"' if name else None


def _organ_arg(meeting: Meeting) -> str:
    return meeting.body.short_name or f'"{meeting.body.name}"'


def _meeting(text: str, *, session: Session, scope: Scope, services: Services, prefer: str) -> Meeting:
    """The meeting named by a date; else the one awaiting justering, the latest held or the next."""
    fields = parse_fields(text, labels=LABELS)
    body = body_for(session, scope=scope, name=fields.get("body"))
    value = fields.get("meeting") or fields.head
    if value:
        return meeting_on_typed_date(value, session=session, scope=scope, body=body, services=services)
    if prefer == "ready":
        waiting = session.scalars(scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id).where(
            Meeting.body_id == body.id, Meeting.state == "för_justering").order_by(Meeting.starts_at.desc())).first()
        if waiting is not None:
            return waiting
    found = latest_meeting(session, scope=scope, body=body, now=services.now()) or next_meeting(
        session, scope=scope, body=body, now=services.now())
    if found is None:
        raise UserError(msg.PROTOCOL_NO_MEETING.format(body=body.name), usage="/mote ny 2025-03-30 kl. 13:00")
    return found


def _extract(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    match = _EXTRACT.match(text)
    if not match:
        raise UserError("Ange paragrafens nummer.", usage=msg.PROTOCOL_EXTRACT_USAGE)
    fields = parse_fields(match.group("rest"), labels=LABELS)
    body = body_for(session, scope=scope, name=fields.get("body"))
    year = int(match.group("year")) if match.group("year") else services.now().year
    paragraph = existing_paragraph(session, tenant_id=scope.tenant.id, body=body, year=year,
                                   number=int(match.group("n")))
    if paragraph is None:
        raise UserError(msg.PROTOCOL_PARAGRAPH_MISSING.format(number=match.group("n"), year=year, body=body.name),
                        usage=msg.PROTOCOL_EXTRACT_USAGE)
    if visibility.title_only(visibility.asker(session, scope=scope, services=services), paragraph):
        return title_only_reply(session, paragraph, services=services, person_id=scope.person.id)
    member = paragraph.confidential and is_member(session, scope=scope, body=body)
    view = build_extract(session, paragraph, zone=services.zone, include_confidential=member)
    reply = extract_reply(view, ephemeral=paragraph.confidential)
    return replace(reply, private=paragraph.confidential)


def _anslag(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Show the anslag of a meeting, or set the body's routine: «samma dag» / «nästa arbetsdag»."""
    fields = parse_fields(text, labels=LABELS)
    policy = _ANSLAG_POLICY.get(" ".join(fields.head.lower().split()))
    if policy in POLICIES:
        body = body_for(session, scope=scope, name=fields.get("body"))
        require_role(session, scope=scope, body=body, roles=MANAGERS, action="ändra anslagsrutinen")
        body.settings = {**(body.settings or {}), "anslag": policy}
        audit.record(session, scope=scope, action="body.anslag_policy", subject_type="body", subject_id=body.id,
                     details={"anslag": policy})
        return Reply(text=msg.PROTOCOL_ANSLAG_POLICY_SET.format(body=body.name, policy=fields.head), tone="success")
    meeting = _meeting(text, session=session, scope=scope, services=services, prefer="held")
    return anslag_reply(build_protocol(session, meeting, zone=services.zone))


def _storage(text: str, *, session: Session, scope: Scope) -> Reply:
    """Set where the body's signed protocols are kept (the seeds' «Förvaringsplats»)."""
    fields = parse_fields(text, labels=LABELS)
    if not fields.head:
        raise UserError(msg.PROTOCOL_STORAGE_MISSING, usage="/protokoll förvaring Centralarkivet Ånge")
    body = body_for(session, scope=scope, name=fields.get("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="ändra förvaringsplatsen")
    body.storage_place = fields.head
    audit.record(session, scope=scope, action="body.storage_place", subject_type="body", subject_id=body.id,
                 details={"storage_place": fields.head})
    return Reply(text=msg.PROTOCOL_STORAGE_SET.format(body=body.name, place=fields.head), tone="success")


def with_notice_link(reply: Reply, *, meeting: Meeting, services: Services) -> Reply:
    """Once a public body's protocol is justerat, the reply links to its notice on the anslagstavla."""
    if meeting.state != "justerat" or not meeting.body.is_public or reply.link is not None:
        return reply
    board = board_url(services, tenant_id=meeting.tenant_id)
    if board is None:
        return reply
    return replace(reply, link=(msg.NOTICE_LINK_LABEL, f"{board}/protokoll/{meeting.id}"))
