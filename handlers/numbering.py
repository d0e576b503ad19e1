"""§ numbers: the next free one is taken in the database, safely under concurrency.

Numbering runs per body and year, and several bot processes may register decisions in the same
body at once. Counting max+1 in Python and inserting let two of them take the same number, and
the loser's unique-key clash surfaced as «Något gick fel». Here the § row goes in inside a
savepoint: a clash on an unnumbered § means another transaction committed that number (PostgreSQL
makes the loser wait for it), so count again, a bounded number of times. A typed number that is
taken stays the user's error (``NumberTaken``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Body, Paragraph

NUMBER_ATTEMPTS = 50
"""How often an unnumbered § counts again after losing its number to a concurrent registration.

Every lost attempt means another registration in the same body committed, so this bounds how many
may overtake one; far more than a secretariat types at once."""


class NumberTaken(Exception):
    """The § number given is already used in the body and year (a concurrent insert won)."""


class NumberUnavailable(Exception):
    """No free number could be taken in ``NUMBER_ATTEMPTS`` tries (a storm of concurrent registrations)."""


def next_number(session: Session, *, tenant_id: int, body: Body, year: int) -> int:
    """The next free § number of a body in a year (numbering runs per body and year)."""
    highest = session.scalar(select(func.max(Paragraph.number)).where(
        Paragraph.tenant_id == tenant_id, Paragraph.body_id == body.id, Paragraph.year == year,
        Paragraph.number_scope == ""))  # an imported protocol numbered per meeting runs apart (0011)
    return (highest or 0) + 1


def insert_numbered(session: Session, *, build: Callable[[int | None], Paragraph], number: int | None,
                     tenant_id: int, body: Body, year: int) -> Paragraph:
    """Insert the § row inside a savepoint, so a clash on its number undoes only this row.

    Unnumbered: count max+1 and try; a clash means a concurrent transaction committed that number
    (PostgreSQL makes the loser wait for it), so count again. Typed: a clash is ``NumberTaken``.
    """
    _begin_for_savepoint(session)
    for _attempt in range(NUMBER_ATTEMPTS if number is None else 1):
        paragraph = build(number if number is not None else
                          next_number(session, tenant_id=tenant_id, body=body, year=year))
        try:
            with session.begin_nested():
                session.add(paragraph)
            return paragraph
        except IntegrityError:
            if number is not None:
                raise NumberTaken(number) from None
    raise NumberUnavailable(body.id)


def _begin_for_savepoint(session: Session) -> None:
    """SQLite: open the write transaction before the savepoint.

    pysqlite (before Python 3.12) sends BEGIN lazily, and a SAVEPOINT issued outside a transaction
    is committed by its own RELEASE, which would write the § apart from its clauses. BEGIN IMMEDIATE
    also takes SQLite's write lock now, so max+1 is counted where no other writer can interleave.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    session.flush()
    raw = session.connection().connection.dbapi_connection
    if raw is not None and not raw.in_transaction:
        session.execute(text("BEGIN IMMEDIATE"))
