"""The full-text candidate query, per backend, bounded however common the words are.

Each query word arrives as a ``Term``: one or more alternatives, each a list of token groups a
paragraph must all match, each group a few exact tokens of which one suffices
(storage.search.dictionary and storage.search.query build them). A paragraph matches when it
matches every term (or any term, when asked). Both backends return at most ``WINDOW`` matches,
newest first — an index walk that stops early instead of scoring every match — with their folded
titles, which the caller re-ranks with rapidfuzz. A query matching 300,000 paragraphs thus costs
what one matching 1,000 does.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from storage.search.text import fold

WINDOW = 300
Term = list[list[list[str]]]
"""Alternatives → token groups (all must match) → tokens (one must match)."""


def candidates(session: Session, *, tenant_id: int, terms: list[Term], any_group: bool,
               titles_only: bool) -> list[tuple[int, str]]:
    """(paragraph id, folded title) of the newest paragraphs matching the terms.

    ``titles_only`` looks for the words in titles (and dnr) alone: the best answers, found first.
    """
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite(session, tenant_id=tenant_id, terms=terms, any_group=any_group, titles_only=titles_only)
    return _postgres(session, tenant_id=tenant_id, terms=terms, any_group=any_group, titles_only=titles_only)


def _expression(terms: list[Term], *, any_group: bool, token, or_: str, and_: str) -> str:  # type: ignore[no-untyped-def]
    def term(alternatives: Term) -> str:
        return "(" + or_.join("(" + and_.join("(" + or_.join(token(t) for t in group) + ")" for group in alt) + ")"
                              for alt in alternatives) + ")"

    return (or_ if any_group else and_).join(term(t) for t in terms)


def _sqlite(session: Session, *, tenant_id: int, terms: list[Term], any_group: bool,
            titles_only: bool) -> list[tuple[int, str]]:
    columns = "{title dnr}" if titles_only else "{title clauses dnr}"
    words = _expression(terms, any_group=any_group, token=lambda t: f'"{t}"', or_=" OR ", and_=" AND ")
    match = f"tenant:t{tenant_id} AND {columns}: ({words})"
    rows = session.execute(text("SELECT rowid, title FROM paragraph_fts WHERE paragraph_fts MATCH :m "
                                "ORDER BY rowid DESC LIMIT :w"), {"m": match, "w": WINDOW}).all()
    return [(row[0], row[1] or "") for row in rows]


def _postgres(session: Session, *, tenant_id: int, terms: list[Term], any_group: bool,
              titles_only: bool) -> list[tuple[int, str]]:
    weight = ":A" if titles_only else ""  # title and dnr are weight A in paragraph_search.document
    tsquery = _expression(terms, any_group=any_group, token=lambda t: _lexeme(t) + weight, or_=" | ", and_=" & ")
    rows = session.execute(
        text("SELECT s.paragraph_id, p.title FROM paragraph_search s JOIN paragraph p ON p.id = s.paragraph_id "
             "WHERE s.tenant_id = :t AND s.document @@ to_tsquery('simple', :q) ORDER BY s.paragraph_id DESC LIMIT :w"),
        {"q": tsquery, "t": tenant_id, "w": WINDOW},
    ).all()
    return [(row[0], fold(row[1] or "")) for row in rows]


def _lexeme(token: str) -> str:
    """A tsquery lexeme; folded words are letters and digits only, the quotes guard the rest."""
    return "'" + token.replace("'", "") + "'"
