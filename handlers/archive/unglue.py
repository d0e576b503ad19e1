"""Give back the line breaks a PDF text layer took from § headings.

Some PDF copies return a whole page as one line; others glue a heading to the line before it
(``Magnus Brattgård §138, 140§121 Val av justerare``, ``… av protokollet.§122 Fastställande``).
Either way the § that starts an item is no longer at the start of a line, and the parser — which
reads items from line starts — loses them. A heading is put back on its own line only where the
shape is unmistakable: ``§ N`` followed by a capitalised title word, and either inside a line far
longer than any heading (a flattened page) or glued without a space to a sentence end or a digit.
References in running prose (``under § 103 och``, ``beslut “§ 36 (2015)``) keep their place,
and so do attendance notes (``§§ 12-13``, ``§ 122 - § 138``).
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"(?<!§)(?<!§\s)§\s?\d{1,4}(?:/\d{2,4})?\.?\s+[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ]")
_GLUED = re.compile(r"(?<=[.\d])(?=§\s?\d{1,4}\s+[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ])")
FLATTENED = 400
"""A line this long that holds two or more § headings is a page that lost its line breaks."""


def unglue(lines: list[str]) -> list[str]:
    """The lines, with every glued or flattened § heading starting a line of its own."""
    result: list[str] = []
    for line in lines:
        if len(line) > FLATTENED and len(_HEADING.findall(line)) >= 2:
            result.extend(_split_at(line, [m.start() for m in _HEADING.finditer(line)]))
        elif "§" in line and _GLUED.search(line):
            result.extend(_split_at(line, [m.start() for m in _GLUED.finditer(line)]))
        else:
            result.append(line)
    return result


def _split_at(line: str, cuts: list[int]) -> list[str]:
    """``line`` cut before each position, with a blank line between the pieces (as between paragraphs)."""
    bounds = [0, *(cut for cut in cuts if cut > 0), len(line)]
    pieces: list[str] = []
    for begin, end in zip(bounds, bounds[1:], strict=False):
        if piece := line[begin:end].strip():
            pieces.extend([piece, ""])
    return pieces[:-1]
