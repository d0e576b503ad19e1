"""Cases (diarienummer), paragraphs (§) and their ordered att-clauses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, TenantOwned, utcnow
from storage.models.meetings import Meeting
from storage.models.org import Body
from storage.types import UTCDateTime


class Case(TenantOwned, Base):
    """An ärende by its diarienummer: normalised key for lookup, the spelling for display."""

    __tablename__ = "case_file"
    __table_args__ = (UniqueConstraint("tenant_id", "dnr_key"),)

    dnr_key: Mapped[str] = mapped_column(String(64))
    dnr_written: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(String(500))


class Paragraph(TenantOwned, Base):
    """A § of a protocol; numbering runs per body and year. Locked once the minutes are justerade.

    ``number_scope`` is the numbering run a number belongs to (0011): ``""`` per body and year (chat,
    and protocols numbered that way), ``"möte 2023-08-30"`` for a protocol numbered per meeting.
    """

    __tablename__ = "paragraph"
    __table_args__ = (
        UniqueConstraint("tenant_id", "body_id", "year", "number_scope", "number"),
        # Lookup indexes (0005): § by number with or without a body, §§ of a case, a source file's §§.
        Index("ix_paragraph_tenant_number", "tenant_id", "number", "year"),
        Index("ix_paragraph_body_number", "tenant_id", "body_id", "number", "year"),
        Index("ix_paragraph_tenant_case", "tenant_id", "case_id", "year", "number"),
        Index("ix_paragraph_source_document", "source_document_id"),
    )

    body_id: Mapped[int] = mapped_column(ForeignKey("body.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    number_scope: Mapped[str] = mapped_column(String(80), default="", server_default="")
    title: Mapped[str] = mapped_column(String(500))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"), index=True)
    proposal: Mapped[str | None] = mapped_column(Text)
    decision_intro: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str | None] = mapped_column(Text)
    distribution: Mapped[list[str]] = mapped_column(JSON, default=list)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("source_document.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    body: Mapped[Body] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    case: Mapped[Case | None] = relationship()
    clauses: Mapped[list[Clause]] = relationship(
        order_by="Clause.position", cascade="all, delete-orphan", back_populates="paragraph"
    )


class Clause(TenantOwned, Base):
    """One numbered att-clause of a decision, kept in its written order and spelling."""

    __tablename__ = "clause"

    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    paragraph: Mapped[Paragraph] = relationship(back_populates="clauses")
