"""Where each § (item) of a protocol starts.

Protocols number their items in many ways: ``§ 19``, ``§19``, ``§ 127.MÖTET ÖPPNAS``, ``§ 63/20``,
``KSAU § 130/2014``, ``Sn 49``, ``Punkt 3``, ``Ärende 4``, ``1 Informationsärende``, ``1. Mötet
öppnat`` — and PDF copies lose the § sign (``210`` alone on a line, ``$ 12``). The same shapes also
start things that are no item: attendance notes (``§§ 12-13``), references (``§41 Tillägg …`` in a
list of corrections), tables of contents, numbered decision points inside an item, agenda
templates. So every heading-like line is a *candidate* of one *style*; the parser keeps one style
and, within it, the chain of numbers that reads as a protocol (rising, mostly by one). A table of
contents is recognised by its numbers coming back later, or by dotted page references. A numbered
list right under «Förslag till beslut» / «Beslut» is the decision's points, not items; a lone bare
«§ 96.» (the end of a sentence cut by a line break) loses to a run of numbered items.

Each section keeps what its label says about numbering: the year after a slash (``§ 73/10``) and a
prefix (``KS § 80``); items numbered without a sign from 1 are numbered per meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.archive.parts import heading_kind
from handlers.parsing.dnr import parse_dnr

_SIGNED = re.compile(
    r"^#{0,6}\s*(?:(?P<prefix>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5})\s+)?(?:§|paragraf\b|par\.)\s*(?P<number>\d{1,4})\b"
    r"(?:/(?P<year>\d{2,4})\b)?[.:]?\s*(?P<rest>.*)$",
    re.I,
)
_WORD = re.compile(r"^#{0,6}\s*(?P<word>punkt|ärende|item)\s+(?P<number>\d{1,3})\b[.:]?\s*(?P<rest>.*)$", re.I)
_PREFIXED = re.compile(r"^(?P<prefix>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,4})\s+(?P<number>\d{1,4})$")
_DOTTED = re.compile(r"^#{0,6}\s*(?P<number>\d{1,3})[.)]\s+(?P<rest>[A-ZÅÄÖ].*)$")
_LOST_SIGN = re.compile(r"^#{0,6}\s*(?:[$S]\s?)?(?P<number>\d{1,4})(?:$|\s+(?P<rest>[A-ZÅÄÖ].*)$)")
_TOC_LINE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}\s*$")
_ANOTHER_ITEM = re.compile(r"§\s*\d{1,4}(?:/\d{2,4})?\s+[A-ZÅÄÖ]")  # "§ 71/20 Uppföljning … § 72/20 Övriga …"
_RANGE_REST = re.compile(r"^(?:[-–]\s*§?\s*\d|och\s+\d|,\s*\d)")
_NOT_PREFIX = frozenset(
    "dnr sida sid kl nr bil tel fax vecka dag tid år au bilaga punkt ärende mars maj juni juli april".split()
)
MINUTES = re.compile(  # words by which a text presents itself as minutes
    r"protokoll|minnesanteckningar|mötesanteckningar|sammanträde|styrelsemöte|årsmöte|möte\s+med|"
    r"plats\s+och\s+tid|tid\s+och\s+plats|närvarande|justera|beslutande",
    re.I,
)


@dataclass(frozen=True)
class Section:
    """One § as found in the text: its number, the rest of the heading line and its lines.

    ``dnr_line`` is a diarienummer written alone on the line just above the heading, a layout
    (``BUN/2016:360`` over ``§ 54``) where it belongs to the § below, not to the one before.
    """

    number: int
    heading_rest: str
    lines: list[str]
    dnr_line: str | None = None
    per_meeting: bool = False
    year_written: int | None = None  # "§ 73/10", "KSAU § 130/2014": the year the number belongs to
    prefix: str | None = None  # "KS § 80", "Sn 49": the body's short name as written before the number


@dataclass
class _Candidate:
    """A heading-like line: where, which number, the rest of the line, its style, whether a TOC entry."""

    index: int
    number: int
    rest: str
    style: str
    toc: bool = False
    year: int | None = None
    prefix: str | None = None


def split_sections(lines: list[str], *, declared: tuple[int, int] | None = None) -> tuple[int, list[Section]]:
    """(index of the first heading, the sections); index is len(lines) when there is no §."""
    chosen = _choose(lines, declared=declared)
    if not chosen:
        return len(lines), []
    # Items numbered from 1 without a § sign ("1 Informationsärende", "Punkt 1", "1. Mötet öppnas") count
    # per meeting; a § that only lost its sign in a PDF copy (210, 211, …) keeps counting through the year.
    per_meeting = chosen[0].style != "signed" and not chosen[0].style.startswith("prefix:") and (
        chosen[0].style.startswith("word") or chosen[0].number == 1)
    sections: list[Section] = []
    for position, found in enumerate(chosen):
        end = chosen[position + 1].index if position + 1 < len(chosen) else len(lines)
        body = lines[found.index + 1 : end]
        dnr_line = _dnr_above(lines, index=found.index)
        if position + 1 < len(chosen) and _dnr_above(lines, index=chosen[position + 1].index) is not None:
            body = _without_last_dnr(body)
        sections.append(Section(found.number, found.rest.strip(), body, dnr_line=dnr_line, per_meeting=per_meeting,
                                year_written=found.year, prefix=found.prefix))
    return chosen[0].index, sections


def _choose(lines: list[str], *, declared: tuple[int, int] | None) -> list[_Candidate]:
    signed = [c for i, line in enumerate(lines) if (c := _signed(i, line))]
    chosen = _chain(_drop_toc(signed), singles=True) if signed else []
    if len(chosen) > 1:
        return chosen
    if chosen and chosen[0].rest.strip(" .:"):
        return chosen
    # A lone bare "§ 96." (the end of "antagen … den 19 december 2023,") is no item when the text's
    # items are numbered without the sign: a run of three or more unsigned items wins over it.
    unsigned = _unsigned_chain(lines, declared=declared)
    return unsigned if len(unsigned) >= 3 or not chosen else chosen


def _unsigned_chain(lines: list[str], *, declared: tuple[int, int] | None) -> list[_Candidate]:
    groups: dict[str, list[_Candidate]] = {}
    for index, line in enumerate(lines):
        if (found := _unsigned(index, line)) is not None and not _in_decision_list(lines, index=index):
            groups.setdefault(found.style, []).append(found)
    first = min((c.index for group in groups.values() for c in group), default=0)
    if not any(MINUTES.search(line) for line in lines[:first]):
        return []  # numbered lines in a text that does not present itself as minutes (by-laws, a template)
    if declared is not None and (run := _declared_run(groups.get("bare", []), declared)):
        return run
    best: list[_Candidate] = []
    best_key: tuple[int, int] = (0, 0)
    for style, candidates in groups.items():
        # One numbered title with its diarienummer on the next line is an item even when it is alone.
        single = style.startswith(("prefix:", "word")) or all(_dnr_below(lines, index=c.index) for c in candidates)
        chain = _chain(_drop_toc(candidates), singles=single)
        if not chain:
            continue
        key = (_score(chain), -chain[0].index)
        if key > best_key:
            best, best_key = chain, key
    return best


def _signed(index: int, line: str) -> _Candidate | None:
    text = line.strip()
    if text.startswith("§§") or (match := _SIGNED.match(text)) is None:
        return None
    prefix = (match.group("prefix") or "").lower()
    if prefix in _NOT_PREFIX and prefix:
        return None
    rest = match.group("rest")
    if _RANGE_REST.match(rest):
        return None  # "§ 105 - § 106", "§ 12 och 13": who attended which items
    toc = bool(_TOC_LINE.search(rest) or _ANOTHER_ITEM.search(rest))
    return _Candidate(index, int(match.group("number")), rest, "signed", toc=toc, year=_full_year(match.group("year")),
                      prefix=match.group("prefix") or None)


def _unsigned(index: int, line: str) -> _Candidate | None:
    text = line.strip()
    if (match := _WORD.match(text)) is not None:
        rest = match.group("rest")
        if parse_dnr(re.sub(r"^(?:diarienummer|dnr)\s*:?\s*", "", rest, flags=re.I)) is not None:
            return None  # "Ärende 1 Diarienummer 2023/KS 0362" under a numbered title
        return _Candidate(index, int(match.group("number")), rest, "word:" + match.group("word").lower())
    if (match := _PREFIXED.match(text)) is not None and match.group("prefix").lower() not in _NOT_PREFIX:
        return _Candidate(index, int(match.group("number")), "", "prefix:" + match.group("prefix").lower(),
                          prefix=match.group("prefix"))
    if (match := _DOTTED.match(text)) is not None:
        rest = match.group("rest")
        return _Candidate(index, int(match.group("number")), rest, "dotted", toc=bool(_TOC_LINE.search(rest)))
    if (match := _LOST_SIGN.match(text)) is not None:
        rest = match.group("rest") or ""
        return _Candidate(index, int(match.group("number")), rest, "bare", toc=bool(_TOC_LINE.search(rest)))
    return None


def _in_decision_list(lines: list[str], *, index: int) -> bool:
    """A numbered line in the list under «Förslag till beslut» / «Beslut» is a decision point, not an item."""
    cursor = index - 1
    while cursor >= 0 and lines[cursor].strip() and _DOTTED.match(lines[cursor].strip()):
        cursor -= 1
    return cursor >= 0 and heading_kind(lines[cursor]) in ("proposal", "decision")


def _full_year(written: str | None) -> int | None:
    """"10" → 2010, "98" → 1998, "2014" → 2014: the year after the slash in "§ 73/10"."""
    if not written:
        return None
    year = int(written)
    if len(written) == 4:
        return year if 1900 <= year <= 2100 else None
    return 2000 + year if year < 70 else 1900 + year


def _drop_toc(candidates: list[_Candidate]) -> list[_Candidate]:
    """Without the table of contents: dotted page references, and every entry before a number comes back."""
    kept = [c for c in candidates if not c.toc]
    seen: dict[int, int] = {}
    for position, candidate in enumerate(kept):
        if candidate.number in seen:  # the items start again here: from that number's first entry on, a TOC
            return _drop_toc(kept[: seen[candidate.number]] + kept[position:])
        seen[candidate.number] = position
    return kept


def _chain(candidates: list[_Candidate], *, singles: bool) -> list[_Candidate]:
    """The rising chain that reads most like consecutive items (a gap costs, a step back is a reference)."""
    if not candidates:
        return []
    best_score = [4] * len(candidates)
    previous: list[int | None] = [None] * len(candidates)
    for j, later in enumerate(candidates):
        for i in range(j):
            earlier = candidates[i]
            if later.number <= earlier.number:
                continue
            score = best_score[i] + 4 - min(later.number - earlier.number - 1, 3)
            if score > best_score[j]:
                best_score[j], previous[j] = score, i
    end = max(range(len(candidates)), key=lambda k: (best_score[k], -k))
    chain: list[_Candidate] = []
    cursor: int | None = end
    while cursor is not None:
        chain.append(candidates[cursor])
        cursor = previous[cursor]
    chain.reverse()
    if len(chain) < 2 and not singles:
        return []
    return chain


def _score(chain: list[_Candidate]) -> int:
    return sum(4 - min(b.number - a.number - 1, 3) for a, b in zip(chain, chain[1:], strict=False)) + 4


def _declared_run(candidates: list[_Candidate], declared: tuple[int, int]) -> list[_Candidate]:
    """Bare numbers that walk through the declared range ("Protokollet omfattar §§ 12-15") in order."""
    low, high = declared
    wanted, chosen = low, []
    for candidate in candidates:
        if candidate.number == wanted:
            chosen.append(candidate)
            wanted += 1
    return chosen if chosen and wanted > high else []


def _dnr_below(lines: list[str], *, index: int) -> bool:
    """Whether the next non-empty line holds only a diarienummer ("Dnr 2007/BUN 151 042")."""
    following = next((line.strip() for line in lines[index + 1 :] if line.strip()), "")
    return parse_dnr(re.sub(r"^(?:diarienummer|dnr)\s*:?\s*", "", following, flags=re.I)) is not None


def _dnr_above(lines: list[str], *, index: int) -> str | None:
    """A line holding only a diarienummer right above a heading (blank lines between allowed)."""
    cursor = index - 1
    while cursor >= 0 and not lines[cursor].strip():
        cursor -= 1
    if cursor < 0:
        return None
    text = lines[cursor].strip()
    return text if parse_dnr(re.sub(r"^(?:diarienummer|dnr)\s*:?\s*", "", text, flags=re.I)) is not None else None


def _without_last_dnr(body: list[str]) -> list[str]:
    trimmed = list(body)
    while trimmed and not trimmed[-1].strip():
        trimmed.pop()
    return trimmed[:-1] if trimmed else trimmed
