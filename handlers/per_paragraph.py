"""``/protokoll jäv`` and ``/protokoll ersättare``: who takes part in which § of a meeting.

A member who is jävig leaves the room for that §, and an ersättare may serve for a few §§ only;
the protocol must say so under each § («X deltar inte i handläggningen på grund av jäv») and, for
a replacement, in its header. The rows are kept per meeting and § range so a § renumbered later
still reads right, and a protocol that is justerat is a public record: nothing here changes it.

Syntax (secretary or ordförande)::

    /protokoll jäv § 3 Annikki Tinmark [möte 2019-03-19] [organ SG]
    /protokoll jäv §§ 3–5 Annikki Tinmark
    /protokoll jäv ta bort § 3 Annikki Tinmark
    /protokoll ersättare §§ 3–5 Kalle Karlsson ersätter Annikki Tinmark [möte 2019-03-19]
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Services
from handlers.errors import UserError
from handlers.lookups import body_for, latest_meeting, meeting_on_typed_date
from handlers.parsing.fields import parse_fields
from handlers.people import display_name
from handlers.protocol.model import meeting_paragraphs
from handlers.protocol.people import bare_name, section_range
from handlers.recording import is_closed, reopen_if_out_for_justering
from handlers.reply import Reply
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope
from storage.models import Meeting, Membership, ParagraphAttendance, Person
from storage.search.text import fold

LABELS = {"möte": "meeting", "mote": "meeting", "organ": "body"}
_RANGE = re.compile(r"^\s*(?:§§?|paragraf(?:erna)?)?\s*(?P<first>\d{1,6})(?:\s*[-–—]\s*(?P<last>\d{1,6}))?(?!\d)\s*",
                    re.I)
_REPLACES = re.compile(r"\s+ersätter\s+", re.I)


def _read_range(text: str, *, usage: str) -> tuple[int, int, str]:
    """The § range at the start of ``text`` and what follows it."""
    match = _RANGE.match(text)
    if not match:
        word = text.split(" ", 1)[0] if text.strip() else "–"
        raise UserError(msg.PER_PARAGRAPH_BAD_RANGE.format(text=word), usage=usage)
    first = int(match.group("first"))
    last = int(match.group("last") or first)
    if last < first or first < 1:
        raise UserError(msg.PER_PARAGRAPH_BAD_RANGE.format(text=match.group(0).strip()), usage=usage)
    return first, last, text[match.end():]


def _meeting(fields_meeting: str | None, *, body_name: str | None, session: Session, scope: Scope,
             services: Services) -> Meeting:
    body = body_for(session, scope=scope, name=body_name)
    require_role(session, scope=scope, body=body, roles=RECORDERS, action="föra in jäv och tjänstgöring")
    if fields_meeting:
        return meeting_on_typed_date(fields_meeting, session=session, scope=scope, body=body, services=services)
    meeting = latest_meeting(session, scope=scope, body=body, now=services.now())
    if meeting is None:
        raise UserError(msg.PROTOCOL_NO_MEETING.format(body=body.name), usage=msg.USAGE_JAV)
    return meeting


def _check(meeting: Meeting, *, first: int, last: int, session: Session, services: Services) -> str:
    """The meeting's day; refuses a justerat protocol and a range with none of its §§."""
    day = meeting.starts_at.astimezone(services.zone).date().isoformat()
    if is_closed(meeting):
        raise UserError(msg.PER_PARAGRAPH_CLOSED.format(day=day))
    numbers = [p.number for p in meeting_paragraphs(session, meeting) if p.number is not None]
    if not any(first <= n <= last for n in numbers):
        shown = ", ".join(str(n) for n in numbers) or "inga ännu"
        raise UserError(msg.PER_PARAGRAPH_NO_SUCH.format(day=day, range=section_range(first, last), numbers=shown))
    return day


def _seat_holder(name: str, *, meeting: Meeting, session: Session) -> tuple[str, int | None] | None:
    """The member named (a seat in the body, or on the meeting's attendance list), as spelt there."""
    wanted = fold(bare_name(name))
    seats = session.execute(select(Person.name, Person.id).join(Membership, Membership.person_id == Person.id).where(
        Membership.tenant_id == meeting.tenant_id, Membership.body_id == meeting.body_id,
        Membership.end_on.is_(None)))
    for person_name, person_id in seats:
        if fold(person_name) == wanted:
            return person_name, person_id
    for row in meeting.attendance:
        if fold(bare_name(row.name)) == wanted:
            return bare_name(row.name), row.person_id
    return None


