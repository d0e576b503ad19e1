"""What a body's exports may contain: its meetings, open and done assignments, public §§.

An export or a feed is read by a place, not a person: ``handlers.visibility`` decides, so
sekretess paragraphs — and assignments taken from them — never leave the bot this way.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import visibility
from storage.models import Assignment, Body, Meeting, Membership, Paragraph, Person
from storage.tenancy import scoped


def meetings_of(session: Session, *, body: Body) -> list[Meeting]:
    """The body's meetings, oldest first."""
    return list(session.scalars(scoped(select(Meeting), Meeting, tenant_id=body.tenant_id)
                                .where(Meeting.body_id == body.id).order_by(Meeting.starts_at)))


def public_paragraphs(session: Session, *, body: Body) -> list[Paragraph]:
    """Non-confidential paragraphs of the body, by year and number."""
    return list(session.scalars(scoped(select(Paragraph), Paragraph, tenant_id=body.tenant_id).where(
        Paragraph.body_id == body.id, visibility.readable(visibility.everyone(tenant_id=body.tenant_id)))
        .order_by(Paragraph.year, Paragraph.number, Paragraph.id)))


def public_assignments(session: Session, *, body: Body) -> list[Assignment]:
    """The body's assignments that are not cancelled and do not come from a confidential §."""
    query = (scoped(select(Assignment), Assignment, tenant_id=body.tenant_id)
             .outerjoin(Paragraph, Paragraph.id == Assignment.paragraph_id)
             .where(Assignment.body_id == body.id, Assignment.status != "cancelled",
                    visibility.readable_assignments(visibility.everyone(tenant_id=body.tenant_id)))
             .order_by(Assignment.id))
    return list(session.scalars(query))


def members_of(session: Session, *, body: Body) -> list[tuple[Person, list[Membership]]]:
    """People holding seats in the body, with their seats (function-only seats have no person)."""
    seats = session.scalars(scoped(select(Membership), Membership, tenant_id=body.tenant_id).where(
        Membership.body_id == body.id, Membership.person_id.is_not(None)).order_by(Membership.id))
    people: dict[int, tuple[Person, list[Membership]]] = {}
    for seat in seats:
        if seat.person is not None:
            people.setdefault(seat.person.id, (seat.person, []))[1].append(seat)
    return list(people.values())
