"""Who signs the protocol and who took part in each §: chair, secretary, jäv and replacements.

The header of a protocol writes people as the seeds do — "Mikael Johansson (S)
(ordförande)" — and secretaries type attendance that way. The signature block needs the bare
name, so the role is read from the parenthesised parts, falling back to the body's seats.

Attendance can change within a meeting: a member jävig on a § leaves for it, an ersättare serves
for some §§. Those are stored per meeting and § range (``ParagraphAttendance``) and written both
under each § and, for replacements, in the header.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from storage.models import Attendance, Meeting, Membership, ParagraphAttendance, Person

_PARENS = re.compile(r"\s*\(([^)]*)\)")


def bare_name(text: str) -> str:
    """"Mikael Johansson (S) (ordförande)" → "Mikael Johansson"."""
    return _PARENS.sub("", text).strip(" ,")


def attendance_line(row: Attendance) -> str:
    """The header form of one attendee: the typed text plus party and role when stored apart."""
    text = row.name
    for extra in (row.party, row.role):
        if extra and f"({extra})" not in text:
            text += f" ({extra})"
    if row.organisation and row.organisation not in text:
        text += f", {row.organisation}"
    return text


def _role_in_attendance(meeting: Meeting, role: str) -> str | None:
    for row in meeting.attendance:
        roles = [part.strip().lower() for part in _PARENS.findall(row.name)] + [(row.role or "").lower()]
        if role in roles:
            return bare_name(row.name)
    return None


def _role_in_body(session: Session, meeting: Meeting, role: str) -> str | None:
    query = (select(Person.name).join(Membership, Membership.person_id == Person.id)
             .where(Membership.tenant_id == meeting.tenant_id, Membership.body_id == meeting.body_id,
                    Membership.role == role).order_by(Membership.id))
    return session.scalars(query).first()


def chair_of(session: Session, meeting: Meeting) -> str | None:
    """Ordförande: as recorded on the meeting, in the attendance, or the body's seat."""
    return meeting.chair_name or _role_in_attendance(meeting, "ordförande") or _role_in_body(
        session, meeting, "ordförande")


def secretary_of(session: Session, meeting: Meeting) -> str | None:
    """Sekreterare: as recorded on the meeting, in the attendance, or the body's seat."""
    return meeting.secretary_name or _role_in_attendance(meeting, "sekreterare") or _role_in_body(
        session, meeting, "sekreterare")


def section_range(first: int, last: int) -> str:
    """"§ 3" or "§§ 3–5", as protocols write a run of paragraphs."""
    return f"§ {first}" if first == last else f"§§ {first}–{last}"


def attendance_changes(session: Session, meeting: Meeting) -> list[ParagraphAttendance]:
    """The meeting's jäv and replacements, in the order they were recorded."""
    return list(session.scalars(select(ParagraphAttendance).where(
        ParagraphAttendance.tenant_id == meeting.tenant_id, ParagraphAttendance.meeting_id == meeting.id)
        .order_by(ParagraphAttendance.first_number, ParagraphAttendance.id)))


def paragraph_attendance_lines(rows: list[ParagraphAttendance], *, number: int | None) -> tuple[str, ...]:
    """What the protocol says under § ``number``: who is jävig, who serves in whose place."""
    if number is None:
        return ()
    lines: list[str] = []
    for row in rows:
        if not row.first_number <= number <= row.last_number:
            continue
        if row.kind == "jäv":
            lines.append(msg.JAV_LINE.format(name=row.name))
        else:
            lines.append(msg.SUBSTITUTE_LINE.format(name=row.name, replaces=row.replaces_name or "–"))
    return tuple(lines)


def substitution_header(rows: list[ParagraphAttendance]) -> tuple[str, ...]:
    """The header's changes in who decides: «§§ 3–5: Kalle Karlsson ersätter Annikki Tinmark»."""
    return tuple(msg.SUBSTITUTE_HEADER.format(range=section_range(r.first_number, r.last_number), name=r.name,
                                              replaces=r.replaces_name or "–")
                 for r in rows if r.kind == "ersätter")
