"""Who may do what in a body.

Seats are often tied to a function ("skolchef") rather than a person; a person holds a role
through a membership of their own. The creator of a body becomes its sekreterare, so a new
body is never left without someone who may manage it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.errors import PermissionDenied
from handlers.scope import Scope
from storage.models import Body, Membership

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
        )
    )
    return set(rows)


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