def record_jav(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Mark a member jävig on a § (or a run of §§), or take the mark away with «ta bort»."""
    remove = text.lower().startswith("ta bort")
    text = text[len("ta bort"):].strip() if remove else text.strip()
    if not text:
        raise UserError(msg.JAV_NEED)
    first, last, rest = _read_range(text, usage=msg.USAGE_JAV)
    fields = parse_fields(rest, labels=LABELS)
    name = display_name(fields.head).strip()
    if not name:
        raise UserError(msg.JAV_NEED)
    meeting = _meeting(fields.get("meeting"), body_name=fields.get("body"), session=session, scope=scope,
                       services=services)
    day = _check(meeting, first=first, last=last, session=session, services=services)
    found = _seat_holder(name, meeting=meeting, session=session)
    if found is None:
        raise UserError(msg.PER_PARAGRAPH_NOT_MEMBER.format(name=name, body=meeting.body.name), usage=msg.USAGE_JAV)
    member, person_id = found
    span = section_range(first, last)
    if remove:
        rows = [r for r in session.scalars(select(ParagraphAttendance).where(
            ParagraphAttendance.tenant_id == scope.tenant.id, ParagraphAttendance.meeting_id == meeting.id,
            ParagraphAttendance.kind == "jäv", ParagraphAttendance.first_number == first,
            ParagraphAttendance.last_number == last)) if fold(r.name) == fold(member)]
        if not rows:
            raise UserError(msg.JAV_NOT_FOUND.format(name=member, range=span, day=day))
        for row in rows:
            session.delete(row)
        reopened = reopen_if_out_for_justering(meeting)
        audit.record(session, scope=scope, action="paragraph.jav_removed", subject_type="meeting",
                     subject_id=meeting.id, details={"name": member, "first": first, "last": last})
        return _done(msg.JAV_REMOVED.format(name=member, range=span, day=day), reopened=reopened)
    session.add(ParagraphAttendance(tenant_id=scope.tenant.id, meeting_id=meeting.id, kind="jäv", name=member,
                                    person_id=person_id, first_number=first, last_number=last))
    reopened = reopen_if_out_for_justering(meeting)
    audit.record(session, scope=scope, action="paragraph.jav", subject_type="meeting", subject_id=meeting.id,
                 details={"name": member, "first": first, "last": last})
    return _done(msg.JAV_RECORDED.format(name=member, range=span, day=day, line=msg.JAV_LINE.format(name=member)),
                 reopened=reopened)


def record_substitute(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """«§§ 3–5 Kalle Karlsson ersätter Annikki Tinmark»: who serves in a member's place, for which §§."""
    if not text.strip():
        raise UserError(msg.SUBSTITUTE_NEED)
    first, last, rest = _read_range(text.strip(), usage=msg.USAGE_SUBSTITUTE)
    fields = parse_fields(rest, labels=LABELS)
    parts = _REPLACES.split(" " + fields.head + " ", maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise UserError(msg.SUBSTITUTE_NEED)
    name, replaced = display_name(parts[0]).strip(), display_name(parts[1]).strip()
    meeting = _meeting(fields.get("meeting"), body_name=fields.get("body"), session=session, scope=scope,
                       services=services)
    day = _check(meeting, first=first, last=last, session=session, services=services)
    found = _seat_holder(replaced, meeting=meeting, session=session)
    if found is None:
        raise UserError(msg.PER_PARAGRAPH_NOT_MEMBER.format(name=replaced, body=meeting.body.name),
                        usage=msg.USAGE_SUBSTITUTE)
    replaced = found[0]
    substitute = _seat_holder(name, meeting=meeting, session=session)
    session.add(ParagraphAttendance(tenant_id=scope.tenant.id, meeting_id=meeting.id, kind="ersätter",
                                    name=substitute[0] if substitute else bare_name(name),
                                    person_id=substitute[1] if substitute else None, replaces_name=replaced,
                                    first_number=first, last_number=last))
    reopened = reopen_if_out_for_justering(meeting)
    audit.record(session, scope=scope, action="paragraph.substitute", subject_type="meeting",
                 subject_id=meeting.id, details={"name": name, "replaces": replaced, "first": first, "last": last})
    return _done(msg.SUBSTITUTE_RECORDED.format(range=section_range(first, last), day=day, name=bare_name(name),
                                                replaces=replaced), reopened=reopened)


def _done(text: str, *, reopened: bool) -> Reply:
    return Reply(text=text, context=msg.PER_PARAGRAPH_REOPENED if reopened else None,
                 tone="warning" if reopened else "success")
