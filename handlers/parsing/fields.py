"""Labelled fields in a command line: ``RUBRIK dnr UTB 22/30 föredragande Kent möte 30/3``.

Chat commands are typed, not filled in: people write the title first and then a few labelled
parts in any order. Text before the first label is the head (usually the title). The grammar
must never swallow words of a title or task («Inför möte med regionen», «ringa skolan senast
möjligt»), so a label counts only

- as a whole word outside quotes (straight, “typographic” or «guillemets»): quoting a title keeps
  every word of it, whatever it contains;
- when what follows it is a value of its kind: ``möte``/``senast`` need a date, ``dnr`` a
  diarienummer (``DATE_LABELS``/``DNR_LABELS`` by canonical name). «möte med regionen» is text.

``label:`` with a colon also works, and in the multi-line form each ``label: value`` line is one field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from handlers.parsing.dates import find_when
from handlers.parsing.dnr import dnr_spans


@dataclass(frozen=True)
class Fields:
    """The head text, labelled values (canonical label → value) and bare flags found."""

    head: str
    values: dict[str, str] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    head_quoted: bool = False  # the head was given in quotes: it is exactly what was meant, keep it whole

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


DATE_LABELS = frozenset({"meeting", "due"})
DNR_LABELS = frozenset({"dnr"})


def parse_fields(text: str, *, labels: dict[str, str], flags: dict[str, str] | None = None) -> Fields:
    """Split ``text`` at the given labels (spelling → canonical name) and bare flag words."""
    flags = flags or {}
    pattern = _label_pattern(list(labels) + list(flags))
    quoted = quoted_spans(text)
    spans: list[tuple[int, int, str]] = []
    for match in pattern.finditer(text):
        if any(start < match.start() < end for start, end in quoted):
            continue
        word = " ".join(match.group("label").lower().split())
        if word in flags and (match.start() == 0 or not _flag_stands_alone(text, match.end(), pattern)):
            continue
        spans.append((match.start(), match.end(), word))
    spans = _typed_only(text, spans, labels=labels)
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
    raw_head = text[:head_end].strip(" ,;\n")
    quoted = raw_head != unquote(raw_head)
    head = unquote(raw_head) if quoted else unquote(raw_head.strip(" ,;:\n"))
    return Fields(head=head, values=values, flags=frozenset(found_flags), head_quoted=quoted)


def _flag_stands_alone(text: str, end: int, pattern: re.Pattern[str]) -> bool:
    """A flag word counts only when nothing but other labels follows it ("… beslut möte 30/3")."""
    following = pattern.search(text, end)
    stop = following.start() if following else len(text)
    return not text[end:stop].strip(" ,;:\n")


def _label_pattern(words: list[str]) -> re.Pattern[str]:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"(?<![\w/])(?P<label>{alternatives})(?![\w/])\s*:?", re.IGNORECASE)


_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|„[^”“]*[”“]|«[^»]*»|”[^”]*”')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Stretches inside quotes, where no label counts."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _typed_only(text: str, spans: list[tuple[int, int, str]], *, labels: dict[str, str]) -> list[tuple[int, int, str]]:
    """Drop labels whose value is not of their kind; the words stay with the field before them.

    Repeated until stable, because dropping a label lengthens the value of the one before it.
    """
    kept = list(spans)
    changed = True
    while changed:
        changed = False
        for index, (_start, end, word) in enumerate(kept):
            next_start = kept[index + 1][0] if index + 1 < len(kept) else len(text)
            value = text[end:next_start].strip(" ,;\n").lstrip(":").strip()
            if not _fits(labels.get(word, word), value):
                del kept[index]
                changed = True
                break
    return kept


def _fits(name: str, value: str) -> bool:
    if name in DATE_LABELS:
        return _starts_with_date(value)
    if name in DNR_LABELS:
        spans = dnr_spans(value)
        return bool(spans) and spans[0][0] == 0
    return True


def _starts_with_date(value: str) -> bool:
    """A value that begins with a date, even one that does not exist (its error is then shown)."""
    if not value:
        return False
    try:
        found = find_when(value, reference=date(2000, 1, 1))
    except ValueError:
        return True
    return bool(found) and found[0].span[0] == 0


def split_words(text: str) -> list[str]:
    """Whitespace split that keeps quoted phrases together."""
    return [unquote(m.group(0)) for m in re.finditer(r'"[^"]*"|“[^”]*”|«[^»]*»|\S+', text)]
