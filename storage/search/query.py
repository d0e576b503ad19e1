"""Free-word paragraph search: dictionary expansion, full text, then ranking on the title.

Never a scan of every paragraph: each query word is resolved against the tenant's word
dictionary (its compounds, its correction when mistyped, its parts when two words were written as
one, or the one word two query words make together — storage.search.dictionary), the full-text
index returns a bounded window of the newest matching paragraphs with their titles
(storage.search.fulltext) — words in titles first, then anywhere; all words first, any word
when no paragraph has them all — and rapidfuzz ranks that window on the folded title, so the best
title match comes first and equal titles come newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from storage.search.dictionary import expand, is_known, joined, near, split
from storage.search.fulltext import Term, candidates
from storage.search.text import query_words

MAX_WORDS = 8
SPLIT_FROM = 8  # letters: shorter words are rarely two written together, and each split costs a query


@dataclass(frozen=True)
class SearchHit:
    """A paragraph id with its score (0..1, higher is better)."""

    paragraph_id: int
    score: float


def search_paragraphs(session: Session, *, tenant_id: int, query: str, limit: int = 10) -> list[SearchHit]:
    """Best paragraphs for free words, tolerant of typos, missing å/ä/ö and compounds split or joined."""
    terms, meant = resolve(session, tenant_id=tenant_id, words=query_words(query)[:MAX_WORDS])
    if not terms:
        return []
    rows: dict[int, str] = {}
    for any_group in (False, True) if len(terms) > 1 else (False,):
        for titles_only in (True, False):
            if len(rows) < limit:
                rows.update(candidates(session, tenant_id=tenant_id, terms=terms, any_group=any_group,
                                       titles_only=titles_only))
        if rows:
            break
    folded_query = " ".join(meant)
    hits = [SearchHit(paragraph_id=pid, score=fuzz.token_set_ratio(folded_query, title) / 100.0)
            for pid, title in rows.items()]
    hits.sort(key=lambda h: (-h.score, -h.paragraph_id))
    return hits[:limit]


def resolve(session: Session, *, tenant_id: int, words: list[str]) -> tuple[list[Term], list[str]]:
    """Each query word as a full-text term, and the words the query is taken to mean (for ranking).

    A word the dictionary knows (or begins) is searched with its compounds — and, if it is also two
    known words written together, as those two. One it does not know is split into two it does
    («skolmatkostnader» → skolmat + kostnader), else corrected, else searched as written. Two neighbouring words that the dictionary knows as one («samverkans modell») may
    also match that one word.
    """
    terms: list[Term] = []
    meant: list[str] = []
    for term in words:
        tokens, corrected = expand(session, tenant_id=tenant_id, term=term)
        parts = split(session, tenant_id=tenant_id, term=term) if len(term) >= SPLIT_FROM and term.isalpha() else None
        if parts is None:
            terms.append([[tokens]])
            meant.append(tokens[0])
        elif corrected or (tokens == [term] and not is_known(session, tenant_id=tenant_id, term=term)):
            terms.append([[[parts[0]], parts[1]]])  # two known words beat a guessed correction
            meant.append(f"{parts[0]} {parts[1][0]}")
        else:
            terms.append([[tokens], [[parts[0]], parts[1]]])  # a known compound, or its two words
            meant.append(tokens[0])
    merged: list[Term] = []
    merged_meant: list[str] = []
    index = 0
    while index < len(terms):
        if index + 1 < len(terms) and len(terms[index]) == 1 == len(terms[index + 1]) and (
                whole := joined(session, tenant_id=tenant_id, first=words[index], second=words[index + 1])):
            merged.append([terms[index][0] + terms[index + 1][0], [whole]])
            merged_meant.append(whole[0])
            index += 2
            continue
        merged.append(terms[index])
        merged_meant.append(meant[index])
        index += 1
    return merged, merged_meant


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
