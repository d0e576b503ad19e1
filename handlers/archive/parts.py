"""The sub-headings inside one § ("Beslut", "Sammanfattning", "Beslutet ska skickas till", …).

Municipal templates differ in wording but not in shape: a § is a title, maybe a diarienummer,
and blocks under fixed sub-headings. Knowing which block is which is what lets the importer
tell the decision from the proposal it answered and from the background text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KINDS: dict[str, tuple[str, ...]] = {
    "decision": (
        "beslut", "beslutet", "mötets beslut", "nämndens beslut", "arbetsutskottets beslut", "styrgruppens beslut",
    ),
    "summary": (
        "sammanfattning", "ärendet", "ärendebeskrivning", "bakgrund", "beskrivning av ärendet",
        "sammanfattning av ärendet", "information", "ärendets beredning",
    ),
    "proposal": (
        "förslag till beslut", "förvaltningens förslag till beslut", "förslag till beslut på sammanträdet",
        "arbetsutskottets förslag till beslut", "ordförandens förslag till beslut",
    ),
    "handling": (
        "ärendets behandling i sammanträdet", "ärendets behandling", "ärendets behandling på sammanträdet",
        "yrkanden", "yrkande", "propositionsordning", "beslutsgång", "omröstning", "reservation",
        "reservationer", "protokollsanteckning", "protokollsanteckningar", "jäv",
    ),
    "distribution": (
        "beslutet ska skickas till", "beslutet skickas till", "protokollsutdrag till", "protokollsutdrag",
        "expedieras till", "expediering", "sändlista", "utdrag till", "beslutet expedieras till",
    ),
    "documents": ("beslutsunderlag", "underlag", "handlingar i ärendet", "bilagor", "bilaga"),
}  # fmt: skip
_BY_NAME = {name: kind for kind, names in _KINDS.items() for name in names}
# After these lines a § has no more content of its own (justering, signatures, archive note).
_STOP = re.compile(
    r"^(?:paragrafen\s+(?:är\s+)?(?:omedelbart\s+)?justera|justerandes|förvaringsplats|underskrift|"
    r"nästa\s+(?:möte|sammanträde)|vid\s+protokollet|justerat\b|exp\b|\.{3,})",
    re.IGNORECASE,
)


@dataclass
class Part:
    """One block of a §: its kind ("preamble" before the first sub-heading) and its lines."""

    kind: str
    heading: str
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


# "Barn- och utbildningsnämndens förslag till beslut", "Kommunstyrelsens förslag till kommunfullmäktige":
# the web copies of many municipalities name the proposer and the addressee around the same words.
_NAMED_PROPOSAL = re.compile(
    r"^(?:[\wåäö-]+\s+){0,6}(?:förslag\s+till\s+(?:beslut|kommunstyrelsen|kommunfullmäktige|nämnden|\w+nämnden)"
    r"|beslutsförslag)\b[^.!?]{0,100}$",
    re.IGNORECASE,
)


def heading_kind(line: str) -> str | None:
    """The block kind when ``line`` is a sub-heading (``#``, bold and a final colon ignored)."""
    name = " ".join(line.lstrip("#").strip().rstrip(":").split()).lower()
    if name in _BY_NAME:
        return _BY_NAME[name]
    return "proposal" if _NAMED_PROPOSAL.match(name) else None


def split_parts(lines: list[str]) -> list[Part]:
    """The blocks of a § in order; everything after a stop line is dropped."""
    parts = [Part("preamble", "", [])]
    for line in lines:
        if _STOP.match(line.strip()):
            break
        kind = heading_kind(line)
        if kind is not None:
            parts.append(Part(kind, line.strip().rstrip(":"), []))
        else:
            parts[-1].lines.append(line)
    return [p for p in parts if p.kind != "preamble" or p.text]


def list_items(text: str) -> list[str]:
    """Bullet or plain lines of a list block (distribution, beslutsunderlag), markers removed."""
    items = []
    for line in text.split("\n"):
        item = re.sub(r"^(?:[-–•*]|\d{1,2}[.)])\s+", "", line.strip()).strip()
        if item and not re.match(r"^exp\b", item, re.IGNORECASE):
            items.append(item)
    return items
