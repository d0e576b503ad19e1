"""Keeping the search index in step with paragraphs.

The index is written in the same transaction as the paragraph, so a lookup never sees a
paragraph without its index entry or the other way round. Each paragraph's words also go into a
per-tenant dictionary that typo correction searches instead of every paragraph.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.models import Paragraph
from storage.search.text import fold, words


def _document(paragraph: Paragraph, clause_texts: list[str] | None) -> tuple[str, str, str]:
    texts = clause_texts if clause_texts is not None else [c.text for c in paragraph.clauses]
    return document_fields(title=paragraph.title, clause_texts=texts, proposal=paragraph.proposal,
                           dnr_written=paragraph.case.dnr_written if paragraph.case is not None else None,
                           body_text=paragraph.body_text)


def document_fields(*, title: str | None, clause_texts: list[str], proposal: str | None,
                    dnr_written: str | None, body_text: str | None = None) -> tuple[str, str, str]:
    """The folded title, clause and dnr columns of a paragraph's index entry.

    Public so a bulk writer that never builds ORM objects indexes exactly what a single § would.
    ``body_text`` (the § narrative, «sammanfattning») is searched with the clauses: it is where a
    case is described in the words people later search for.
    """
    clauses = fold(" ".join(clause_texts) + " " + (proposal or "") + (" " + body_text if body_text else ""))
    return fold(title or ""), clauses, fold(dnr_written) if dnr_written else ""


def index_paragraph(session: Session, paragraph: Paragraph, *, clause_texts: list[str] | None = None) -> None:
    """Insert or replace ``paragraph`` in the index (call after flush, so it has an id).

    ``clause_texts`` spares loading the clause rows when the caller has just written them.
    """
    title, clauses, dnr = _document(paragraph, clause_texts)
    index_documents(session, tenant_id=paragraph.tenant_id, entries=[(paragraph.id, title, clauses, dnr)])


def index_documents(session: Session, *, tenant_id: int, entries: list[tuple[int, str, str, str]],
                    known_words: set[str] | None = None) -> set[str]:
    """Insert or replace many index entries ``(paragraph id, title, clauses, dnr)`` in one statement.

    An archive file's §§ share one executemany and one dictionary insert instead of two statements
    per §. ``known_words`` are words the caller knows the dictionary already holds (skipped);
    returns the words this call inserted, for the caller to remember once its transaction commits.
    """
    if not entries:
        return set()
    dialect = session.get_bind().dialect.name
    tenant = f"t{tenant_id}"
    params = [{"id": pid, "tenant": tenant, "tenant_id": tenant_id, "title": title, "clauses": clauses, "dnr": dnr}
              for pid, title, clauses, dnr in entries]
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
    # The dictionary answers «Menade du …?» to anyone: a sekretess §'s words never enter it, so a
    # suggestion can never confirm a word only a secret text contains.
    secret = set(session.scalars(select(Paragraph.id).where(
        Paragraph.id.in_([entry[0] for entry in entries]), Paragraph.confidential.is_(True))))
    vocabulary: set[str] = set()
    for pid, title, clauses, _ in entries:
        if pid not in secret:
            vocabulary.update(words(f"{title} {clauses}"))
    if known_words:
        vocabulary -= known_words
    return add_words(session, tenant_id=tenant_id, vocabulary=vocabulary)


def add_words(session: Session, *, tenant_id: int, vocabulary: set[str]) -> set[str]:
    """Add words to the tenant's dictionary used for typo correction; returns the words offered."""
    kept = {w for w in vocabulary if 3 <= len(w) <= 40 and not w.isdigit()}
    if not kept:
        return kept
    dialect = session.get_bind().dialect.name
    verb = "INSERT OR IGNORE INTO" if dialect == "sqlite" else "INSERT INTO"
    tail = "" if dialect == "sqlite" else " ON CONFLICT DO NOTHING"
    # Sorted: two transactions inserting overlapping words then lock them in the same order (no deadlock).
    session.execute(text(f"{verb} search_word(tenant_id, word) VALUES (:tenant_id, :word){tail}"),
                    [{"tenant_id": tenant_id, "word": w} for w in sorted(kept)])
    return kept


def remove_paragraph(session: Session, *, paragraph_id: int) -> None:
    """Drop a paragraph from the index (its dictionary words stay; they are harmless)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM paragraph_fts WHERE rowid = :id"), {"id": paragraph_id})
    else:
        session.execute(text("DELETE FROM paragraph_search WHERE paragraph_id = :id"), {"id": paragraph_id})
