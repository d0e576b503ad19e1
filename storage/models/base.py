"""Declarative base and the tenant mixin.

Every domain row carries ``tenant_id``: a Slack workspace or a Teams tenant is the boundary no
query may cross, so the column lives in one mixin rather than being remembered table by table.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Current time, aware and in UTC (the only form stored)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of all tables; constraint names are fixed so migrations can drop them on SQLite."""

    metadata = MetaData(naming_convention=NAMING)


class TenantOwned:
    """Mixin: an integer primary key, the owning tenant, and the creation time."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805 - SQLAlchemy declared_attr convention
        return mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
