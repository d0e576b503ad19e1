"""Seed rows for reminder tests: tenant, bodies, channel bindings, people, assignments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.models import Assignment, Body, ChannelBinding, Membership, Person, Tenant


@dataclass
class World:
    tenant_id: int
    body_ids: list[int]
    binding_ids: list[int]


def seed_world(*, session: Session, channels: int, platform: str = "slack", settings: dict[str, Any] | None = None,
               children_per_body: int = 0, child_settings: list[dict[str, Any]] | None = None) -> World:
    """``channels`` bound bodies, each optionally with unbound child bodies routed to its channel."""
    tenant = Tenant(platform=platform, external_id="T0001", name="Testkommun")
    session.add(tenant)
    session.flush()
    bodies, bindings = [], []
    for n in range(channels):
        body = Body(tenant_id=tenant.id, name=f"Strategigrupp {n}", short_name=f"SG{n}",
                    settings={"reminders": settings} if settings else {})
        session.add(body)
        session.flush()
        binding = ChannelBinding(tenant_id=tenant.id, body_id=body.id, platform=platform, channel_id=f"C{n:04d}",
                                 name=f"sg-{n}")
        session.add(binding)
        session.flush()
        bindings.append(binding.id)
        bodies.append(body.id)
        for c in range(children_per_body):
            extra = (child_settings or [{}])[c % len(child_settings or [{}])]
            child = Body(tenant_id=tenant.id, name=f"Arbetsgrupp {n}.{c}", parent_id=body.id,
                         settings={"reminders": extra} if extra else {})
            session.add(child)
            session.flush()
            bodies.append(child.id)
    return World(tenant_id=tenant.id, body_ids=bodies, binding_ids=bindings)


LONG_AGO = datetime(2000, 1, 3, tzinfo=UTC)


def add_assignment(*, session: Session, tenant_id: int, body_id: int, due: date | None, task: str = "Ta fram lägesrapport",
                   assignee: str = "skolchef", person_id: int | None = None, report_at: datetime | None = None,
                   created_at: datetime = LONG_AGO) -> Assignment:
    """An uppdrag of the world; it has existed long before any reminder point the tests look at
    (the planner never sends reminders whose time had passed when the uppdrag was given)."""
    row = Assignment(tenant_id=tenant_id, body_id=body_id, task=task, due_on=due, assignee_name=assignee,
                     assignee_person_id=person_id, report_at=report_at, report_to_text="styrgruppen" if report_at else None,
                     created_at=created_at)
    session.add(row)
    session.flush()
    return row


def add_person(*, session: Session, tenant_id: int, name: str, user_id: str, body_id: int | None = None,
               role: str | None = None) -> Person:
    person = Person(tenant_id=tenant_id, name=name, platform_user_id=user_id)
    session.add(person)
    session.flush()
    if body_id is not None and role is not None:
        session.add(Membership(tenant_id=tenant_id, body_id=body_id, person_id=person.id, role=role))
        session.flush()
    return person
