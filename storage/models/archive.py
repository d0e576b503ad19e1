"""Imported documents and the agreements (samverkansavtal) that set up bodies."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TenantOwned


class SourceDocument(TenantOwned, Base):
    """An imported file; its content hash makes re-import idempotent."""

    __tablename__ = "source_document"
    __table_args__ = (UniqueConstraint("tenant_id", "source_name"),)

    source_name: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Agreement(TenantOwned, Base):
    """A samverkansavtal: parties, period, the body it sets up and the duties it lays down."""

    __tablename__ = "agreement"

    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id", ondelete="SET NULL"))
    source_document_id: Mapped[int | None] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    parties: Mapped[list[str]] = mapped_column(JSON, default=list)
    period: Mapped[str | None] = mapped_column(String(200))
    meetings_per_year: Mapped[int | None] = mapped_column(Integer)
    member_functions: Mapped[list[str]] = mapped_column(JSON, default=list)
    duties: Mapped[list[str]] = mapped_column(JSON, default=list)
    signed_on: Mapped[date | None] = mapped_column(Date)
    signatories: Mapped[list[str]] = mapped_column(JSON, default=list)
