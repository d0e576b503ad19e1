"""Labelled fields in a command line: ``RUBRIK dnr UTB 22/30 föredragande Kent möte 30/3``.

Chat commands are typed, not filled in: people write the title first and then a few labelled
parts in any order. A label counts only as a whole word outside quotes; ``label:`` with a colon
also works, and in the multi-line form each ``label: value`` line is one field. Text before the
first label is the head (usually the title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fields:
    """The head text, labelled values (canonical label → value) and bare flags found."""

    head: str
    values: dict[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()

    def get(self, name: str) -> str | None:
        """A labelled value, or None when absent or empty."""
        value = self.values.get(name)
        return value or None


def unquote(text: str) -> str:
    """Strip one pair of surrounding quotes (straight or typographic) and whitespace."""
    text = text.strip()
    if len(text) >= 2 and text[0] in "\"'”“«" and text[-1] in "\"'”“»":
        return text[1:-1].strip()
    return text


def parse_fields(text: str, *, labels: dict[str, str], flags: dict[str, str] | None = None) -> Fields:
    """Split ``text`` at the given labels (spelling → canonical name) and bare flag words."""
    flags = flags or {}
    pattern = _label_pattern(list(labels) + list(flags))
    spans: list[tuple[int, int, str]] = []
    for match in pattern.finditer(text):
        if _inside_quotes(text, match.start()):
            continue
        word = " ".join(match.group("label").lower().split())
        if word in flags and (match.start() == 0 or not _flag_stands_alone(text, match.end(), pattern)):
            continue
        spans.append((match.start(), match.end(), word))
    head_end = spans[0][0] if spans else len(text)
    values: dict[str, str] = {}
    found_flags: set[str] = set()
    for index, (_start, end, word) in enumerate(spans):
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        if word in flags:
            found_flags.add(flags[word])
            trailing = text[end:next_start].strip(" ,;:\n")
            if trailing and index == len(spans) - 1:
                values.setdefault("_rest", trailing)
            continue
        values[labels.get(word, word)] = unquote(text[end:next_start].strip(" ,;\n").lstrip(":").strip())
    return Fields(head=unquote(text[:head_end].strip(" ,;:\n")), values=values, flags=frozenset(found_flags))


def _flag_stands_alone(text: str, end: int, pattern: re.Pattern[str]) -> bool:
    """A flag word counts only when nothing but other labels follows it ("… beslut möte 30/3")."""
    following = pattern.search(text, end)
    stop = following.start() if following else len(text)
    return not text[end:stop].strip(" ,;:\n")


def _label_pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"(?<![\w/])(?P<label>{alternatives})(?![\w/])\s*:?", re.IGNORECASE)


def _inside_quotes(text: str, position: int) -> bool:
    """True when ``position`` lies inside a straight-quoted stretch."""
    return text.count('"', 0, position) % 2 == 1


def split_words(text: str) -> list[str]:
    """Whitespace split that keeps quoted phrases together."""
    return [unquote(m.group(0)) for m in re.finditer(r'"[^"]*"|“[^”]*”|«[^»]*»|\S+', text)]
