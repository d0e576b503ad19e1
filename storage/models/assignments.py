"""Assignments (uppdrag): who does what, by when, reporting back where."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, TenantOwned, utcnow
from storage.models.decisions import Paragraph
from storage.models.org import Body
from storage.types import UTCDateTime

ASSIGNMENT_STATES = ("open", "done", "cancelled", "archived")


class Assignment(TenantOwned, Base):
    """An uppdrag, recorded in chat or extracted from an att-clause of a paragraph."""

    __tablename__ = "assignment"
    __table_args__ = (Index("ix_assignment_tenant_paragraph", "tenant_id", "paragraph_id"),)  # a §'s uppdrag (0005)

    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"), index=True)
    paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"), index=True)
    clause_position: Mapped[int | None] = mapped_column(Integer)
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    assignee_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    task: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    due_time: Mapped[time | None] = mapped_column(Time)
    report_to_text: Mapped[str | None] = mapped_column(String(300))
    report_to_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    report_to_body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"))
    report_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(24), default="uppdrag")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # An action agreed in minnesanteckningar names its agenda point (0009).
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL", use_alter=True))  # agenda_item points back: a cycle
    # A written uppdrag to an arbetsgrupp (0010): the group owns it, says how it reports, links its report.
    assignee_body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"))
    report_form: Mapped[str | None] = mapped_column(String(40))
    report_link: Mapped[str | None] = mapped_column(String(500))

    body: Mapped[Body | None] = relationship(foreign_keys=[body_id])
    paragraph: Mapped[Paragraph | None] = relationship()
