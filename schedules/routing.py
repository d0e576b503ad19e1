"""Where a planned reminder goes: channels bound to the body, and people by direct message.

Routing is decided at planning time and becomes part of the outbox key (``reminder>route``),
so a reminder sent to two channels and one person is three rows, each claimed and retried on
its own. Route keys use our row ids (``ch:12``, ``dm:7``) rather than platform ids: they are
short, stable when a Teams reference is refreshed, and the sweep resolves them at send time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from schedules.planner import PlannedReminder
from storage.models import Body, ChannelBinding, Membership, Person, Tenant
from storage.tenancy import scoped

ESCALATION_ROLES = ("ordförande", "sekreterare")
DM_NEEDS_REFERENCE = frozenset({"teams"})  # as handlers.protocol.delivery: no DM without a stored chat


@dataclass(frozen=True, kw_only=True)
class Route:
    """One destination: a bound channel or a person's direct messages."""

    key: str  # "ch:<binding id>" | "dm:<person id>"
    platform: str
    address: str  # channel id or platform user id
    label: str


@dataclass(kw_only=True)
class Directory:
    """Everyone and every channel reminders of one tenant can reach, loaded once per pass."""

    channels_by_body: dict[int, list[Route]] = field(default_factory=dict)
    channel_by_binding: dict[int, Route] = field(default_factory=dict)
    binding_body: dict[int, int | None] = field(default_factory=dict)
    parent_of: dict[int, int | None] = field(default_factory=dict)
    person_routes: dict[int, Route] = field(default_factory=dict)
    roles_by_body: dict[int, dict[str, list[Route]]] = field(default_factory=dict)
    assignee_person: dict[int, int] = field(default_factory=dict)  # assignment id -> person id
    function_holders: dict[str, int] = field(default_factory=dict)  # "skolchef" -> who holds that seat now


def load_directory(*, session: Session, tenant_id: int) -> Directory:
    """Bindings, body tree, reachable people and their roles for one tenant."""
    tenant = session.get(Tenant, tenant_id)
    platform = tenant.platform if tenant is not None else "console"
    d = Directory()
    for body in session.scalars(scoped(select(Body), Body, tenant_id=tenant_id)):
        d.parent_of[body.id] = body.parent_id
    bindings = session.scalars(scoped(select(ChannelBinding), ChannelBinding, tenant_id=tenant_id)
                               .order_by(ChannelBinding.id))
    for b in bindings:
        route = Route(key=f"ch:{b.id}", platform=b.platform, address=b.channel_id, label=b.name or b.channel_id)
        d.channel_by_binding[b.id] = route
        d.binding_body[b.id] = b.body_id
        if b.body_id is not None:
            d.channels_by_body.setdefault(b.body_id, []).append(route)
    people = scoped(select(Person), Person, tenant_id=tenant_id).where(Person.platform_user_id.is_not(None))
    for p in session.scalars(people):
        if platform in DM_NEEDS_REFERENCE and not p.dm_reference:
            continue  # Teams writes privately only in a personal chat the person has had with the bot
        d.person_routes[p.id] = Route(key=f"dm:{p.id}", platform=platform, address=p.platform_user_id or "",
                                      label=p.name)
    seats = scoped(select(Membership), Membership, tenant_id=tenant_id).where(
        Membership.role.in_(ESCALATION_ROLES), Membership.person_id.is_not(None))
    for m in session.scalars(seats.order_by(Membership.id)):
        route = d.person_routes.get(m.person_id or 0)
        if route is not None:
            d.roles_by_body.setdefault(m.body_id, {}).setdefault(m.role, []).append(route)
    held = scoped(select(Membership.function, Membership.person_id), Membership, tenant_id=tenant_id).where(
        Membership.function.is_not(None), Membership.person_id.is_not(None), Membership.end_on.is_(None))
    for function, person_id in session.execute(held.order_by(Membership.id)):
        d.function_holders.setdefault((function or "").strip().lower(), person_id)
    return d


def body_channels(*, directory: Directory, body_id: int | None) -> list[Route]:
    """The body's own channels, else those of the nearest ancestor that has one.

    A strategigrupp without a channel of its own is discussed in its styrgrupp's channel.
    """
    seen: set[int] = set()
    while body_id is not None and body_id not in seen:
        seen.add(body_id)
        if directory.channels_by_body.get(body_id):
            return list(directory.channels_by_body[body_id])
        body_id = directory.parent_of.get(body_id)
    return []


def routes_for(*, reminder: PlannedReminder, directory: Directory) -> list[Route]:
    """Destinations of one reminder; an empty list means nobody can be reached (logged by caller).

    Escalations and appeal-end notices go to people; when nobody with that role is reachable
    in chat they fall back to the channel, because an unread escalation is worse than a public one.
    """
    if reminder.kind == "digest":
        channel = directory.channel_by_binding.get(reminder.subject_id)
        return [channel] if channel is not None else []
    channels = body_channels(directory=directory, body_id=reminder.body_id)
    if reminder.audience in ("escalation", "secretary"):
        roles = ESCALATION_ROLES if reminder.audience == "escalation" else ("sekreterare",)
        people = [r for role in roles for r in directory.roles_by_body.get(reminder.body_id or 0, {}).get(role, [])]
        return _unique(people) or channels
    routes = list(channels)
    if reminder.audience == "assignee" and reminder.subject_type == "assignment":
        person_id = directory.assignee_person.get(reminder.subject_id)
        if person_id is not None and person_id in directory.person_routes:
            routes.append(directory.person_routes[person_id])
    return _unique(routes)


def _unique(routes: list[Route]) -> list[Route]:
    return list({r.key: r for r in routes}.values())
