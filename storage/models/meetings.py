"""Meetings with their agenda, attendance and justering."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, TenantOwned
from storage.models.org import Body
from storage.types import UTCDateTime

if TYPE_CHECKING:
    from storage.models.decisions import Case

MEETING_STATES = ("planerat", "genomfört", "för_justering", "justerat", "inställt")


class Meeting(TenantOwned, Base):
    """A sammanträde of one body; carries the protocol facts of its header and anslag block."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_tenant_posted_on", "tenant_id", "posted_on"),  # the anslagstavla (0004)
        # Lookup indexes (0005): a re-imported file's meeting, and the planned-meeting check.
        Index("ix_meeting_source_document", "source_document_id"),
        Index("ix_meeting_tenant_state_start", "tenant_id", "state", "starts_at"),
    )

    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    has_time: Mapped[bool] = mapped_column(default=True)
    place: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="planerat")
    agenda_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    adjustment_place_time: Mapped[str | None] = mapped_column(String(200))
    adjusted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    posted_on: Mapped[date | None] = mapped_column(Date)
    taken_down_on: Mapped[date | None] = mapped_column(Date)
    appeal_ends_on: Mapped[date | None] = mapped_column(Date)
    storage_place: Mapped[str | None] = mapped_column(String(200))
    chair_name: Mapped[str | None] = mapped_column(String(200))
    secretary_name: Mapped[str | None] = mapped_column(String(200))
    next_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    next_meeting_text: Mapped[str | None] = mapped_column(String(200))
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("source_document.id", ondelete="SET NULL"))
    # The samverkan year (0009): the läsår series a meeting was planned in, and a kallelse sent by hand.
    series_id: Mapped[str | None] = mapped_column(String(40), index=True)
    notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    body: Mapped[Body] = relationship()
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    attendance: Mapped[list[Attendance]] = relationship(cascade="all, delete-orphan", order_by="Attendance.id")
    adjustments: Mapped[list[Adjustment]] = relationship(cascade="all, delete-orphan", order_by="Adjustment.id")


class Attendance(TenantOwned, Base):
    """One line of the protocol header: beslutande, övrig närvarande or frånvarande."""

    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # beslutande | övrig | frånvarande
    role: Mapped[str | None] = mapped_column(String(64))
    party: Mapped[str | None] = mapped_column(String(32))
    organisation: Mapped[str | None] = mapped_column(String(200))


class Adjustment(TenantOwned, Base):
    """One justerare's part in approving the minutes, with when and what they said."""

    __tablename__ = "adjustment"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="väntar")  # väntar | justerad | ändring
    comment: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AgendaItem(TenantOwned, Base):
    """An ärende on a meeting's dagordning, in order."""

    __tablename__ = "agenda_item"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))
    presenter: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default="beslut")  # beslut | information | återrapportering
    added_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    source_assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)  # minnesanteckningar: what was said on this point (0009)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    case: Mapped[Case | None] = relationship("Case")
