"""Diarienummer (case numbers) as Swedish protocols and chat users write them.

One case is written many ways: ``UTB 22/30``, ``utb 2022/30``, ``UTB-22/30``, ``SN/2022:61``,
``Dnr: KS 2023/145`` — and, in case systems that put the year first, ``2023/BUN 0214`` or
``2023/BUN 0203 40`` (a classification code after the number, not part of the case). Lookups must find the case whichever spelling was used, so every spelling
is reduced to one ``key`` (``PREFIX:YYYY:N``) while ``written`` keeps the original for display.

In running text the same shape also appears in clock times (``kl 13:00``), dates (``den 15/11``)
and legal references (``SOU 2020:47``); those are rejected by a stop list and, for prefixes
not written in capitals, by refusing anything that looks like a day/month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

_DNR_RE = re.compile(
    r"""
    (?<!\w)
    (?:(?P<lead>dnr)\.?[ \t]*:?[ \t]*)?
    (?:(?P<prefix>[^\W\d_]{1,6})[ \t]?[-/]?[ \t]?)?
    (?P<year>\d{4}|\d{2})
    (?P<sep>[ \t]?[/:][ \t]?|-)
    (?P<number>\d{1,6})
    (?!\d|[-/:.]\d)
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Year first, then the register and a zero-padded number, optionally a classification code
# (Ciceron, W3D3: "2023/BUN 0214", "2021/KS 0280 013", "06/KS 006 012").
_YEAR_FIRST_RE = re.compile(
    r"""
    (?<![\w/])
    (?:(?P<lead>dnr|diarienummer)\.?[ \t]*:?[ \t]*)?
    (?P<year>\d{4}|\d{2})[ \t]?/[ \t]?
    (?P<prefix>[^\W\d_]{1,6})[ \t]?(?P<number>\d{1,6})
    (?:[ \t.](?P<cls>\d{2,3}))?
    (?![\w/])
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A classification code, then number / year ("Dnr 1.6-0463/2011", "002 – 443 / 05"). In running text
# only after "Dnr"/"Diarienummer": without it, "1-12/05" could be anything.
_CLASSIFIED_RE = re.compile(
    r"""
    (?<![\w/.])
    (?:(?P<lead>dnr|diarienummer)\.?[ \t]*:?[ \t]*)?
    (?P<cls>\d{1,3}(?:\.\d{1,3})?)[ \t]*[-–][ \t]*
    (?P<number>\d{1,6})[ \t]*/[ \t]*(?P<year>\d{4}|\d{2})
    (?![\w/])
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Words that precede number pairs in ordinary prose (times, dates, weeks, legal references).
NOT_PREFIXES = frozenset(
    """
    kl klockan den de det år året vt ht läsår v vecka veckan nr sid s ca cirka från till om per
    mellan senast före efter på i och eller samt datum möte mötet tid dag dagen tom from kr sek
    mkr tkr st bil bilaga punkt p kap lag sfs prop sou ds eu ö och version ver tel fax
    """.split()
)


@dataclass(frozen=True)
class Dnr:
    """A diarienummer; equality and hashing use the normalised parts, not the spelling."""

    prefix: str
    year: int
    number: int
    written: str = field(compare=False)
    key: str

    @property
    def display(self) -> str:
        """The spelling the author used (without a leading "Dnr:" when a prefix carries it)."""
        if not self.written:
            return self.canonical
        if self.prefix:
            return re.sub(r"^(?:dnr|diarienummer)\.?\s*:?\s*", "", self.written, flags=re.IGNORECASE)
        return self.written

    @property
    def canonical(self) -> str:
        """A neutral spelling for when nothing was written, e.g. ``UTB 2022/30``."""
        head = f"{self.prefix} " if self.prefix else "Dnr "
        return f"{head}{self.year}/{self.number}"


def make_key(*, prefix: str, year: int, number: int) -> str:
    """The normalised key shared by every spelling of one case."""
    return f"{prefix.upper()}:{year}:{number}"


def _build(match: re.Match[str], *, running_text: bool) -> Dnr | None:
    lead = match.group("lead")
    prefix = match.group("prefix") or ""
    if prefix.lower() == "dnr":
        lead, prefix = prefix, ""
    if not lead and not prefix:
        return None
    if prefix.lower() in NOT_PREFIXES:
        return None
    raw_year, raw_number = match.group("year"), match.group("number")
    if (len(raw_year) == 2 and len(raw_number) == 4 and 1900 <= int(raw_number) <= 2099
            and re.search(r"[^\W\d_][ \t]?/[ \t]?\d{2}[ \t]?/", match.group(0))):
        raw_year, raw_number = raw_number, raw_year  # "LS/33/2006": number first, then the year
    year = 2000 + int(raw_year) if len(raw_year) == 2 else int(raw_year)
    if not 1900 <= year <= 2099:
        return None
    if match.group("sep") == "-" and len(raw_year) == 2 and not lead:
        return None
    if running_text and prefix and not lead and not prefix.isupper():
        date_like = len(raw_year) <= 2 and int(raw_year) <= 31 and int(raw_number) <= 12
        school_year = len(raw_number) == 2 and int(raw_number) == (year + 1) % 100  # "Budget 2024/25"
        if match.group("sep") == "-" or ((date_like or school_year) and "/" in match.group("sep")):
            return None
    number = int(raw_number)
    canon_prefix = prefix.upper()
    return Dnr(
        prefix=canon_prefix,
        year=year,
        number=number,
        written=match.group(0),
        key=make_key(prefix=canon_prefix, year=year, number=number),
    )


def _build_year_first(match: re.Match[str], *, running_text: bool) -> Dnr | None:
    """``2023/BUN 0214``: in running text only a register in capitals counts (``2022/ht 12`` is no case)."""
    prefix = match.group("prefix")
    if prefix.lower() in NOT_PREFIXES or (running_text and not match.group("lead") and not prefix.isupper()):
        return None
    raw_year = match.group("year")
    year = 2000 + int(raw_year) if len(raw_year) == 2 else int(raw_year)
    if not 1900 <= year <= 2099:
        return None
    canon_prefix, number = prefix.upper(), int(match.group("number"))
    return Dnr(prefix=canon_prefix, year=year, number=number, written=match.group(0),
               key=make_key(prefix=canon_prefix, year=year, number=number))


def _build_classified(match: re.Match[str], *, running_text: bool) -> Dnr | None:
    """``Dnr 1.6-0463/2011``: the register is unnamed, the classification code is not part of the key."""
    if running_text and not match.group("lead"):
        return None
    raw_year = match.group("year")
    year = 2000 + int(raw_year) if len(raw_year) == 2 else int(raw_year)
    if not 1900 <= year <= 2099:
        return None
    number = int(match.group("number"))
    return Dnr(prefix="", year=year, number=number, written=match.group(0),
               key=make_key(prefix="", year=year, number=number))


def parse_dnr(text: str) -> Dnr | None:
    """Read a text that *is* a diarienummer (e.g. the argument of ``/beslut UTB 22/30``)."""
    stripped = text.strip()
    if (first := _YEAR_FIRST_RE.fullmatch(stripped)) is not None:
        return _build_year_first(first, running_text=False)
    if (classified := _CLASSIFIED_RE.fullmatch(stripped)) is not None:
        return _build_classified(classified, running_text=False)
    match = _DNR_RE.fullmatch(stripped)
    if match is None:
        return None
    return _build(match, running_text=False)


def _matches(text: str) -> list[tuple[re.Match[str], Dnr]]:
    """Year-first spellings first, then the others where they do not overlap, in text order."""
    found = [(m, d) for m in _CLASSIFIED_RE.finditer(text) if (d := _build_classified(m, running_text=True))]
    for match in _YEAR_FIRST_RE.finditer(text):
        if not any(match.start() < m.end() and m.start() < match.end() for m, _ in found) and (
                dnr := _build_year_first(match, running_text=True)):
            found.append((match, dnr))
    taken = [m.span() for m, _ in found]
    for match in _DNR_RE.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            continue
        if (dnr := _build(match, running_text=True)) is not None:
            found.append((match, dnr))
    return sorted(found, key=lambda pair: pair[0].start())


def find_dnrs(text: str) -> list[Dnr]:
    """Every diarienummer inside running text, in order of appearance."""
    return [dnr for _, dnr in _matches(text)]


def dnr_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the diarienummer in ``text``, so other parsers can skip them."""
    return [match.span() for match, _ in _matches(text)]


_QUERY_SPACING_RE = re.compile(r"[ \t]*([-–—/:])[ \t]*")
_BARE_RE = re.compile(r"(?:(?:dnr|diarienummer)\.?[ \t]*:?[ \t]*)?(?P<year>(?:19|20)\d{2})[/:-](?P<number>\d{1,6})",
                      re.IGNORECASE)
_SPACED_RE = re.compile(r"(?:(?:dnr|diarienummer)\.?[ \t]*:?[ \t]*)?(?P<prefix>[^\W\d_]{1,6})[ \t]+"
                        r"(?P<year>(?:19|20)\d{2})[ \t]+(?P<number>\d{1,6})", re.IGNORECASE)
_LOOKS_LIKE_RE = re.compile(r"(?:dnr|diarienummer)\b[^\w]*\w*[^\w]*\d|\d{2,4}[ \t]*/[ \t]*[^\W\d_]{1,6}[ \t]?\d",
                            re.IGNORECASE)
_LEAD_WORD_RE = re.compile(r"^diarienummer\b", re.IGNORECASE)


def parse_dnr_query(text: str) -> Dnr | None:
    """Read a lookup query that is a diarienummer, in every spelling a person types it.

    Beyond :func:`parse_dnr`: spaces around the separator (``KS 2023 - 145``, ``2014 / 757``),
    long dashes, a space as the only separator (``KS 2023 145``) and no register at all
    (``2014/757``, given with a four-digit year). A diarienummer without a register has the prefix
    ``""``; the lookup then matches it in any register. Only for whole queries: in running text
    ``2014/757`` could be anything, so :func:`find_dnrs` keeps requiring a register or «Dnr».
    """
    stripped = _LEAD_WORD_RE.sub("Dnr", " ".join(text.split()))
    if (dnr := parse_dnr(stripped)) is not None:
        return None if _school_year(dnr) else dnr
    tight = _QUERY_SPACING_RE.sub(lambda m: "-" if m.group(1) in "–—" else m.group(1), stripped)
    if tight != stripped and (dnr := parse_dnr(tight)) is not None:
        return replace(dnr, written=stripped)
    if (bare := _BARE_RE.fullmatch(tight)) is not None:
        year, number = int(bare.group("year")), int(bare.group("number"))
        return Dnr(prefix="", year=year, number=number, written=stripped,
                   key=make_key(prefix="", year=year, number=number))
    if (spaced := _SPACED_RE.fullmatch(stripped)) is not None and spaced.group("prefix").lower() not in NOT_PREFIXES:
        prefix, year, number = spaced.group("prefix").upper(), int(spaced.group("year")), int(spaced.group("number"))
        return Dnr(prefix=prefix, year=year, number=number, written=stripped,
                   key=make_key(prefix=prefix, year=year, number=number))
    return None


def looks_like_dnr(text: str) -> bool:
    """Whether a query is shaped like a diarienummer (read or not): «Dnr …», ``KS 2023/…``, ``2023/BUN …``.

    Such a query that finds nothing is answered «inget ärende …», never with free-word hits.
    """
    stripped = text.strip()
    return bool(find_dnrs(stripped)) or _LOOKS_LIKE_RE.match(stripped) is not None or (
        parse_dnr_query(stripped) is not None)


def _school_year(dnr: Dnr) -> bool:
    """«Budget 2024/25»: a register not written in capitals, then a school year, is words, not a case."""
    match = re.match(r"\s*([^\W\d_]+)", dnr.written)
    written_prefix = match.group(1) if match else ""
    return (bool(dnr.prefix) and not written_prefix.isupper() and written_prefix.lower() != "dnr"
            and re.search(r"/\s*\d{2}\s*$", dnr.written) is not None and dnr.number == (dnr.year + 1) % 100)
