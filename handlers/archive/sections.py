"""Where each § of a protocol starts.

Most protocols write ``§ 19``, ``§19`` or ``§ 100 Mötets öppnande`` at the start of a line
(Markdown adds ``##``). Text extracted from PDFs often loses the § sign or turns it into
``$`` or ``S``; then a bare number at the start of a line is accepted only when such numbers
form an unbroken series (or the series declared by "Protokollet omfattar"), because lone
numbers also start list items and amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SIGNED = re.compile(r"^#{0,6}\s*(?:§§?|paragraf|par\.)\s*(?P<number>\d{1,4})\b[.:]?\s*(?P<rest>.*)$", re.I)
_LOST_SIGN = re.compile(r"^#{0,6}\s*(?:[$S]\s?)?(?P<number>\d{1,4})(?:$|\s+(?P<rest>[A-ZÅÄÖ].*)$)")


@dataclass(frozen=True)
class Section:
    """One § as found in the text: its number, the rest of the heading line and its lines."""

    number: int
    heading_rest: str
    lines: list[str]


def split_sections(lines: list[str], *, declared: tuple[int, int] | None = None) -> tuple[int, list[Section]]:
    """(index of the first heading, the sections); index is len(lines) when there is no §."""
    starts = [(i, m) for i, line in enumerate(lines) if (m := _SIGNED.match(line))]
    if not starts:
        starts = _bare_number_headings(lines, declared=declared)
    if not starts:
        return len(lines), []
    sections: list[Section] = []
    for position, (index, match) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        rest = (match.group("rest") or "").strip()
        sections.append(Section(int(match.group("number")), rest, lines[index + 1 : end]))
    return starts[0][0], sections


def _bare_number_headings(
    lines: list[str], *, declared: tuple[int, int] | None
) -> list[tuple[int, re.Match[str]]]:
    """The longest run of consecutive numbers heading lines, or the declared range."""
    candidates = [(i, m) for i, line in enumerate(lines) if (m := _LOST_SIGN.match(line))]
    if declared is not None:
        low, high = declared
        wanted = low
        chosen = []
        for index, match in candidates:
            if int(match.group("number")) == wanted:
                chosen.append((index, match))
                wanted += 1
        if chosen and wanted > high:
            return chosen
    best: list[tuple[int, re.Match[str]]] = []
    for start, (index, match) in enumerate(candidates):
        run = [(index, match)]
        for later_index, later in candidates[start + 1 :]:
            if int(later.group("number")) == int(run[-1][1].group("number")) + 1:
                run.append((later_index, later))
        if len(run) > len(best):
            best = run
    return best if len(best) >= 2 else []
