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


def _split_on_bare_att(body: str) -> list[str]:
    """ "A att B": a free-standing "att" starts a new clause unless the clause still owes one."""
    clauses: list[list[str]] = [[]]
    owes_att = False  # "ge X i uppdrag" / "uppdra till X" is followed by its own "att"
    words = body.split()
    for i, word in enumerate(words):
        current = clauses[-1]
        if word.lower() == "att":
            if current and i + 1 < len(words) and not owes_att and not _ATT_TAKERS.fullmatch(current[-1]):
                clauses.append([])
                continue
            owes_att = False
        elif word.lower().startswith("uppdra"):
            owes_att = True
        current.append(word)
    return [" ".join(c) for c in clauses if c]


def _split_paragraph(text: str) -> list[str]:
    """One paragraph without list markers: "att A; att B", "att A, att B" or "att A att B"."""
    body = strip_att(_normalise(text))
    parts = [strip_att(p) for p in _ONE_LINE_SEP_RE.split(body) if p.strip()]
    if len(parts) == 1 and _ATT_RE.match(text):
        return _split_on_bare_att(parts[0])
    return parts


def _split_unmarked(lines: list[str]) -> list[str]:
    """No markers: drop a "… beslutar att:" preamble line, then one clause set per paragraph."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) > 1 and re.search(r"(:|\batt)\s*$", lines[filled[0]], re.IGNORECASE):
        lines = lines[filled[0] + 1 :]
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines))
    return [clause for paragraph in paragraphs if paragraph.strip() for clause in _split_paragraph(paragraph)]


def split_clauses(text: str) -> list[str]:
    """Ordered clause texts without list markers and without the leading "att"."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kinds = [_marker(line) for line in lines]
    style = next((k for k in kinds if k is not None), None)
    if style is None:
        return _split_unmarked(lines)
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
    joined = [c for c in (_normalise(" ".join(parts)) for parts in clauses) if c]
    if style == "att" and len(joined) == 1:
        return _split_paragraph("att " + joined[0])
    return joined
