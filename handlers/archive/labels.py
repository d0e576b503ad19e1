"""The labelled lines of a protocol header ("Plats och tid", "Utses att justera", …).

A header is a two-column table in the original. After export the label and its value share
a line ("Plats och tid Digitalt möte kl. 13:00-14:30") or the value follows on the next
lines ("Sekreterare" / blank / "Daniel Ekman"). Reading by known labels instead of by tabs
works for both, and for PDFs that lost the tabs too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# canonical field → spellings; longer spellings are tried first so "Plats och tid" beats "Plats".
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "place_time": ("plats och tid", "tid och plats", "datum och plats", "datum, tid och plats", "plats", "tid"),
    "decision_makers": (
        "beslutande ledamöter", "beslutande", "tjänstgörande ersättare", "närvarande ledamöter", "ledamöter",
    ),
    "others": (
        "övriga närvarande", "övriga deltagande", "övriga deltagare", "närvarande ersättare", "ersättare",
        "närvarande", "deltagare", "adjungerade", "övriga",
    ),
    "absent": ("frånvarande", "anmält förhinder", "förhinder"),
    "adjusters": ("utses att justera", "utsedd att justera", "utsedda att justera", "justerare", "justerande"),
    "adjustment": ("justeringens plats och tid", "justeringens tid och plats", "justeringens tid"),
    "range": ("protokollet omfattar", "paragrafer"),
    "signatures": ("underskrifter", "underskrift", "signaturer"),
    "secretary": ("sekreterare", "protokollförare", "vid protokollet"),
    "chair": ("ordförande", "mötesordförande"),
    "body": ("organ",),
    "day": ("sammanträdesdatum", "mötesdatum", "datum"),
    "notice": (
        "anslag/bevis", "datum för anslagets uppsättande", "datum för anslagets nedtagande",
        "datum för anslags- uppsättande", "datum för anslagsuppsättande",
        "datum för anslags- nedtagande", "datum för anslagsnedtagande", "anslaget", "anslag", "bevis",
    ),
    "storage": ("förvaringsplats för protokollet", "förvaringsplats"),
}  # fmt: skip

# Fields holding one line: lines after it belong to the title block ("Mötesdatum" / date / organ).
_ONE_LINE = frozenset({"day", "body", "secretary", "chair", "range", "adjustment"})
_BY_SPELLING = {s: field for field, spellings in _SPELLINGS.items() for s in spellings}
_LABEL_RE = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in sorted(_BY_SPELLING, key=len, reverse=True))
    + r")(?=$|[\s:]|\d)\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelledValue:
    """One header field: which field, the label as written, and its (possibly multi-line) value."""

    field: str
    label: str
    value: str


def match_label(line: str) -> tuple[str, str, str] | None:
    """(field, label, same-line value) when ``line`` starts with a known header label."""
    match = _LABEL_RE.match(line.lstrip("#").strip())
    if match is None:
        return None
    label = " ".join(match.group("label").split()).lower()
    return _BY_SPELLING[label], match.group("label"), match.group("value").strip()


def read_labelled(lines: list[str]) -> tuple[list[str], list[LabelledValue]]:
    """Split header lines into the title lines before the first label and the labelled values."""
    title: list[str] = []
    values: list[LabelledValue] = []
    current: tuple[str, str, list[str]] | None = None
    for line in lines:
        found = match_label(line)
        if found is not None:
            if current is not None:
                values.append(LabelledValue(current[0], current[1], "\n".join(current[2]).strip()))
            field, label, value = found
            current = (field, label, [value] if value else [])
        elif current is None or (current[0] in _ONE_LINE and any(current[2])):
            if line.strip():
                title.append(line.strip())
        else:
            current[2].append(line)
    if current is not None:
        values.append(LabelledValue(current[0], current[1], "\n".join(current[2]).strip()))
    return title, values
