"""The typo-correction dictionary, and the search index tables no model can describe.

``search_word`` (migration 0002) holds each distinct folded word once per tenant; see
``storage/search/dictionary.py``. The full-text index itself is dialect-specific and written with
SQL by ``storage/search/index.py``: an FTS5 virtual table ``paragraph_fts`` on SQLite (SQLite
keeps it in shadow tables of its own) and ``paragraph_search`` with a ``tsvector`` and a GIN index
on PostgreSQL. Neither exists on the other backend, so neither is in ``Base.metadata``;
``storage/migrations/env.py`` names them so schema comparison leaves exactly them out.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class SearchWord(Base):
    """One folded word of a tenant's non-sekretess titles and clauses, for «Menade du …?»."""

    __tablename__ = "search_word"

    tenant_id: Mapped[int] = mapped_column(Integer, ForeignKey("tenant.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[str] = mapped_column(String(40), primary_key=True)
