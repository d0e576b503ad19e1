"""Text folding shared by indexing and querying.

People type "samverkansmodel", "aldre" or "Ärende" — folding å/ä/ö and case on both sides makes
the stored index and the typed query meet, on SQLite and PostgreSQL alike (PostgreSQL's
'swedish' configuration keeps diacritics, so queries typed without them would fail there).
"""

from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
STOP_WORDS = frozenset(
    "att och i på av för med till om som en ett den det de är var vad blev ska från har eller samt "
    "vid under efter inom the".split()
)


class _FoldTable(dict[int, str]):
    """Each character's NFKD decomposition without combining marks, computed once per character.

    Decomposition works character by character and the marks it reorders are the ones dropped, so
    translating through this table equals normalising the whole text and filtering it, at a
    fraction of the cost: folding every § of an archive import was a per-character generator.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = self[code] = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Äldre Ärenden" → "aldre arenden"."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """Folded words of a text, in order (numbers kept: "2025", "19")."""
    return _WORD_RE.findall(fold(text))


def query_words(text: str) -> list[str]:
    """Folded words worth searching for (stop words and one-letter words dropped)."""
    return [w for w in words(text) if len(w) > 1 and w not in STOP_WORDS]
