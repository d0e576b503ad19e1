"""What the archive importer reads out of an old protocol, agreement or proposal.

These are plain values, not storage rows: the importer shows them to the secretary (and
the tests compare them with the seeds) before anything is written. Everything that a reader
of the source can see stays as written — typos included — because the archive must quote
the protocol, not improve it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from handlers.parsing.assignments import ExtractedAssignment
from handlers.parsing.dnr import Dnr

DocumentKind = Literal["protocol", "agreement", "proposal", "unknown"]


@dataclass(frozen=True)
class ParsedPerson:
    """One name from a presence list or signature block, with what the protocol says of them."""

    name: str
    party: str | None = None
    role: str | None = None
    organisation: str | None = None


@dataclass
class ParsedMeeting:
    """The header of a protocol: when, where, who, and the justering/anslag trail."""

    day: date | None = None
    start: time | None = None
    end: time | None = None
    place: str | None = None
    decision_makers: list[ParsedPerson] = field(default_factory=list)
    others_present: list[ParsedPerson] = field(default_factory=list)
    absent: list[ParsedPerson] = field(default_factory=list)
    chair: str | None = None
    secretary: str | None = None
    adjusters: list[str] = field(default_factory=list)
    adjustment_place_time: str | None = None
    adjusted_at: datetime | None = None
    posted_on: date | None = None
    taken_down_on: date | None = None
    paragraph_range: tuple[int, int] | None = None
    storage_place: str | None = None
    next_meeting: str | None = None
    next_meeting_day: date | None = None


@dataclass
class ParsedParagraph:
    """One § (or the single decision block of a proposal, then ``number`` is None)."""

    number: int | None
    title: str
    dnr: Dnr | None = None
    dnr_written: str | None = None
    body_text: str = ""
    proposal: str | None = None
    decision_intro: str | None = None
    clauses: list[str] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    confidential: bool = False
    assignments: list[ExtractedAssignment] = field(default_factory=list)
    item_marker: str | None = None  # "B" (beslut), "I" (information), … as written after the title
    per_meeting: bool = False  # numbered per meeting ("Punkt 3", "1 Informationsärende"), not a § of the year
    year_written: int | None = None  # "§ 73/10": the protocol states the year the number belongs to
    prefix: str | None = None  # "KS § 80", "ONAU § 1": kept to show the label as written
    prose_clauses: int = 0  # clauses read from running prose (a dated follow-up), not from a list


@dataclass
class ParsedAgreement:
    """A samverkansavtal: who agreed, for how long, how the body they set up works."""

    title: str
    parties: list[str] = field(default_factory=list)
    period: str | None = None
    body_kind: str | None = None
    meetings_per_year: int | None = None
    member_functions: list[str] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    signed_place_date: str | None = None
    signed_on: date | None = None
    signatories: list[ParsedPerson] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """The whole result of one import; ``warnings`` say in Swedish what could not be read."""

    kind: DocumentKind
    source_name: str
    content_hash: str
    title: str | None = None
    body_name: str | None = None
    meeting: ParsedMeeting | None = None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    agreement: ParsedAgreement | None = None
    warnings: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)  # what the summary must call a guess ("datum", "organ")
