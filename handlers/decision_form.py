"""Reading a decision typed in chat: one line or many, into title, §, dnr, clauses and the rest.

One line: ``§ 19 Ny samverkansmodell i länet dnr UTB 22/30 möte 2022-03-30: att A; att B``.
Many lines: a first line with § and title, then ``dnr:``, ``möte:``, ``förslag:``,
``sammanfattning:`` (the § narrative, several lines allowed), ``beslut:`` (followed by numbered or
att-lines), ``skickas till:``, ``underlag:`` and ``sekretess``. The same labels work in both forms;
only the colon after the header starts the clauses.

The Slack modal / Teams card is not parsed at all (``draft_from_form``): its fields are already
separate, and gluing them into a line to parse again let a title word such as «möte» or «dnr»
swallow the rest of the title. A field a text leaves out stays ``None``, so ``ersätt`` can tell
"not given, keep it" from "given empty, clear it".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from handlers.parsing.clauses import split_clauses, strip_att
from handlers.parsing.dnr import Dnr, find_dnrs, parse_dnr
from handlers.parsing.fields import parse_fields, quoted_spans
from handlers.parsing.paragraph_ref import MAX_PARAGRAPH_NUMBER

_SECTION_LABELS = {
    "rubrik": "title", "dnr": "dnr", "diarienummer": "dnr", "möte": "meeting", "mote": "meeting", "organ": "body",
    "förslag": "proposal", "förslag till beslut": "proposal", "beslut": "decision", "skickas till": "distribution",
    "beslutet ska skickas till": "distribution", "protokollsutdrag till": "distribution",
    "underlag": "documents", "beslutsunderlag": "documents", "paragraf": "number", "§": "number",
    "sammanfattning": "summary", "ärendebeskrivning": "summary", "arendebeskrivning": "summary",
}
_LABEL_LINE = re.compile(
    r"(?im)^\s*(?P<label>" + "|".join(sorted((re.escape(k) for k in _SECTION_LABELS), key=len, reverse=True))
    + r")\s*:\s*"
)
_INLINE_LABEL = re.compile(
    r"(?i)(?<!\w)(?P<label>förslag|skickas till|underlag|beslutsunderlag|beslut|sammanfattning|ärendebeskrivning)"
    r"\s*:\s*"
)
_NUMBER_RE = re.compile(r"^\s*(?:§|paragraf)\s*(?P<n>\d+)\b\s*", re.I)
# "§ -1", "§ x", "paragraf −3": a § sign (or the word with a signed number) that is no valid number.
_BAD_NUMBER_RE = re.compile(r"^\s*(?:§\s*|paragraf\s+(?=[-−–+]))(?P<n>\S*)", re.I)
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-–•*])\s+")
_CHECKED = ("true", "ja", "on", "1", "yes", "x")
_ONE_LINE_NUMBERED = re.compile(r"\s+(\d{1,2})[.)]\s+")
_SECRECY_LINE = re.compile(r"(?im)^\s*sekretess\s*(?::\s*(?P<value>ja|nej))?\s*$\n?")
_TITLE_DNR = re.compile(r"\s*\((?P<dnr>[^()]+)\)\s*$")


@dataclass
class DecisionDraft:
    """A decision as typed, before it is checked against the database."""

    number: int | None = None
    number_text: str | None = None  # what followed «§» when it was not a valid number
    title: str = ""
    dnr: Dnr | None = None
    dnr_text: str | None = None
    meeting: str | None = None
    body: str | None = None
    proposal: str | None = None  # None: not given; "": given empty
    summary: str | None = None  # the § narrative (sammanfattning); None: not given
    intro: str | None = None
    clauses: list[str] = field(default_factory=list)
    distribution: list[str] | None = None
    documents: list[str] | None = None
    confidential: bool | None = None  # None: not said either way
    replace: bool = False


def paragraph_number(text: str) -> int | None:
    """A typed § number ("19", "§ 10000"), or None unless it is a whole number 1…999999."""
    digits = re.sub(r"(?i)^\s*(?:§|paragraf)\s*", "", text).strip()
    if not (digits.isascii() and digits.isdigit()):
        return None
    number = int(digits)
    return number if 1 <= number <= MAX_PARAGRAPH_NUMBER else None


def draft_from_form(values: Mapping[str, str]) -> DecisionDraft:
    """The draft straight from the form's fields: nothing is re-parsed, so the title is kept whole.

    Clauses and distribution are one per line (a list marker or a leading "att" is dropped);
    the checkbox is explicit either way.
    """
    def field_value(key: str) -> str:
        return (values.get(key) or "").strip()

    draft = DecisionDraft(title=" ".join(field_value("title").split()))
    if field_value("number"):
        draft.number = paragraph_number(field_value("number"))
        draft.number_text = None if draft.number else field_value("number").lstrip("§ ")
    if field_value("dnr"):
        _apply("dnr", field_value("dnr"), draft)
    draft.meeting = field_value("meeting") or None
    draft.proposal = field_value("proposal") or None
    draft.summary = _paragraphs(field_value("summary")) or None
    draft.clauses = [clause for clause in (" ".join(strip_att(_LIST_MARKER.sub("", line, count=1)).split())
                                           for line in field_value("clauses").splitlines()) if clause]
    draft.distribution = [" ".join(line.strip(" -•").split()) for line in field_value("distribution").splitlines()
                          if line.strip(" -•")]
    draft.confidential = field_value("confidential").lower() in _CHECKED
    draft.replace = field_value("replace").lower() in _CHECKED
    return draft


def read_decision(text: str) -> DecisionDraft:
    """Parse the text after ``beslut registrera``."""
    draft = DecisionDraft()
    flag = _SECRECY_LINE.search(_masked(text))
    if flag:
        draft.confidential = (flag.group("value") or "ja").lower() == "ja"
        text = text[: flag.start()] + text[flag.end():]
    sections = _sections(text)
    head = sections.pop("_head", "")
    if "decision" not in sections:
        head, sep, rest = _split_header(head)
        if sep:
            sections["decision"] = rest
    _read_header(head, draft)
    for name, value in sections.items():
        _apply(name, value, draft)
    return draft


def _masked(text: str) -> str:
    """``text`` with every quoted stretch blanked out (same length): labels and colons inside a
    quoted title or clause are words, not structure, so only the masked text is searched."""
    for start, end in quoted_spans(text):
        text = text[:start] + "\x00" * (end - start) + text[end:]
    return text


def _sections(text: str) -> dict[str, str]:
    """Split on labelled lines (``label: …`` at a line start) or inline colon labels."""
    masked = _masked(text)
    matches = list(_LABEL_LINE.finditer(masked)) if "\n" in text else []
    if not matches:
        matches = list(_INLINE_LABEL.finditer(masked))
    out = {"_head": text[: matches[0].start()] if matches else text}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = _SECTION_LABELS.get(match.group("label").lower(), match.group("label").lower())
        out[label] = text[match.end():end].strip()
    return out


def _split_header(head: str) -> tuple[str, str, str]:
    """One-line form: the first colon (outside quotes) followed by clauses ends the header."""
    for match in re.finditer(r":\s*", _masked(head)):
        after = head[match.end():]
        if re.match(r"(?i)(att\s|1[.)]\s|-\s)", after):
            return head[: match.start()], ":", after
    lines = head.split("\n", 1)
    if len(lines) == 2 and re.match(r"(?i)\s*(att\s|1[.)]\s)", lines[1]):
        return lines[0], "\n", lines[1]
    return head, "", ""


def _read_header(head: str, draft: DecisionDraft) -> None:
    head = head.strip()
    match = _NUMBER_RE.match(head)
    bad = _BAD_NUMBER_RE.match(head)
    if match:
        draft.number = paragraph_number(match.group("n"))
        draft.number_text = None if draft.number else match.group("n")
        head = head[match.end():]
    elif bad:
        draft.number_text = bad.group("n") or "§"
        head = head[bad.end():]
    fields = parse_fields(head, labels={"dnr": "dnr", "möte": "meeting", "mote": "meeting", "organ": "body"},
                          flags={"sekretess": "confidential", "ersätt": "replace"})
    if "confidential" in fields.flags:
        draft.confidential = True
    draft.replace = "replace" in fields.flags
    title = fields.head
    paren = None if fields.head_quoted else _TITLE_DNR.search(title)
    if paren and parse_dnr(paren.group("dnr")):
        draft.dnr_text = paren.group("dnr")
        title = title[: paren.start()]
    draft.title = title if fields.head_quoted else title.strip(" -–:")
    for name, value in fields.values.items():
        if not name.startswith("_"):
            _apply(name, value, draft)


def _apply(name: str, value: str, draft: DecisionDraft) -> None:
    value = value.strip()
    if name == "title":
        draft.title = value
    elif name == "number":
        draft.number = paragraph_number(value)
        draft.number_text = None if draft.number else value
    elif name == "dnr":
        draft.dnr_text = value
    elif name == "meeting":
        draft.meeting = value
    elif name == "body":
        draft.body = value
    elif name == "proposal":
        draft.proposal = value
    elif name == "summary":
        draft.summary = _paragraphs(value)
    elif name == "decision":
        _read_clauses(value, draft)
    elif name == "distribution":
        draft.distribution = [p.strip(" -•") for p in re.split(r"[\n;]+", value) if p.strip(" -•")]
    elif name == "documents":
        draft.documents = [p.strip(" -•") for p in re.split(r"[\n;]+", value) if p.strip(" -•")]
    if draft.dnr_text:
        draft.dnr = parse_dnr(draft.dnr_text) or next(iter(find_dnrs(draft.dnr_text)), None)


def _paragraphs(text: str) -> str:
    """The narrative as typed, its paragraphs (blank-line separated) kept and each one's spaces tidied.

    Protocols print the sammanfattning paragraph by paragraph, so the blank lines are the structure.
    """
    parts = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(part for part in parts if part)


def _read_clauses(text: str, draft: DecisionDraft) -> None:
    text = text.strip()
    if re.match(r"1[.)]\s", text) and "\n" not in text:
        text = _ONE_LINE_NUMBERED.sub(lambda m: f"\n{m.group(1)}. ", text)
    first_marker = re.search(r"(?im)^\s*(?:\d{1,2}[.)]\s|att\s|-\s)", text)
    if first_marker and first_marker.start() > 0:
        draft.intro = text[: first_marker.start()].strip() or None
    draft.clauses = split_clauses(text)
