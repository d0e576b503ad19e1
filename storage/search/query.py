"""Free-word paragraph search: dictionary expansion, full text, then ranking on the title.

Never a scan of every paragraph: each query word is resolved against the tenant's word
dictionary (its compounds, or its correction when mistyped — storage.search.dictionary), the
full-text index returns a bounded window of the newest matching paragraphs with their titles
(storage.search.fulltext) — words in titles first, then anywhere; all words first, any word
when no paragraph has them all — and
rapidfuzz ranks that window on the folded title, so the best title match comes first and equal
titles come newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from storage.search.dictionary import expand, is_known, near
from storage.search.fulltext import candidates
from storage.search.text import query_words

MAX_WORDS = 8


@dataclass(frozen=True)
class SearchHit:
    """A paragraph id with its score (0..1, higher is better)."""

    paragraph_id: int
    score: float


def search_paragraphs(session: Session, *, tenant_id: int, query: str, limit: int = 10) -> list[SearchHit]:
    """Best paragraphs for free words, tolerant of typos and missing å/ä/ö."""
    groups: list[list[str]] = []
    meant: list[str] = []
    for term in query_words(query)[:MAX_WORDS]:
        tokens, _corrected = expand(session, tenant_id=tenant_id, term=term)
        if tokens:
            groups.append(tokens)
            meant.append(tokens[0])
    if not groups:
        return []
    rows: dict[int, str] = {}
    for any_group in (False, True) if len(groups) > 1 else (False,):
        for titles_only in (True, False):
            if len(rows) < limit:
                rows.update(candidates(session, tenant_id=tenant_id, groups=groups, any_group=any_group,
                                       titles_only=titles_only))
        if rows:
            break
    folded_query = " ".join(meant)
    hits = [SearchHit(paragraph_id=pid, score=fuzz.token_set_ratio(folded_query, title) / 100.0)
            for pid, title in rows.items()]
    hits.sort(key=lambda h: (-h.score, -h.paragraph_id))
    return hits[:limit]


def suggest_words(session: Session, *, tenant_id: int, query: str, limit: int = 3) -> list[str]:
    """Dictionary words close to the query's unknown words, for "Menade du …?"."""
    out: list[str] = []
    for term in query_words(query):
        if is_known(session, tenant_id=tenant_id, term=term):
            continue
        for word, _score, _ in near(session, tenant_id=tenant_id, term=term, limit=limit):
            if word not in out:
                out.append(word)
    return out[:limit]
