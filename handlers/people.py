"""Resolving a person named in a command: a platform mention or a plain name.

Slack writes mentions as ``<@U123|lina>``, Teams as the display name; the terminal has plain
names. A name seen for the first time becomes a Person without a platform id, and is linked
when that person later writes in chat under the same name.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handlers.scope import Scope
from storage.models import Person

_SLACK_MENTION = re.compile(r"^<@(?P<id>[UW][A-Z0-9]+)(?:\|(?P<name>[^>]+))?>$")


def person_for(session: Session, *, scope: Scope, text: str, create: bool = True) -> Person | None:
    """The person a mention or name refers to; created on first mention unless ``create`` is False."""
    text = text.strip().strip('"')
    mention = _SLACK_MENTION.match(text)
    if mention:
        found = session.scalars(select(Person).where(Person.tenant_id == scope.tenant.id,
                                                     Person.platform_user_id == mention.group("id"))).first()
        if found is not None or not create:
            return found
        person = Person(tenant_id=scope.tenant.id, platform_user_id=mention.group("id"),
                        name=mention.group("name") or mention.group("id"))
        session.add(person)
        session.flush()
        return person
    name = text.lstrip("@").strip()
    found = session.scalars(select(Person).where(Person.tenant_id == scope.tenant.id,
                                                 func.lower(Person.name) == name.lower())).first()
    if found is not None or not create:
        return found
    person = Person(tenant_id=scope.tenant.id, name=name)
    session.add(person)
    session.flush()
    return person


def display_name(text: str) -> str:
    """The readable name in a mention (``<@U1|lina>`` → ``lina``) or the text itself."""
    mention = _SLACK_MENTION.match(text.strip())
    if mention:
        return mention.group("name") or mention.group("id")
    return text.strip().lstrip("@")
