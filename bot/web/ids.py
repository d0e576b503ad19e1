"""Row ids from URLs and query strings: ASCII digits within the database's integer range, or None.

``str.isdigit`` says yes to ``²`` and ``٣`` (which ``int`` then refuses or reads as 3), and a
25-digit id overflows SQLite's and PostgreSQL's integers inside the driver: both used to end in
a 500. Every id a request carries goes through ``parse_id``, so a malformed one is simply an id
that does not exist — a 404, or a filter that is ignored.
"""

from __future__ import annotations

import re

from aiohttp import web

MAX_ID = 2**31 - 1  # PostgreSQL ``integer`` (the primary keys); SQLite's range is wider
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(text: str | None) -> int | None:
    """The positive id ``text`` spells in ASCII digits, or None for anything else."""
    if not text or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def id_or_404(text: str | None) -> int:
    """``parse_id`` for handlers that answer an unknown id by raising ``HTTPNotFound``."""
    value = parse_id(text)
    if value is None:
        raise web.HTTPNotFound()
    return value
