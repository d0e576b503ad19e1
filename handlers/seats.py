"""``/samverkan medlem koppla``: the only way a seat given by name becomes a user's.

A secretary often writes down a seat before its holder has used the bot («Nisse Namnsson som
sekreterare», «funktion skolchef som ledamot»). Such a seat grants nobody anything: a display
name is chosen by its owner. It becomes a platform user's only when a manager of the body links
it to that user by @-mention. Seats held by a function (seed 004: «knutet till
befattning/funktion och inte till person») can be re-linked when the function changes hands; the
old holder's row is ended, not rewritten, so the record keeps who held it when.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Services
from handlers.errors import UserError
from handlers.lookups import body_for
from handlers.people import mention_of, person_for, unlinked_seat
from handlers.reply import Reply
from handlers.roles import MANAGERS, require_role
from handlers.scope import Scope
from storage.models import Adjustment, Assignment, Attendance, Body, Meeting, Membership, Person

_LINK_RE = re.compile(r"^(?P<seat>.+?)\s+till\s+(?P<who><@[^>]+>|@\S.*?)(?:\s+i\s+(?P<body>.+))?$", re.I | re.S)


def link_seat(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Link a named seat, or a function seat, of one body to the @-mentioned user."""
    match = _LINK_RE.match(text.strip())
    if not match:
        raise UserError(msg.MEMBER_LINK_NEED, usage=msg.USAGE_MEMBER_LINK)
    if mention_of(match.group("who")) is None and scope.platform != "console":
        raise UserError(msg.MEMBER_LINK_NEED_MENTION, usage=msg.USAGE_MEMBER_LINK)
    body = body_for(session, scope=scope, name=match.group("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="koppla platser till användare")
    target = person_for(session, scope=scope, text=match.group("who"))
    assert target is not None  # person_for creates
    seat = match.group("seat").strip().strip('"')
    if seat.lower().startswith("funktion "):
        return _link_function(seat[len("funktion "):].strip(), body=body, target=target, session=session,
                              scope=scope, services=services)
    return _link_named(seat, body=body, target=target, session=session, scope=scope)


def _link_named(name: str, *, body: Body, target: Person, session: Session, scope: Scope) -> Reply:
    """Move the body's rows of an unlinked seat to the user; the seat row goes when nothing else holds it."""
    seat = unlinked_seat(session, scope=scope, name=name, create=False)
    if seat is None or seat.id == target.id:
        raise UserError(msg.MEMBER_LINK_NO_SEAT.format(name=name, body=body.name), usage=msg.USAGE_MEMBER_LINK)
    meetings = select(Meeting.id).where(Meeting.tenant_id == scope.tenant.id, Meeting.body_id == body.id)
    moved = 0
    for model, where in ((Membership, Membership.body_id == body.id),
                         (Adjustment, Adjustment.meeting_id.in_(meetings)),
                         (Attendance, Attendance.meeting_id.in_(meetings))):
        moved += session.execute(update(model).where(model.tenant_id == scope.tenant.id, model.person_id == seat.id,
                                                     where).values(person_id=target.id)).rowcount or 0
    moved += session.execute(update(Assignment).where(
        Assignment.tenant_id == scope.tenant.id, Assignment.assignee_person_id == seat.id,
        Assignment.body_id == body.id).values(assignee_person_id=target.id)).rowcount or 0
    if not moved:
        raise UserError(msg.MEMBER_LINK_NO_SEAT.format(name=name, body=body.name), usage=msg.USAGE_MEMBER_LINK)
    session.flush()
    session.expire_all()
    if not _still_used(session, person_id=seat.id):
        session.delete(session.get(Person, seat.id))
    audit.record(session, scope=scope, action="member.link", subject_type="body", subject_id=body.id,
                 details={"seat": name, "user": target.platform_user_id, "who": target.name})
    return Reply(text=msg.MEMBER_LINKED.format(name=name, body=body.name, who=target.name), tone="success")


def _still_used(session: Session, *, person_id: int) -> bool:
    for model, column in ((Membership, Membership.person_id), (Adjustment, Adjustment.person_id),
                          (Attendance, Attendance.person_id), (Assignment, Assignment.assignee_person_id)):
        if session.scalar(select(model.id).where(column == person_id).limit(1)) is not None:
            return True
    return False


def _link_function(function: str, *, body: Body, target: Person, session: Session, scope: Scope,
                   services: Services) -> Reply:
    """Give the function's current seats in the body to the user; earlier holders' rows are ended."""
    rows = [m for m in session.scalars(select(Membership).where(
        Membership.tenant_id == scope.tenant.id, Membership.body_id == body.id, Membership.end_on.is_(None),
        Membership.function.is_not(None))) if (m.function or "").strip().lower() == function.lower()]
    if not rows:
        raise UserError(msg.MEMBER_LINK_NO_FUNCTION.format(function=function, body=body.name),
                        usage=msg.USAGE_MEMBER_LINK)
    today = services.now().date()
    before: list[str] = []
    for row in rows:
        if row.person_id == target.id:
            continue
        if row.person_id is None:
            row.person_id, row.start_on = target.id, today
            continue
        before.append(row.person.name if row.person is not None else "–")
        row.end_on = today
        session.add(Membership(tenant_id=scope.tenant.id, body_id=body.id, function=row.function, role=row.role,
                               party=row.party, organisation=row.organisation, person_id=target.id, start_on=today))
    session.flush()
    audit.record(session, scope=scope, action="member.function_link", subject_type="body", subject_id=body.id,
                 details={"function": function, "user": target.platform_user_id, "who": target.name,
                          "before": before})
    names = ", ".join(dict.fromkeys(before))
    return Reply(text=msg.MEMBER_FUNCTION_LINKED.format(
        function=rows[0].function, body=body.name, who=target.name,
        before=msg.MEMBER_FUNCTION_BEFORE.format(names=names) if names else ""), tone="success")
