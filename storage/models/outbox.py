"""The outbox of planned posts, and the record of platform events already handled."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TenantOwned
from storage.types import UTCDateTime

OUTBOX_STATES = ("pending", "claimed", "sent", "failed", "cancelled", "missed")


class OutboxMessage(TenantOwned, Base):
    """A post the bot owes someone; a sweep claims due rows so each is posted once."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        UniqueConstraint("tenant_id", "key"),
        Index("ix_outbox_due", "state", "send_at"),
    )

    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(16), default="channel")
    platform: Mapped[str | None] = mapped_column(String(16))
    destination: Mapped[str | None] = mapped_column(String(256))
    send_at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    platform_message_id: Mapped[str | None] = mapped_column(String(128))
    last_error: Mapped[str | None] = mapped_column(Text)
    # The attempt that may have put the row on the platform, and when it began (migration 0006):
    # set when claimed, cleared when no post can have been accepted; see schedules/claim.py.
    post_attempt: Mapped[str | None] = mapped_column(String(32))
    post_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProcessedEvent(Base):
    """Idempotency keys of platform deliveries (Slack retries, Teams re-sends) already handled."""

    __tablename__ = "processed_event"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
