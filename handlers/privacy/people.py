"""Which person a GDPR request is about: by name or platform id, within one organisation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import Person, Tenant

ERASED_NAME = "[raderad person]"
EXAMPLE = 'Exempel: samverkan person export "Anna Berg" eller samverkan person export U0123ABCD.'


class PersonNotFound(LookupError):
    """No person, or more than one, matches: the message says which and how to narrow it down."""


@dataclass(frozen=True, slots=True)
class Subject:
    """The person a request is about, and their organisation."""

    person: Person
    tenant: Tenant


def find_subject(session: Session, *, who: str, organisation: str | None) -> Subject:
    """The one person whose name (any case) or platform id is ``who``, in ``organisation`` if given.

    ``organisation`` is ``platform:external_id`` (``slack:T0123ABCD``), as in ``samverkan audit``.
    """
    wanted = who.strip()
    if not wanted:
        raise PersonNotFound(f"Ange personens namn eller plattforms-id. {EXAMPLE}")
    query = (select(Person, Tenant).join(Tenant, Tenant.id == Person.tenant_id)
             .where(or_(func.lower(Person.name) == wanted.lower(), Person.platform_user_id == wanted,
                        Person.platform_alt_id == wanted), Person.name != ERASED_NAME))
    if organisation:
        platform, _, external_id = organisation.partition(":")
        query = query.where(Tenant.platform == platform.strip().lower(), Tenant.external_id == external_id.strip())
    found = session.execute(query.order_by(Person.id)).all()
    if not found:
        raise PersonNotFound(f"Ingen person heter eller har id «{wanted}»"
                             + (f" i {organisation}." if organisation else ".") + " " + EXAMPLE)
    if len(found) > 1:
        places = ", ".join(f"{t.platform}:{t.external_id} (id {p.platform_user_id or '–'})" for p, t in found)
        raise PersonNotFound(f"Flera personer matchar «{wanted}»: {places}. Ange plattforms-id, eller "
                             "--organisation plattform:id, t.ex. --organisation slack:T0123ABCD.")
    person, tenant = found[0]
    return Subject(person=person, tenant=tenant)
