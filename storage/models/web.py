"""Web links (migration 0004): the persisted signing secrets and each person's link generation.

``bot/web/secrets.py`` reads and writes these; a person's links carry the generation they were
made with, so bumping it revokes every link they hold.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow
from storage.types import UTCDateTime


class WebSecret(Base):
    """A named secret («link», «slug»), generated at random on first use unless configured."""

    __tablename__ = "web_secret"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class WebLinkGeneration(Base):
    """How many times a person's links have been revoked (no row: generation 0)."""

    __tablename__ = "web_link_generation"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)
