"""Organisation: tenants, bodies, people, memberships and the chat channels bound to bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, TenantOwned, utcnow
from storage.types import UTCDateTime


class Tenant(Base):
    """A Slack workspace, a Teams tenant, or the local terminal organisation."""

    __tablename__ = "tenant"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Body(TenantOwned, Base):
    """A body that meets: nämnd, arbetsutskott, styrgrupp, beredningsgrupp, strategigrupp …"""

    __tablename__ = "body"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), default="organ")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"))
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    storage_place: Mapped[str | None] = mapped_column(String(200))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    parent: Mapped[Body | None] = relationship(remote_side="Body.id")


class Person(TenantOwned, Base):
    """A person, known by name and, once seen in chat, by their platform user id."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("tenant_id", "platform_user_id"), UniqueConstraint("tenant_id", "platform_alt_id"))

    name: Mapped[str] = mapped_column(String(200))
    platform_user_id: Mapped[str | None] = mapped_column(String(128))
    platform_alt_id: Mapped[str | None] = mapped_column(String(128))  # Teams: the 29:… account id mentions carry
    email: Mapped[str | None] = mapped_column(String(200))
    dm_reference: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Membership(TenantOwned, Base):
    """A seat in a body with a role, held by a person or by a function such as "skolchef"."""

    __tablename__ = "membership"

    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    function: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32), default="ledamot")
    party: Mapped[str | None] = mapped_column(String(32))
    organisation: Mapped[str | None] = mapped_column(String(200))
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)

    body: Mapped[Body] = relationship()
    person: Mapped[Person | None] = relationship()


class ChannelBinding(TenantOwned, Base):
    """A chat channel bound to a body, so commands there default to it and reminders go there."""

    __tablename__ = "channel_binding"
    __table_args__ = (UniqueConstraint("tenant_id", "platform", "channel_id"),)

    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(256))
    name: Mapped[str | None] = mapped_column(String(200))
    conversation_reference: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    body: Mapped[Body | None] = relationship()
