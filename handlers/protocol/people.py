"""Who signs the protocol: the chair and the secretary, from the meeting or the body.

The header of a protocol writes people as the seeds do — "Mikael Johansson (S)
(ordförande)" — and secretaries type attendance that way. The signature block needs the bare
name, so the role is read from the parenthesised parts, falling back to the body's seats.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Attendance, Meeting, Membership, Person

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
