"""Samverkansavtal: the agreements that set up a styrgrupp and say how it works.

An agreement has no §§ and no decisions, but it is where a body's rules live: which functions
sit in it (seats belong to a befattning, not a person), how often it meets, what follow-up it
owes and to whom, and who signed. The importer reads those so the body can be created with
its members and its yearly duties as reminders.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.archive.model import ParsedAgreement, ParsedPerson
from handlers.parsing.dates import find_when

AGREEMENT_TITLE = re.compile(r"\b(?:samverkansavtal|avtal|överenskommelse|samarbetsavtal)\b", re.IGNORECASE)
_PARTIES = re.compile(r"\bmellan\s+(?P<a>.+?)\s+och\s+(?P<b>.+?)(?=\s+(?:för|avseende|gällande|om)\s|$)")
_PERIOD = re.compile(
    r"\b(?:för|avseende|gällande)\s+(?P<period>(?:läsår|år|perioden|tiden|verksamhetsår)\S*\s.+)$"
)
_BODY_KIND = re.compile(r"organiserad?t?\s+i\s+(?:en|ett)\s+(?P<kind>[\wåäö]+)", re.IGNORECASE)
_KNOWN_BODIES = ("styrgrupp", "ledningsgrupp", "samverkansgrupp", "arbetsgrupp", "samverkansforum")
_PER_YEAR = re.compile(
    r"\b(?P<n>\d{1,2}|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)\s+(?:\w+\s+)?"
    r"(?:möten?|sammanträden?|träffar?)\s+(?:per|om|varje|i)\s+(?P<unit>läsår|år|termin)",
    re.IGNORECASE,
)
_WORDS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
          "nio": 9, "tio": 10, "elva": 11, "tolv": 12}  # fmt: skip
_MEMBERS_INTRO = re.compile(r"\bingår\b.*\b(?:funktion|befattning|följande)", re.IGNORECASE)
_DUTY_HEADING = re.compile(r"^(?:uppföljning|utvärdering|revidering)\b", re.IGNORECASE)
_SIGNED = re.compile(r"^(?P<place>[A-ZÅÄÖ][\wåäö-]+(?:\s[A-ZÅÄÖ][\wåäö-]+)?),?\s+(?:den\s+)?(?P<when>\d.*)$")
_BULLET = re.compile(r"^[-–•*]\s+")


def parse_agreement(lines: list[str], *, title: str) -> ParsedAgreement:
    """Read an agreement whose first line is ``title``."""
    agreement = ParsedAgreement(title=title)
    if match := _PARTIES.search(title):
        agreement.parties = [match.group("a").strip(), match.group("b").strip()]
    if match := _PERIOD.search(title):
        agreement.period = match.group("period").strip()
    text = "\n".join(lines)
    agreement.body_kind = _body_kind(text)
    if match := _PER_YEAR.search(text):
        count = int(match.group("n")) if match.group("n").isdigit() else _WORDS[match.group("n").lower()]
        agreement.meetings_per_year = count * 2 if match.group("unit").lower() == "termin" else count
    agreement.member_functions = _member_functions(lines)
    agreement.duties = _duties(lines)
    _signature(agreement, lines)
    return agreement


def _body_kind(text: str) -> str | None:
    if match := _BODY_KIND.search(text):
        return match.group("kind").lower()
    counts = {kind: len(re.findall(kind, text, re.IGNORECASE)) for kind in _KNOWN_BODIES}
    best = max(counts, key=lambda kind: counts[kind])
    return best if counts[best] else None


def _member_functions(lines: list[str]) -> list[str]:
    """The bulleted befattningar after "I styrgruppen ingår följande funktion/befattningar:"."""
    start = next((i for i, line in enumerate(lines) if _MEMBERS_INTRO.search(line)), None)
    if start is None:
        return []
    functions: list[str] = []
    for line in lines[start + 1 :]:
        if _BULLET.match(line):
            functions.append(_BULLET.sub("", line).strip())
        elif line.strip() and functions and not re.match(r"^från\s", line, re.IGNORECASE):
            break
    return functions


def _duties(lines: list[str]) -> list[str]:
    """Sentences under the follow-up headings; a sentence on the same subject joins the one before."""
    duties: list[str] = []
    inside = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if _DUTY_HEADING.match(stripped) and not stripped.endswith("."):
            inside = True
            continue
        if inside and not stripped.endswith((".", ":")) and len(stripped.split()) <= 6:
            break  # the next heading
        if inside:
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", stripped):
                subject = sentence.split()[0].lower()
                if duties and duties[-1].split()[0].lower() == subject:
                    duties[-1] = f"{duties[-1]} {sentence}"
                else:
                    duties.append(sentence)
    return duties


def _signature(agreement: ParsedAgreement, lines: list[str]) -> None:
    """The place/date line ("Trelleborg den 18/5-18") and the name / title / organisation blocks after it."""
    for index, line in enumerate(lines):
        match = _SIGNED.match(line.strip())
        if match is None:
            continue
        whens = [w for w in find_when(match.group("when"), reference=date(2000, 1, 1), strict=False) if w.kind == "date"]
        if not whens:
            continue
        agreement.signed_place_date = line.strip()
        agreement.signed_on = whens[0].day if whens[0].explicit_year else None
        agreement.signatories = _signatories(lines[index + 1 :])
        return


def _signatories(lines: list[str]) -> list[ParsedPerson]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    people = []
    for block in blocks:
        if not block or not re.match(r"^[A-ZÅÄÖ]", block[0]):
            continue
        role = block[1].lower() if len(block) > 1 else None
        organisation = block[2] if len(block) > 2 else None
        people.append(ParsedPerson(name=block[0], role=role, organisation=organisation))
    return people
