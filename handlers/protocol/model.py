"""The protocol (or an extract of one §) as plain data, built once from a meeting.

``posts_anslag`` says whether the body announces its justering by anslag at all (a nämnd does, a
styrgrupp of officials does not); the renderers print an ANSLAG/BEVIS block only for an anslag
that is recorded, so the text states only what happened.

Confidential paragraphs (individual cases in social services) are the reason for the
``include_confidential`` flag: channel posts, public renderings and exports show such a § only
as its number and "Sekretess"; the members' own view may ask for the full text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.anslag import posts_anslag
from handlers.protocol.people import (
    attendance_changes,
    attendance_line,
    chair_of,
    paragraph_attendance_lines,
    secretary_of,
    substitution_header,
)
from storage.models import Meeting, Paragraph


@dataclass(frozen=True)
class ParagraphView:
    """One § as printed; ``hidden`` means only the number and "Sekretess" may be shown."""

    number: int | None
    title: str
    dnr: str | None = None
    intro: str | None = None
    clauses: tuple[str, ...] = ()
    proposal: str | None = None
    text: str | None = None
    distribution: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    locked: bool = False
    confidential: bool = False
    hidden: bool = False
    attendance: tuple[str, ...] = ()  # «X deltar inte i handläggningen på grund av jäv», replacements

    @property
    def label(self) -> str:
        """"§ 19"."""
        return f"§ {self.number}" if self.number is not None else "§ –"

    @property
    def heading(self) -> str:
        """"§ 19 Ny samverkansmodell i länet (UTB 22/30)", or "§ 20 Sekretess"."""
        if self.hidden:
            return f"{self.label} {msg.CONFIDENTIAL_MARK}"
        return f"{self.label} {self.title}" + (f" ({self.dnr})" if self.dnr else "")


@dataclass(frozen=True)
class ProtocolView:
    """Every fact of the header, the §§, the signature block and the anslag/bevis block."""

    body: str
    day: date
    place_time: str
    decision_makers: tuple[str, ...] = ()
    others_present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    adjusters: tuple[str, ...] = ()
    adjustment_place_time: str | None = None
    paragraphs: tuple[ParagraphView, ...] = ()
    secretary: str | None = None
    chair: str | None = None
    adjusted: bool = False
    posted_on: date | None = None
    taken_down_on: date | None = None
    appeal_ends_on: date | None = None
    storage_place: str | None = None
    state: str = "planerat"
    posts_anslag: bool = True
    extract: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    substitutions: tuple[str, ...] = ()  # «§§ 3–5: Kalle Karlsson ersätter Annikki Tinmark»

    @property
    def paragraph_range(self) -> str:
        """"§ 19", "§§ 100–110" or "§§ 3, 5, 7–9" for what the protocol covers.

        Runs are written as ranges, as protocols do: 800 §§ with one moved away read "§§ 1–399,
        401–801", not as eight hundred numbers in the header.
        """
        numbers = sorted({p.number for p in self.paragraphs if p.number is not None})
        if not numbers:
            return "–"
        if len(numbers) == 1:
            return f"§ {numbers[0]}"
        runs: list[list[int]] = []
        for number in numbers:
            if runs and number == runs[-1][1] + 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        return "§§ " + ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def place_time(meeting: Meeting, *, zone) -> str:  # type: ignore[no-untyped-def]
    """"Digitalt möte kl. 13:00-14:30", as the header of seed 000 writes it."""
    start = meeting.starts_at.astimezone(zone)
    clock = ""
    if meeting.has_time:
        clock = f"kl. {start:%H:%M}" + (f"-{meeting.ends_at.astimezone(zone):%H:%M}" if meeting.ends_at else "")
    return " ".join(part for part in (meeting.place or "", clock) if part) or "–"


def paragraph_view(paragraph: Paragraph, *, include_confidential: bool) -> ParagraphView:
    """One § for printing; confidential content is left out unless asked for."""
    hidden = paragraph.confidential and not include_confidential
    if hidden:
        return ParagraphView(number=paragraph.number, title=msg.CONFIDENTIAL_MARK, locked=paragraph.locked,
                             confidential=True, hidden=True)
    return ParagraphView(
        number=paragraph.number, title=paragraph.title, dnr=paragraph.case.dnr_written if paragraph.case else None,
        intro=paragraph.decision_intro, clauses=tuple(c.text for c in paragraph.clauses),
        proposal=paragraph.proposal, text=paragraph.body_text, distribution=tuple(paragraph.distribution or ()),
        documents=tuple(paragraph.documents or ()), locked=paragraph.locked, confidential=paragraph.confidential)


def meeting_paragraphs(session: Session, meeting: Meeting) -> list[Paragraph]:
    """The meeting's §§ in number order."""
    return list(session.scalars(select(Paragraph).where(
        Paragraph.tenant_id == meeting.tenant_id, Paragraph.meeting_id == meeting.id)
        .order_by(Paragraph.number.is_(None), Paragraph.number, Paragraph.id)))


def build_protocol(session: Session, meeting: Meeting, *, zone, include_confidential: bool = False) -> ProtocolView:  # type: ignore[no-untyped-def]
    """The whole protocol of ``meeting``."""
    rows = meeting.attendance
    changes = attendance_changes(session, meeting)
    return ProtocolView(
        body=meeting.body.name, day=meeting.starts_at.astimezone(zone).date(), place_time=place_time(meeting, zone=zone),
        decision_makers=tuple(attendance_line(a) for a in rows if a.kind == "beslutande"),
        others_present=tuple(attendance_line(a) for a in rows if a.kind == "övrig"),
        absent=tuple(attendance_line(a) for a in rows if a.kind == "frånvarande"),
        adjusters=tuple(a.name for a in meeting.adjustments), adjustment_place_time=meeting.adjustment_place_time,
        paragraphs=tuple(replace(paragraph_view(p, include_confidential=include_confidential),
                                 attendance=paragraph_attendance_lines(changes, number=p.number))
                         for p in meeting_paragraphs(session, meeting)),
        substitutions=substitution_header(changes),
        secretary=secretary_of(session, meeting), chair=chair_of(session, meeting),
        adjusted=meeting.state == "justerat", posted_on=meeting.posted_on, taken_down_on=meeting.taken_down_on,
        appeal_ends_on=meeting.appeal_ends_on, storage_place=meeting.storage_place or meeting.body.storage_place,
        state=meeting.state, posts_anslag=posts_anslag(meeting.body))


def build_extract(session: Session, paragraph: Paragraph, *, zone, include_confidential: bool = False) -> ProtocolView:  # type: ignore[no-untyped-def]
    """A protokollsutdrag: the meeting's header facts with only this one §."""
    one = paragraph_view(paragraph, include_confidential=include_confidential)
    if paragraph.meeting is None:
        return ProtocolView(body=paragraph.body.name, day=date(paragraph.year, 1, 1), place_time="–",
                            paragraphs=(one,), storage_place=paragraph.body.storage_place, extract=True,
                            adjusted=paragraph.locked, posts_anslag=posts_anslag(paragraph.body))
    view = build_protocol(session, paragraph.meeting, zone=zone, include_confidential=include_confidential)
    one = replace(one, attendance=paragraph_attendance_lines(attendance_changes(session, paragraph.meeting),
                                                             number=paragraph.number))
    return replace(view, paragraphs=(one,), extract=True)
