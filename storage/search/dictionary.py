"""Query words resolved through the tenant's word dictionary, never through the paragraphs.

``search_word`` holds each distinct folded word of titles and clauses once per tenant — tens of
thousands of rows where the archive has millions of paragraphs. Each query word becomes the few
dictionary words it stands for: itself and the compounds it begins ("samverkan" →
"samverkansmodell"), or, when it is neither a word nor the beginning of one ("skolmatlider"),
its closest word by rapidfuzz among those sharing its first letter and about its length — never
further than a slip of the keyboard (one edit in a short word, two in a long one, a swap counting
as one), so a real word missing from the dictionary («forum») is searched as written rather than
turned into another («for», from «för»). A word written as two («samverkans modell») or two written
as one («skolmatkostnader») are found by ``joined`` and ``split``.
Expanding here instead of FTS5's ``"word"*`` keeps the full-text query to a handful of exact
tokens: a prefix query merges every token of the prefix and costs several times more.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

CUTOFF = 75
EXPANSIONS = 12
PART = 3  # the shortest part of a compound worth splitting off
_STARTING = text("SELECT word FROM search_word WHERE tenant_id = :t AND word >= :w AND word < :end "
                 "ORDER BY word LIMIT :n")
_EXACT = text("SELECT word FROM search_word WHERE tenant_id = :t AND word IN :words")
_BUCKET = text("SELECT word FROM search_word WHERE tenant_id = :t AND word >= :a AND word < :b "
               "AND length(word) BETWEEN :low AND :high")


def expand(session: Session, *, tenant_id: int, term: str) -> tuple[list[str], bool]:
    """The tokens to search for ``term``, and whether they came from a typo correction.

    A word neither in the dictionary nor close to one is searched as written: the dictionary holds
    no word of a sekretess § (its suggestions are shown to anyone), yet its members must still
    find it by the exact word; the caller filters the hits by who may read them.
    """
    if term.isdigit() or len(term) < 3:
        return [term], False  # years and § numbers are indexed as tokens; short words are not in the dictionary
    starting = _starting(session, tenant_id=tenant_id, term=term)
    if starting:
        return starting, False
    found = near(session, tenant_id=tenant_id, term=term, limit=1)
    if not found:
        return [term], False
    return _starting(session, tenant_id=tenant_id, term=found[0][0]), True


def known_word(session: Session, *, tenant_id: int, term: str) -> bool:
    """A word of the dictionary itself (not only the beginning of one)."""
    return bool(session.execute(_EXACT.bindparams(bindparam("words", expanding=True)),
                                {"t": tenant_id, "words": [term]}).first())


def is_known(session: Session, *, tenant_id: int, term: str) -> bool:
    """A word of the dictionary, or the beginning of one."""
    return term.isdigit() or len(term) < 3 or bool(_starting(session, tenant_id=tenant_id, term=term, limit=1))


def near(session: Session, *, tenant_id: int, term: str, limit: int) -> list[tuple[str, float, int]]:
    """Dictionary words that look like ``term`` (same first letter, length within two), best first."""
    if len(term) < 3 or term.isdigit():
        return []
    rows = session.execute(_BUCKET, {"t": tenant_id, "a": term[0], "b": chr(ord(term[0]) + 1),
                                     "low": max(3, len(term) - 2), "high": len(term) + 2}).scalars().all()
    edits = max_edits(term)
    close = [row for row in rows if OSA.distance(term, row, score_cutoff=edits) <= edits]
    return process.extract(term, close, scorer=fuzz.ratio, limit=limit, score_cutoff=CUTOFF)


def max_edits(term: str) -> int:
    """Keyboard slips a correction may undo: one in a word of up to six letters, else two."""
    return 1 if len(term) <= 6 else 2


def split(session: Session, *, tenant_id: int, term: str) -> tuple[str, list[str]] | None:
    """A compound written as one word that the dictionary knows as two: (first word, tokens of the rest).

    The longest first part that is a dictionary word wins («skolmat|kostnader» over «skol|matkostnader»);
    the rest must be a word or the beginning of one. One query for every possible first part.
    """
    if len(term) < 2 * PART or term.isdigit():
        return None
    heads = [term[:i] for i in range(len(term) - PART, PART - 1, -1)]
    known = set(session.execute(_EXACT.bindparams(bindparam("words", expanding=True)),
                                {"t": tenant_id, "words": heads}).scalars())
    for head in heads:
        if head in known:
            rest = _starting(session, tenant_id=tenant_id, term=term[len(head):])
            if rest:
                return head, rest
    return None


def joined(session: Session, *, tenant_id: int, first: str, second: str) -> list[str]:
    """The compound two query words make when written together, if the dictionary has it as a word."""
    word = first + second
    if len(word) > 40 or first.isdigit() or second.isdigit():
        return []
    return [word] if session.execute(_EXACT.bindparams(bindparam("words", expanding=True)),
                                     {"t": tenant_id, "words": [word]}).first() else []


def _starting(session: Session, *, tenant_id: int, term: str, limit: int = EXPANSIONS) -> list[str]:
    """The word itself (it sorts first) and the words it begins, through the (tenant, word) key."""
    return list(session.execute(_STARTING, {"t": tenant_id, "w": term, "end": term + "\uffff", "n": limit}).scalars())
