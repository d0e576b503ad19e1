"""Resolving a person named in a command: a platform mention, or a name that is only a seat.

A mention arrives as ``<@ID|name>`` (Slack writes it so; the Teams adapter turns its mention
entities into the same form) and names a platform user by id. A plain name is typed by a
secretary and proves nothing about who will later write under it, so it only ever names an
*unlinked seat*: a Person without a platform id, which grants nobody anything until the secretary
links it to a user (``/samverkan medlem koppla``). The terminal is the exception: there the name
given with ``--user`` is the platform id, so the seat of that name is the user's when they write.
"""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers.scope import NAME_IS_ID_PLATFORMS, Scope
from storage.models import Person

_MENTION = re.compile(r"^<@(?P<id>[^|>\s]+)(?:\|(?P<name>[^>]+))?>$")


def mention_of(text: str) -> tuple[str, str | None] | None:
    """(platform id, name) of a mention token, or None for plain text."""
    match = _MENTION.match(text.strip())
    return (match.group("id"), match.group("name")) if match else None


def person_for(session: Session, *, scope: Scope, text: str, create: bool = True) -> Person | None:
    """The person a mention or name refers to; created on first mention unless ``create`` is False."""
    text = text.strip().strip('"')
    mention = mention_of(text)
    if mention is not None:
        return _by_id(session, scope=scope, user_id=mention[0], name=mention[1], create=create)
    name = text.lstrip("@").strip()
    if scope.platform in NAME_IS_ID_PLATFORMS:
        known = _by_id(session, scope=scope, user_id=name, name=name, create=False)
        if known is not None:
            return known
    return unlinked_seat(session, scope=scope, name=name, create=create)


def unlinked_seat(session: Session, *, scope: Scope, name: str, create: bool = True) -> Person | None:
    """The person row of a seat given by name only: no platform id, so it grants nobody anything."""
    found = session.scalars(select(Person).where(
        Person.tenant_id == scope.tenant.id, Person.platform_user_id.is_(None), Person.platform_alt_id.is_(None),
        func.lower(Person.name) == name.lower()).order_by(Person.id)).first()
    if found is not None or not create:
        return found
    person = Person(tenant_id=scope.tenant.id, name=name)
    session.add(person)
    session.flush()
    return person


def _by_id(session: Session, *, scope: Scope, user_id: str, name: str | None, create: bool) -> Person | None:
    found = session.scalars(select(Person).where(
        Person.tenant_id == scope.tenant.id,
        or_(Person.platform_user_id == user_id, Person.platform_alt_id == user_id)).order_by(Person.id)).first()
    if found is not None or not create:
        return found
    person = Person(tenant_id=scope.tenant.id, platform_user_id=user_id, name=name or user_id)
    session.add(person)
    session.flush()
    return person


def is_linked(person: Person) -> bool:
    """A person a platform user can act as (not a seat given by name only)."""
    return person.platform_user_id is not None or person.platform_alt_id is not None


def display_name(text: str) -> str:
    """The readable name in a mention (``<@U1|lina>`` → ``lina``) or the text itself."""
    mention = mention_of(text)
    if mention:
        return mention[1] or mention[0]
    return text.strip().lstrip("@")


def personal_reference(session: Session, *, platform: str, tenant_external_id: str,
                       user_id: str) -> dict | None:  # type: ignore[type-arg]
    """The stored address of a user's personal chat with the bot, if they ever opened one."""
    from storage.models import Tenant

    return session.scalar(select(Person.dm_reference).join(Tenant, Tenant.id == Person.tenant_id).where(
        Tenant.platform == platform, Tenant.external_id == tenant_external_id, Person.platform_user_id == user_id))
