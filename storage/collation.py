"""Swedish alphabetical order, the same in Python, SQLite and PostgreSQL.

Byte order puts «Örebro» before «ärende» and «Åsa» after «Östen»; Python's ``sorted`` and SQLite's
BINARY collation both do that. Swedes expect A–Z, then Å, Ä, Ö, with case ignored at first (and
ü sorted as y, w distinct from v). That is CLDR's Swedish tailoring, which ICU implements:
PostgreSQL has it as the collation ``sv-SE-x-icu`` (every build with ICU, which Debian's and the
official images are), Python gets it from PyICU (the ``pyicu-wheels`` binary wheel, so no compiler
or libicu-dev is needed to install), and SQLite gets the same ICU collator registered on every
connection under the name ``sv_SE`` (``storage/db.py``). One collator, three places, one order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import icu
from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

POSTGRES_COLLATION = "sv-SE-x-icu"
SQLITE_COLLATION = "sv_SE"

T = TypeVar("T")
_local = threading.local()


def _collator() -> Any:
    """One ICU collator per thread: ICU documents a collator as unsafe to share while it is used."""
    found = getattr(_local, "collator", None)
    if found is None:
        found = _local.collator = icu.Collator.createInstance(icu.Locale("sv_SE"))
    return found


def sort_key(text: str | None) -> bytes:
    """The key that sorts ``text`` in Swedish order (``None`` and the empty string first)."""
    return bytes(_collator().getSortKey(text or ""))


def sorted_swedish(items: Iterable[T], *, key: Callable[[T], str | None] | None = None) -> list[T]:
    """``items`` in Swedish order of ``key(item)`` (the items themselves when no key is given)."""
    pick: Callable[[Any], str | None] = key if key is not None else (lambda item: item)
    return sorted(items, key=lambda item: sort_key(pick(item)))


def compare(left: str, right: str) -> int:
    """-1, 0 or 1: SQLite's collation callback (``create_collation``) wants exactly that."""
    return _collator().compare(left, right)


def register_sqlite(dbapi_connection: Any) -> None:
    """Make ``COLLATE sv_SE`` known on one SQLite connection (called for every new connection)."""
    dbapi_connection.create_collation(SQLITE_COLLATION, compare)


class swedish(FunctionElement[str]):
    """``column COLLATE <Swedish>``, spelled for the dialect at hand; use it in ORDER BY.

    Not a plain ``collate()``: the collation's name differs between PostgreSQL and SQLite, and a
    statement is compiled once per dialect, so the choice belongs in the compiler.
    """

    type = String()
    inherit_cache = True
    name = "swedish"


@compiles(swedish, "postgresql")
def _swedish_postgresql(element: swedish, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    return f'{compiler.process(column, **kw)} COLLATE "{POSTGRES_COLLATION}"'


@compiles(swedish, "sqlite")
def _swedish_sqlite(element: swedish, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    return f"{compiler.process(column, **kw)} COLLATE {SQLITE_COLLATION}"


@compiles(swedish)
def _swedish_other(element: swedish, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    return compiler.process(column, **kw)
