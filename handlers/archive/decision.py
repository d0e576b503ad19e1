"""The decision of a §: its introducing sentence and its clauses.

Decisions are introduced by a sentence that ends where the clauses begin: "Socialnämnden
beslutar:", "… föreslår utbildningsnämnden besluta att", "Mötet beslutar att:". The clauses are
numbered, bulleted or "att"-lines (split by handlers.parsing.clauses), or — in the minutes of
informal groups — plain paragraphs, one decision each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers.parsing.clauses import split_clauses

_INTRO = re.compile(
    r"^(?=.{0,240}$).*\b(?:beslut(?:a|ar|ade)|beslöt|föreslår|föreslås|tillstyrker)\b[^.]*?(?:\batt|:)\s*$"
    r"|^(?=.{0,240}$).*\b(?:beslut(?:a|ar|ade)|beslöt)\s*$",
    re.IGNORECASE,
)
_MARKED = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[-–•*]|att)(?:\s|$)", re.IGNORECASE)
_DECIDER = re.compile(r"^(?P<who>[A-ZÅÄÖ][\w-]*(?:\s+[\wåäö-]+){0,4}?)\s+(?:beslutar|beslutade|beslöt)\b")
_GENERIC = {"mötet", "gruppen", "nämnden", "vi", "styrgruppen", "arbetsgruppen"}


@dataclass
class Decision:
    """Intro sentence (None when the block starts directly with clauses) and clause texts."""

    intro: str | None
    clauses: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)  # lines preceding the intro (background text)


def find_intro(lines: list[str]) -> int | None:
    """Index of the first line that introduces a decision, if any."""
    for index, line in enumerate(lines):
        if _INTRO.match(line.strip()):
            return index
    return None


def read_decision(lines: list[str], *, require_intro: bool) -> Decision | None:
    """The decision in ``lines``; without an intro only when the block is known to be a decision."""
    index = find_intro(lines)
    if index is None:
        if require_intro:
            return None
        return Decision(intro=None, clauses=clauses_of("\n".join(lines)))
    return Decision(
        intro=lines[index].strip(),
        clauses=clauses_of("\n".join(lines[index + 1 :])),
        before=lines[:index],
    )


def clauses_of(block: str) -> list[str]:
    """Clauses of a decision block: marked lists via split_clauses, else one per paragraph."""
    block = block.strip("\n")
    if not block.strip():
        return []
    if any(_MARKED.match(line) for line in block.split("\n")):
        return split_clauses(block)
    clauses: list[str] = []
    for paragraph in re.split(r"\n\s*\n", block):
        if paragraph.strip():
            clauses.extend(split_clauses(paragraph))
    return clauses


def decider(intro: str | None) -> str | None:
    """The body that decided ("Socialnämnden beslutar:" → "Socialnämnden"), unless generic."""
    if not intro or not (match := _DECIDER.match(intro)):
        return None
    who = match.group("who").strip()
    return None if who.lower() in _GENERIC else who
