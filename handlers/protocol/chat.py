"""The protocol in chat: a compact card (header facts, one section per §) and the extract.

Chat posts are read in channels, so confidential §§ arrive here already hidden by the view
model unless the caller asked for the members' view in a private reply.
"""

from __future__ import annotations

from handlers import messages as msg
from handlers.protocol.layout import anslag_rows, anslag_statement, header_rows, paragraph_blocks
from handlers.protocol.model import ParagraphView, ProtocolView
from handlers.reply import Button, Fact, Reply, Section

L = msg.PROTOCOL_LABELS


def _one_line(value: str) -> str:
    return value.replace("\n", ", ")


def header_facts(view: ProtocolView) -> tuple[Fact, ...]:
    """Header rows as facts, the meeting state and — once posted — the anslag dates."""
    facts = [Fact(label, _one_line(value)) for label, value in header_rows(view)[1:]]
    facts.append(Fact(msg.PROTOCOL_STATUS_LABEL, msg.PROTOCOL_STATE.get(view.state, view.state)))
    if view.posted_on:
        facts += [Fact(label, value) for label, value in anslag_rows(view)[2:5]]
    return tuple(facts)


def paragraph_section(paragraph: ParagraphView) -> Section:
    """One § with its Beslut clauses and distribution list."""
    lines: list[str] = []
    for block in paragraph_blocks(paragraph):
        if block.heading == L["decision"]:
            lines += ([block.intro] if block.intro else []) + [
                f"{i}. {line}" if block.numbered else line for i, line in enumerate(block.lines, start=1)]
        elif block.heading == L["distribution"]:
            lines.append(f"{block.heading}: " + "; ".join(block.lines))
        elif block.heading == msg.PROTOCOL_ATTENDANCE_HEADING:  # jäv and replacements for this §
            lines += block.lines
    return Section(heading=paragraph.heading, lines=tuple(lines))


def protocol_reply(view: ProtocolView, *, organ: str, link: tuple[str, str] | None = None,
                   ephemeral: bool = False) -> Reply:
    """The protocol card answered to ``/protokoll``."""
    title = msg.PROTOCOL_CHAT_TITLE.format(body=view.body, date=view.day.isoformat())
    text = None if view.paragraphs else msg.PROTOCOL_NO_PARAGRAPHS.format(date=view.day.isoformat())
    # The PDF is a button (``handlers.protocol.download``), never a terminal command to copy.
    download = Button(msg.PROTOCOL_BUTTON_PDF, f'protokoll pdf {view.day.isoformat()} organ "{view.body}"')
    return Reply(title=title, text=text, facts=header_facts(view),
                 sections=tuple(paragraph_section(p) for p in view.paragraphs),
                 buttons=(download,), link=link, ephemeral=ephemeral)


def extract_reply(view: ProtocolView, *, ephemeral: bool = False) -> Reply:
    """A protokollsutdrag for chat: organ, date, the one § and whether it is justerad."""
    paragraph = view.paragraphs[0]
    facts = [Fact(L["organ"], view.body), Fact(L["meeting_date"], view.day.isoformat()),
             Fact(L["paragraph"], paragraph.label)]
    if view.adjustment_place_time:
        facts.append(Fact(L["adjustment_place_time"], view.adjustment_place_time))
    if view.adjusters:
        facts.append(Fact(L["adjuster"], ", ".join(view.adjusters)))
    if paragraph.locked:
        facts.append(Fact(msg.PROTOCOL_STATUS_LABEL, msg.PROTOCOL_PARAGRAPH_ADJUSTED))
    # An extract is one § read on its own: its sammanfattning is shown whole (a protocol card leaves it out).
    summary: tuple[Section, ...] = ()
    if paragraph.text and not paragraph.hidden:
        summary = (Section(heading=L["summary"], lines=tuple(p for p in paragraph.text.split("\n\n") if p.strip())),)
    return Reply(title=msg.PROTOCOL_EXTRACT_TITLE.format(body=view.body, date=view.day.isoformat()),
                 facts=tuple(facts), sections=(*summary, paragraph_section(paragraph)), ephemeral=ephemeral)


def anslag_reply(view: ProtocolView) -> Reply:
    """The anslag/bevis block in chat: dates of anslag, take-down and the appeal period's end.

    Only an anslag that is recorded gets dates and the appeal reminder; a body that posts none
    (a styrgrupp of officials) is told so instead of being shown empty anslag rows.
    """
    if view.posted_on is None and not view.posts_anslag:
        return Reply(text=msg.PROTOCOL_ANSLAG_NOT_USED.format(body=view.body))
    if not view.adjusted:
        return Reply(text=msg.PROTOCOL_ANSLAG_NONE.format(date=view.day.isoformat()))
    if view.posted_on is None:
        return Reply(title=msg.PROTOCOL_ANSLAG_TITLE.format(body=view.body, date=view.day.isoformat()),
                     text=anslag_statement(view))
    facts = tuple(Fact(label, value) for label, value in anslag_rows(view))
    return Reply(title=msg.PROTOCOL_ANSLAG_TITLE.format(body=view.body, date=view.day.isoformat()),
                 text=anslag_statement(view), facts=facts, context=msg.PROTOCOL_ANSLAG_REMINDER)
