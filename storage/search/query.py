"""Free-word paragraph search: full text first, typo correction through the word dictionary.

Never a scan of every paragraph: the full-text index finds candidates; only when a query word
is unknown do we fuzzy-match it against the tenant's dictionary of distinct words (orders of
magnitude smaller than the paragraphs) and search again with the corrected words. Candidates
are re-ranked with rapidfuzz on the folded title so the best title match comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.search.text import fold, query_words

CANDIDATES = 200


@dataclass(frozen=True)
class SearchHit:
    """A paragraph id with its combined score (higher is better)."""

    paragraph_id: int
    score: float


def search_paragraphs(session: Session, *, tenant_id: int, query: str, limit: int = 10) -> list[SearchHit]:
    """Best paragraphs for free words, tolerant of typos and missing å/ä/ö."""
    terms = query_words(query)
    if not terms:
        return []
    rows = _full_text(session, tenant_id=tenant_id, terms=terms)
    corrected = terms
    if not rows:
        corrected = _correct(session, tenant_id=tenant_id, terms=terms)
        if corrected != terms:
            rows = _full_text(session, tenant_id=tenant_id, terms=corrected)
    if not rows:
        return []
    folded_query = " ".join(corrected)
    hits = []
    for paragraph_id, title, rank in rows:
        similarity = fuzz.token_set_ratio(folded_query, title or "") / 100.0
        hits.append(SearchHit(paragraph_id=paragraph_id, score=similarity + rank))
    hits.sort(key=lambda h: (-h.score, -h.paragraph_id))
    return hits[:limit]


def suggest_words(session: Session, *, tenant_id: int, query: str, limit: int = 3) -> list[str]:
    """Dictionary words close to the query's words, for "Menade du …?"."""
    out: list[str] = []
    for term in query_words(query):
        for word, _score, _ in _near(session, tenant_id=tenant_id, term=term, limit=limit):
            if word not in out:
                out.append(word)
    return out[:limit]


def _full_text(session: Session, *, tenant_id: int, terms: list[str]) -> list[tuple[int, str, float]]:
    """Candidates matching all terms (prefix match), falling back to any term."""
    dialect = session.get_bind().dialect.name
    for joiner in (" AND ", " OR "):
        if dialect == "sqlite":
            match = f"tenant:t{tenant_id} AND (" + joiner.join(f'"{t}"*' for t in terms) + ")"
            sql = ("SELECT rowid, title, -bm25(paragraph_fts, 0.0, 4.0, 1.0, 4.0) FROM paragraph_fts "
                   "WHERE paragraph_fts MATCH :m ORDER BY bm25(paragraph_fts, 0.0, 4.0, 1.0, 4.0) LIMIT :n")
            rows = session.execute(text(sql), {"m": match, "n": CANDIDATES}).all()
            rows = [(r[0], r[1], min(float(r[2]) / 20.0, 1.0)) for r in rows]
        else:
            op = " & " if joiner == " AND " else " | "
            tsquery = op.join(f"{t}:*" for t in terms)
            sql = ("SELECT s.paragraph_id, p.title, ts_rank(s.document, to_tsquery('simple', :q)) FROM paragraph_search s "
                   "JOIN paragraph p ON p.id = s.paragraph_id WHERE s.tenant_id = :t AND "
                   "s.document @@ to_tsquery('simple', :q) ORDER BY 3 DESC LIMIT :n")
            rows = session.execute(text(sql), {"q": tsquery, "t": tenant_id, "n": CANDIDATES}).all()
            rows = [(r[0], fold(r[1] or ""), float(r[2])) for r in rows]
        if rows:
            return rows
        if len(terms) == 1:
            break
    return []


def _near(session: Session, *, tenant_id: int, term: str, limit: int) -> list[tuple[str, float, int]]:
    """Dictionary words that look like ``term`` (same first letter, similar length)."""
    if len(term) < 3:
        return []
    low, high = max(3, len(term) - 2), len(term) + 2
    rows = session.execute(
        text("SELECT word FROM search_word WHERE tenant_id = :t AND word >= :a AND word < :b "
             "AND length(word) BETWEEN :low AND :high"),
        {"t": tenant_id, "a": term[0], "b": chr(ord(term[0]) + 1), "low": low, "high": high},
    ).scalars().all()
    return process.extract(term, rows, scorer=fuzz.ratio, limit=limit, score_cutoff=75)


def _correct(session: Session, *, tenant_id: int, terms: list[str]) -> list[str]:
    """Replace unknown words by their closest dictionary words."""
    corrected = []
    for term in terms:
        near = _near(session, tenant_id=tenant_id, term=term, limit=1)
        corrected.append(near[0][0] if near else term)
    return corrected
