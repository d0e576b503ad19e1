"""The reminder planner's watermark (migration 0003); ``schedules/watermark.py`` reads and writes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class ReminderPlannerState(Base):
    """When a tenant's reminders were last planned, and last planned in full (both aware UTC)."""

    __tablename__ = "reminder_planner_state"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True)
    last_pass_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_full_at: Mapped[datetime] = mapped_column(UTCDateTime())
