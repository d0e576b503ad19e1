"""Who may do what in a body.

Seats are often tied to a function ("skolchef") rather than a person; a person holds a role
through a membership of their own. The creator of a body becomes its sekreterare, so a new
body is never left without someone who may manage it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.errors import PermissionDenied
from handlers.scope import NAME_IS_ID_PLATFORMS, Scope
from storage.collation import swedish
from storage.models import Assignment, Body, Membership

ROLES = (
    "ordförande", "vice ordförande", "sekreterare", "justerare", "sammankallande",
    "ledamot", "ersättare", "adjungerad",
)
RECORDERS = ("sekreterare", "ordförande")
MANAGERS = ("sekreterare", "ordförande", "sammankallande")


def roles_of(session: Session, *, scope: Scope, body: Body) -> set[str]:
    """The roles the requesting person holds in ``body``."""
    rows = session.scalars(
        select(Membership.role).where(
            Membership.tenant_id == scope.tenant.id,
            Membership.body_id == body.id,
            Membership.person_id == scope.person.id,
            Membership.end_on.is_(None),  # a seat handed on (a function re-linked) grants nothing any more
        )
    )
    return set(rows)


def held_functions(session: Session, *, scope: Scope) -> set[str]:
    """The functions (skolchef, förvaltningschef …) the person holds a current seat by, lower-cased.

    Assignments are often given to a function, not a person: these are what make them the
    holder's own (``/uppdrag mina``, reminders, the Klar button).
    """
    rows = session.scalars(select(Membership.function).where(
        Membership.tenant_id == scope.tenant.id, Membership.person_id == scope.person.id,
        Membership.function.is_not(None), Membership.end_on.is_(None)))
    return {row.strip().lower() for row in rows if row and row.strip()}


def is_member(session: Session, *, scope: Scope, body: Body) -> bool:
    """Any membership at all in the body."""
    return bool(roles_of(session, scope=scope, body=body))


def require_role(session: Session, *, scope: Scope, body: Body, roles: tuple[str, ...], action: str) -> None:
    """Refuse with a clear Swedish message unless the person holds one of ``roles``."""
    if roles_of(session, scope=scope, body=body) & set(roles):
        return
    raise PermissionDenied(msg.NOT_ALLOWED.format(action=action, body=body.name, roles=" eller ".join(roles)))


def require_member(session: Session, *, scope: Scope, body: Body) -> None:
    """Refuse non-members (adding agenda items is for the body's members)."""
    if not is_member(session, scope=scope, body=body):
        raise PermissionDenied(msg.NOT_A_MEMBER.format(body=body.name))


def normalise_role(word: str) -> str | None:
    """Map a typed role (any case, common inflections) to a known role, or None."""
    w = word.strip().lower().rstrip(".")
    aliases = {"ordf": "ordförande", "vice": "vice ordförande", "sekr": "sekreterare", "medlem": "ledamot",
               "justerande": "justerare", "vice ordf": "vice ordförande"}
    w = aliases.get(w, w)
    return w if w in ROLES else None


def owns_assignment(session: Session, *, scope: Scope, assignment: Assignment) -> bool:
    """Whether the assignment is the person's own: given to them by id, or to a function they hold now.

    Never by display name (anyone can take a name); the terminal is the one place where the typed
    name is the user's id.
    """
    if assignment.assignee_person_id is not None:
        return assignment.assignee_person_id == scope.person.id
    name = (assignment.assignee_name or "").strip().lower()
    if name and name in held_functions(session, scope=scope):
        return True
    return scope.platform in NAME_IS_ID_PLATFORMS and bool(name) and name == scope.person.name.strip().lower()


def owned_assignments(session: Session, *, scope: Scope) -> ColumnElement[bool]:
    """``owns_assignment`` as a filter over ``Assignment``."""
    names = held_functions(session, scope=scope)
    if scope.platform in NAME_IS_ID_PLATFORMS:
        names.add(scope.person.name.strip().lower())
    by_name = and_(Assignment.assignee_person_id.is_(None), func.lower(Assignment.assignee_name).in_(sorted(names)))
    return or_(Assignment.assignee_person_id == scope.person.id, by_name) if names else (
        Assignment.assignee_person_id == scope.person.id)


def member_body_names(session: Session, *, platform: str, tenant_external_id: str, user_id: str,
                      limit: int) -> list[str]:
    """Names of the bodies a platform user holds a current seat in (the first few, by name).

    For surfaces that open without a command (Slack's App Home): they know only the platform's ids.
    """
    from storage.models import Person, Tenant

    return list(session.scalars(
        select(Body.name)
        .join(Membership, Membership.body_id == Body.id)
        .join(Person, Person.id == Membership.person_id)
        .join(Tenant, Tenant.id == Person.tenant_id)
        .where(Tenant.platform == platform, Tenant.external_id == tenant_external_id,
               Person.platform_user_id == user_id, Membership.end_on.is_(None))
        .group_by(Body.name).order_by(swedish(Body.name)).limit(limit)))
