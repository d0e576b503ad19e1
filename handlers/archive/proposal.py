"""Beslutsförslag: a working paper that ends in proposed att-clauses but has no §.

Beredningsgrupper send such papers to every member organisation; each one decides on the
same clauses. Imported as one unnumbered paragraph, its clauses and deadlines ("återkomma …
senast 31/10", "till ett gemensamt möte 23/9 kl. 9") become assignments the bot can follow.
A paper may hold several clause lists, one per addressee, each after its own intro line.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.archive.model import ParsedParagraph
from handlers.parsing.assignments import extract_assignments
from handlers.parsing.clauses import split_clauses

PROPOSAL_HEADING = re.compile(r"^#{0,6}\s*(?P<title>(?:förslag|utkast)\s+till\s+beslut\b.*?)\s*:?\s*$", re.I)
_HEADING = re.compile(r"^(?P<level>#{1,6})\s")
_ATT_LINE = re.compile(r"^att\b", re.IGNORECASE)
_LIST_LINE = re.compile(r"^(?:att\b|\d{1,2}[.)]\s|[-–•]\s)", re.IGNORECASE)


def find_proposal_heading(lines: list[str]) -> int | None:
    """Index of the "Förslag till beslut …" heading that is followed by att-clauses."""
    for index, line in enumerate(lines):
        if PROPOSAL_HEADING.match(line.strip()) and any(_ATT_LINE.match(x) for x in lines[index + 1 :]):
            return index
    return None


def parse_proposal(lines: list[str], *, heading: int, reference: date) -> ParsedParagraph:
    """The clauses under ``lines[heading]`` until the next heading of the same or higher level."""
    match = PROPOSAL_HEADING.match(lines[heading].strip())
    title = match.group("title") if match else lines[heading].strip()
    level = _level(lines[heading])
    end = len(lines)
    for index in range(heading + 1, len(lines)):
        found = _level(lines[index])
        if found and (level == 0 or found <= level):
            end = index
            break
    block = lines[heading + 1 : end]
    intros, clauses = _clauses_by_addressee(block)
    start = next((i for i, line in enumerate(lines) if line.strip()), heading)
    body = "\n".join(_HEADING.sub("", line).strip() for line in lines[start + 1 : heading])
    return ParsedParagraph(
        number=None,
        title=title,
        body_text=body.strip(),
        proposal="\n".join(block).strip() or None,
        decision_intro=intros[0] if len(intros) == 1 else None,
        clauses=clauses,
        assignments=extract_assignments(clauses, reference=reference),
    )


def _clauses_by_addressee(block: list[str]) -> tuple[list[str], list[str]]:
    """Split at intro lines ("Förslag till skolan att …:") and read each list on its own."""
    intros: list[str] = []
    groups: list[list[str]] = [[]]
    for line in block:
        stripped = line.strip()
        if stripped.endswith(":") and not _ATT_LINE.match(stripped):
            intros.append(stripped)
            groups.append([])
        else:
            groups[-1].append(line)
    clauses: list[str] = []
    for group in groups:
        if any(_LIST_LINE.match(line.strip()) for line in group):  # prose between lists is no clause
            clauses.extend(split_clauses("\n".join(group)))
    return intros, clauses


def _level(line: str) -> int:
    match = _HEADING.match(line)
    return len(match.group("level")) if match else 0
