"""Split a decision text into its ordered "att"-clauses.

A beslut is a list of clauses, written as a numbered list (``1. ge skolchef i uppdrag …``),
as lines that each begin with ``att``, as ``-`` bullets, or on one line (``att A; att B``).
Each clause becomes one ``Clause`` row, and the numbering is what people cite ("att-sats 2"),
so order and wording are kept; only the list marker and the leading "att" are removed.

Text before the first marker ("… föreslår nämnden besluta att", "Socialnämnden beslutar:") is a
preamble, not a clause. A paragraph that follows a blank line without a marker ends the list, so
passing a whole § (with "Sammanfattning" after the beslut) does not swallow the background text.
"""

from __future__ import annotations

import re

_NUMBERED_RE = re.compile(r"^\s*\d{1,2}\s*[.)]\s+")
_BULLET_RE = re.compile(r"^\s*[-–•*]\s+")
_ATT_RE = re.compile(r"^\s*att(?:\s+|$)", re.IGNORECASE)
_ONE_LINE_SEP_RE = re.compile(r"\s*;\s*(?:att\s+)?|,\s+att\s+", re.IGNORECASE)
# An " att " right after these words belongs to the clause ("i uppdrag att", "möjligheten att").
_ATT_TAKERS = re.compile(
    r"(?:uppdrag|uppdra|uppdras|uppdrar|syfte|sätt|för|om|möjlighet\w*|beslutar|besluta|föreslår|föreslå"
    r"|ska|skall|bör|kan|behöver|vill|önskar|avser|fortsätta|börja|sikte|målet|uppgift\w*)$",
    re.IGNORECASE,
)


def strip_att(clause: str) -> str:
    """Drop a leading "att" (any case); the rest is kept exactly, trailing punctuation included."""
    return _ATT_RE.sub("", clause, count=1).strip()


def _marker(line: str) -> str | None:
    if _NUMBERED_RE.match(line):
        return "numbered"
    if _BULLET_RE.match(line):
        return "bullet"
    if _ATT_RE.match(line):
        return "att"
    return None


def _strip_marker(line: str) -> str:
    line = _BULLET_RE.sub("", _NUMBERED_RE.sub("", line, count=1), count=1)
    return strip_att(line)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _split_one_line(text: str) -> list[str]:
    """"att A; att B" or "att A att B": split on ";", ", att" and free-standing " att "."""
    parts = [p for p in _ONE_LINE_SEP_RE.split(strip_att(text)) if p.strip()]
    if len(parts) > 1 or not _ATT_RE.match(text):
        return [_normalise(strip_att(p)) for p in parts]
    clauses: list[str] = []
    current: list[str] = []
    words = parts[0].split(" ") if parts else []
    for i, word in enumerate(words):
        previous = current[-1] if current else ""
        is_split = word.lower() == "att" and current and i + 1 < len(words) and not _ATT_TAKERS.search(previous)
        if is_split and not any(_ATT_TAKERS.fullmatch(w) for w in current if w.lower().startswith("uppdra")):
            clauses.append(" ".join(current))
            current = []
            continue
        current.append(word)
    if current:
        clauses.append(" ".join(current))
    return [_normalise(c) for c in clauses if c.strip()]


def split_clauses(text: str) -> list[str]:
    """Ordered clause texts without list markers and without the leading "att"."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kinds = [_marker(line) for line in lines]
    style = next((k for k in kinds if k is not None), None)
    if style is None:
        return _split_one_line(_normalise(text)) if text.strip() else []
    if style != "att" and sum(k == style for k in kinds) == 1 and _ATT_RE.match(_strip_marker_only(lines, kinds)):
        style = "att"
    clauses: list[list[str]] = []
    blank_before = False
    for line, kind in zip(lines, kinds, strict=True):
        if not line.strip():
            blank_before = True
            continue
        if kind == style:
            clauses.append([_strip_marker(line)])
        elif clauses and not blank_before and not line.rstrip().endswith(":"):
            clauses[-1].append(line.strip())
        elif clauses:
            break
        blank_before = False
    return [c for c in (_normalise(" ".join(parts)) for parts in clauses) if c]


def _strip_marker_only(lines: list[str], kinds: list[str | None]) -> str:
    """The first marked line with only its number/bullet removed (to spot "1. att …" lists)."""
    first = next(line for line, kind in zip(lines, kinds, strict=True) if kind is not None)
    return _BULLET_RE.sub("", _NUMBERED_RE.sub("", first, count=1), count=1)
