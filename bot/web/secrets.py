"""Persisted web secrets and the revocation counter (tables declared in ``storage.models.web``).

The signing secret comes from ``SAMVERKAN_LINK_SECRET`` when set; otherwise a random one is
generated on first use and stored, so links handed out in chat survive a restart. Revoking a
person's links bumps their generation: every token carries the generation it was made with.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import WebLinkGeneration, WebSecret

web_secret = WebSecret.__table__
web_link_generation = WebLinkGeneration.__table__


def stored_secret(session: Session, *, name: str) -> str:
    """The secret called ``name``, created at random the first time (race-safe on insert)."""
    value = session.scalar(select(web_secret.c.value).where(web_secret.c.name == name))
    if value is not None:
        return str(value)
    try:
        session.execute(insert(web_secret).values(name=name, value=secrets.token_hex(32), created_at=datetime.now(UTC)))
        session.commit()
    except IntegrityError:  # another process created it first: use theirs
        session.rollback()
    return str(session.scalar(select(web_secret.c.value).where(web_secret.c.name == name)))


_GENERATION = select(web_link_generation.c.generation).where(
    web_link_generation.c.tenant_id == bindparam("tenant_id"), web_link_generation.c.person_id == bindparam("person_id"))


def generation_of(session: Session, *, tenant_id: int, person_id: int) -> int:
    """The person's current link generation (0 until their links are first revoked)."""
    value = session.scalar(_GENERATION, {"tenant_id": tenant_id, "person_id": person_id})
    return int(value or 0)


def bump_generation(session: Session, *, tenant_id: int, person_id: int) -> int:
    """Invalidate every link the person holds; returns the new generation."""
    current = generation_of(session, tenant_id=tenant_id, person_id=person_id)
    cond = (web_link_generation.c.tenant_id == tenant_id, web_link_generation.c.person_id == person_id)
    if session.execute(update(web_link_generation).where(*cond).values(generation=current + 1)).rowcount == 0:
        session.execute(insert(web_link_generation).values(tenant_id=tenant_id, person_id=person_id,
                                                           generation=current + 1))
    session.commit()
    return current + 1
