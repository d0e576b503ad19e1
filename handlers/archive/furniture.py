"""Removing what a word processor prints on every page of a protocol.

A protocol page carries a header (organ, "Mötesdatum", the date) and a footer ("Justerandes
sign", "Utdragsbestyrkande", "Sida 2 av 5"). Exported to text, these land between the lines
of the paragraphs — sometimes in the middle of a sentence or of an att-clause. The first
header block of the document is kept (it is the real header); later copies are dropped, and
when a sentence was cut by a page break its two halves are joined again.
"""

from __future__ import annotations

import re

_FOOTER = re.compile(
    r"^(?:justerandes?\s+sign(?:atur(?:er)?)?\.?|utdragsbestyrkande|"
    r"sida\s+\d+(?:\s*(?:av|\(|/)\s*\d+\)?)?|\d+\s*\(\d+\)|\d+\s+av\s+\d+|signatur(?:er)?)$",
    re.IGNORECASE,
)
_ANCHOR = re.compile(
    r"^(?:mötesdatum|sammanträdesdatum|sammanträdesprotokoll|mötesprotokoll)$",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SENTENCE_END = re.compile(r"[.:;!?]$")
_FIRST_BLOCK_LINES = 5


def remove_page_furniture(lines: list[str]) -> list[str]:
    """The lines without repeated page headers/footers (lines are already stripped)."""
    header_lines = _first_header_block(lines)
    furniture = [_is_furniture(line, header_lines=header_lines) for line in lines]
    keep = [True] * len(lines)
    index = 0
    while index < len(lines):
        if not furniture[index]:
            index += 1
            continue
        run = _run_from(index, furniture=furniture, lines=lines)
        members = [lines[i] for i in run if lines[i]]
        first_block = bool(header_lines) and run[0] <= _last_index_of_first_block(lines)
        has_footer = any(_FOOTER.match(line) for line in members)
        has_anchor = any(_ANCHOR.match(line) for line in members)
        if first_block:
            # The document's own header is kept; only its page number ("1(14)", "Sida 1 av 6") goes.
            for i in run:
                keep[i] = keep[i] and not _FOOTER.match(lines[i])
        elif has_footer or has_anchor:
            for i in run:
                keep[i] = False
            _join_cut_sentence(lines, keep=keep, run=run)
        index = run[-1] + 1
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


def _first_header_block(lines: list[str]) -> set[str]:
    """Lines of the opening header when the document starts with one (else nothing repeats)."""
    opening = [line for line in lines if line][:_FIRST_BLOCK_LINES]
    if not any(_ANCHOR.match(line) for line in opening):
        return set()
    return {line for line in opening if len(line) <= 80 and not line.startswith("§")}


def _last_index_of_first_block(lines: list[str]) -> int:
    seen = 0
    for index, line in enumerate(lines):
        if line:
            seen += 1
            if seen == _FIRST_BLOCK_LINES:
                return index
    return len(lines)


def _is_furniture(line: str, *, header_lines: set[str]) -> bool:
    if not line:
        return False
    if _FOOTER.match(line) or _ANCHOR.match(line):
        return True
    return bool(header_lines) and (line in header_lines or bool(_DATE_ONLY.match(line)))


def _run_from(start: int, *, furniture: list[bool], lines: list[str]) -> list[int]:
    """Indices of consecutive furniture lines from ``start``, blank lines between included."""
    run = [start]
    index = start + 1
    while index < len(lines):
        if furniture[index]:
            run.append(index)
        elif lines[index]:
            break
        index += 1
    return run


def _join_cut_sentence(lines: list[str], *, keep: list[bool], run: list[int]) -> None:
    """Drop the blank lines around a removed block when it had cut a sentence in two."""
    before = run[0] - 1
    while before >= 0 and not lines[before]:
        before -= 1
    after = run[-1] + 1
    while after < len(lines) and not lines[after]:
        after += 1
    if before < 0 or after >= len(lines):
        return
    if _SENTENCE_END.search(lines[before]) or not lines[after][:1].islower():
        return
    for index in range(before + 1, after):
        keep[index] = False
