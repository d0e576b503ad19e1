"""Who an uppdrag's reminders notify: the assignee's person, or whoever holds the function now.

Why: a reminder that names «skolchef» or «Lina» in a channel notifies nobody; the sweep needs the
person behind the name to @mention them. An uppdrag given to a person carries its
``assignee_person_id``; one given to a function (a seat such as «skolchef») reaches whoever holds
that seat today — the same rule the reminder routing uses for direct messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Assignment, Membership, Person


def assignee_people(*, session: Session, tenant_id: int, assignments: Iterable[Assignment]) -> dict[int, Person]:
    """Assignment id → the person it concerns, for the assignments that have one."""
    rows = list(assignments)
    by_function: dict[str, int] = {}
    if any(row.assignee_person_id is None and row.assignee_name for row in rows):
        held = select(Membership.function, Membership.person_id).where(
            Membership.tenant_id == tenant_id, Membership.function.is_not(None),
            Membership.person_id.is_not(None), Membership.end_on.is_(None)).order_by(Membership.id)
        for function, person_id in session.execute(held):
            by_function.setdefault((function or "").strip().lower(), person_id)
    wanted = {row.id: row.assignee_person_id or by_function.get((row.assignee_name or "").strip().lower())
              for row in rows}
    ids = {person_id for person_id in wanted.values() if person_id is not None}
    if not ids:
        return {}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.tenant_id == tenant_id,
                                                                    Person.id.in_(ids)))}
    return {assignment_id: people[person_id] for assignment_id, person_id in wanted.items()
            if person_id is not None and person_id in people}
