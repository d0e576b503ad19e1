"""Keeping the search index in step with paragraphs.

The index is written in the same transaction as the paragraph, so a lookup never sees a
paragraph without its index entry or the other way round. Each paragraph's words also go into a
per-tenant dictionary that typo correction searches instead of every paragraph.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.models import Paragraph
from storage.search.text import fold, words


def _document(paragraph: Paragraph, clause_texts: list[str] | None) -> tuple[str, str, str]:
    title = fold(paragraph.title or "")
    texts = clause_texts if clause_texts is not None else [c.text for c in paragraph.clauses]
    clauses = fold(" ".join(texts) + " " + (paragraph.proposal or ""))
    dnr = fold(paragraph.case.dnr_written) if paragraph.case is not None else ""
    return title, clauses, dnr


def index_paragraph(session: Session, paragraph: Paragraph, *, clause_texts: list[str] | None = None) -> None:
    """Insert or replace ``paragraph`` in the index (call after flush, so it has an id).

    ``clause_texts`` spares loading the clause rows when the caller has just written them.
    """
    title, clauses, dnr = _document(paragraph, clause_texts)
    dialect = session.get_bind().dialect.name
    params = {"id": paragraph.id, "tenant": f"t{paragraph.tenant_id}", "tenant_id": paragraph.tenant_id,
              "title": title, "clauses": clauses, "dnr": dnr}
    if dialect == "sqlite":
        # FTS5 turns OR REPLACE on the rowid into delete-then-insert: one statement for new and changed rows.
        session.execute(
            text("INSERT OR REPLACE INTO paragraph_fts(rowid, tenant, title, clauses, dnr) "
                 "VALUES (:id, :tenant, :title, :clauses, :dnr)"),
            params,
        )
    else:
        session.execute(
            text("INSERT INTO paragraph_search(paragraph_id, tenant_id, document) VALUES (:id, :tenant_id, "
                 "setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :dnr), 'A') "
                 "|| setweight(to_tsvector('simple', :clauses), 'B')) "
                 "ON CONFLICT (paragraph_id) DO UPDATE SET document = EXCLUDED.document"),
            params,
        )
    add_words(session, tenant_id=paragraph.tenant_id, vocabulary=set(words(f"{title} {clauses}")))


def add_words(session: Session, *, tenant_id: int, vocabulary: set[str]) -> None:
    """Add words to the tenant's dictionary used for typo correction."""
    rows = [{"tenant_id": tenant_id, "word": w} for w in vocabulary if 3 <= len(w) <= 40 and not w.isdigit()]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    verb = "INSERT OR IGNORE INTO" if dialect == "sqlite" else "INSERT INTO"
    tail = "" if dialect == "sqlite" else " ON CONFLICT DO NOTHING"
    session.execute(text(f"{verb} search_word(tenant_id, word) VALUES (:tenant_id, :word){tail}"), rows)


def remove_paragraph(session: Session, *, paragraph_id: int) -> None:
    """Drop a paragraph from the index (its dictionary words stay; they are harmless)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM paragraph_fts WHERE rowid = :id"), {"id": paragraph_id})
    else:
        session.execute(text("DELETE FROM paragraph_search WHERE paragraph_id = :id"), {"id": paragraph_id})
