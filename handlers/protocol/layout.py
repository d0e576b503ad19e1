"""The order and wording of the protocol's blocks, shared by every renderer.

Markdown, HTML, PDF and the chat summary all take their rows from here, so the header table,
the signature block and the anslag/bevis block read the same in every format — and the same as
the seed protocols they imitate.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers import messages as msg
from handlers.protocol.model import ParagraphView, ProtocolView

L = msg.PROTOCOL_LABELS


@dataclass(frozen=True)
class Block:
    """A titled part of a §: a heading and its lines (numbered for att-clauses)."""

    heading: str
    lines: tuple[str, ...]
    numbered: bool = False
    intro: str | None = None


def _names(values: tuple[str, ...]) -> str:
    return "\n".join(values) if values else "–"


def header_rows(view: ProtocolView) -> list[tuple[str, str]]:
    """The header table: date, place and time, who decided, who else was there, justering."""
    rows = [(L["date"], view.day.isoformat()), (L["place_time"], view.place_time),
            (L["decision_makers"], _names(view.decision_makers)), (L["others"], _names(view.others_present))]
    if view.absent:
        rows.append((L["absent"], _names(view.absent)))
    if view.substitutions:
        rows.append((msg.PROTOCOL_ATTENDANCE_CHANGES, _names(view.substitutions)))
    rows += [(L["adjusters"], _names(view.adjusters)),
             (L["adjustment_place_time"], view.adjustment_place_time or msg.PROTOCOL_NOT_ADJUSTED_YET),
             (L["covers"], view.paragraph_range)]
    return rows


def signature_rows(view: ProtocolView) -> list[tuple[str, str]]:
    """Sekreterare, Ordförande and one Justerande row per justerare."""
    rows = [(L["secretary"], view.secretary or ""), (L["chair"], view.chair or "")]
    rows += [(L["adjuster"], name) for name in view.adjusters] or [(L["adjuster"], "")]
    return rows


def anslag_statement(view: ProtocolView) -> str:
    """"Protokollet är justerat. Justeringen har tillkännagivits genom anslag." — or only what is true yet.

    The anslag sentence needs a recorded anslag; a body that posts none (a styrgrupp) is only justerad.
    """
    if view.adjusted and view.posted_on:
        return msg.PROTOCOL_BEVIS
    if view.adjusted:
        return msg.PROTOCOL_ADJUSTED_NOT_POSTED if view.posts_anslag else msg.PROTOCOL_ADJUSTED
    return msg.PROTOCOL_NOT_ADJUSTED


def shows_anslag(view: ProtocolView) -> bool:
    """The ANSLAG/BEVIS block (anslag dates, last day for appeal) only for an anslag that is recorded."""
    return view.posted_on is not None


def closing_rows(view: ProtocolView) -> list[tuple[str, str]]:
    """What a protocol without an anslag block still says at its end: where it is kept, if known."""
    return [(L["storage"], view.storage_place)] if view.storage_place else []


def anslag_rows(view: ProtocolView) -> list[tuple[str, str]]:
    """The ANSLAG/BEVIS block: organ, meeting date, anslag dates, appeal end, storage place."""
    def day(value):  # type: ignore[no-untyped-def]
        return value.isoformat() if value else "–"

    return [(L["organ"], view.body), (L["meeting_date"], view.day.isoformat()),
            (L["posted"], day(view.posted_on)), (L["taken_down"], day(view.taken_down_on)),
            (L["appeal_ends"], day(view.appeal_ends_on)), (L["storage"], view.storage_place or "–")]


def paragraph_blocks(paragraph: ParagraphView) -> list[Block]:
    """Beslut, Förslag till beslut, text, Beslutet ska skickas till, Beslutsunderlag — as present."""
    if paragraph.hidden:
        return [Block(heading=L["decision"], lines=(msg.PROTOCOL_CONFIDENTIAL_TEXT,))]
    blocks: list[Block] = []
    if paragraph.attendance:
        blocks.append(Block(heading=msg.PROTOCOL_ATTENDANCE_HEADING, lines=paragraph.attendance))
    if paragraph.clauses or paragraph.intro:
        blocks.append(Block(heading=L["decision"], lines=paragraph.clauses, numbered=len(paragraph.clauses) > 1,
                            intro=paragraph.intro))
    if paragraph.text:
        blocks.append(Block(heading=L["summary"], lines=tuple(p for p in paragraph.text.split("\n\n") if p.strip())))
    if paragraph.proposal:
        blocks.append(Block(heading=L["proposal"], lines=(paragraph.proposal,)))
    if paragraph.distribution:
        blocks.append(Block(heading=L["distribution"], lines=paragraph.distribution))
    if paragraph.documents:
        blocks.append(Block(heading=L["documents"], lines=paragraph.documents))
    return blocks


def paragraph_footer(paragraph: ParagraphView) -> str | None:
    """"Paragrafen är justerad" under a locked §."""
    return msg.PROTOCOL_PARAGRAPH_ADJUSTED if paragraph.locked else None


def title_of(view: ProtocolView) -> str:
    """"Protokoll" or "Protokollsutdrag"."""
    return L["extract_title"] if view.extract else L["title"]
