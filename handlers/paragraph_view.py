"""How a paragraph is shown in chat: the full § (lookup, recording) and a one-line summary."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.formatting import assignment_line
from handlers.reply import Fact, Reply, Section
from handlers.visibility import Audience
from handlers.weblinks import paragraph_link
from storage.models import Assignment, Paragraph, SourceDocument

_ASSIGNMENTS = (select(Assignment)
                .where(Assignment.tenant_id == bindparam("tenant_id"), Assignment.paragraph_id == bindparam("paragraph_id"))
                .order_by(Assignment.clause_position.is_(None), Assignment.clause_position, Assignment.id))


def paragraph_date(paragraph: Paragraph, *, zone) -> str:  # type: ignore[no-untyped-def]
    """The meeting date of a paragraph ("2022-03-30"), its year when no meeting is known, or «odaterat»
    for an imported text whose year nothing told (it is filed under the import year only for storage)."""
    if paragraph.meeting is not None:
        return paragraph.meeting.starts_at.astimezone(zone).date().isoformat()
    if (paragraph.extra or {}).get("year_unknown"):
        return msg.UNDATED
    return str(paragraph.year)


def paragraph_label(paragraph: Paragraph) -> str:
    """"§ 19" or "Förslag" for unnumbered texts."""
    return f"§ {paragraph.number}" if paragraph.number is not None else msg.NO_PARAGRAPH_NUMBER


def summary_line(paragraph: Paragraph, *, zone) -> str:  # type: ignore[no-untyped-def]
    """One line for result lists: § – body – date – title (dnr)."""
    dnr = f" ({paragraph.case.dnr_written})" if paragraph.case else ""
    title = msg.CONFIDENTIAL_MARK if paragraph.confidential else paragraph.title
    return f"{paragraph_label(paragraph)} – {paragraph.body.name} – {paragraph_date(paragraph, zone=zone)} – {title}{dnr}"


def confidential_reply(paragraph: Paragraph, *, zone) -> Reply:  # type: ignore[no-untyped-def]
    """What a non-member learns of a confidential paragraph: that it exists, nothing more."""
    return Reply(text=msg.LOOKUP_CONFIDENTIAL.format(number=paragraph.number or "–", body=paragraph.body.name,
                                                     date=paragraph_date(paragraph, zone=zone)), ephemeral=True)


def title_only_reply(session: Session, paragraph: Paragraph, *, services, person_id: int) -> Reply:  # type: ignore[no-untyped-def]
    """A sekretess § for a member where sekretess text stays out of chat: title and a personal web link."""
    url = paragraph_link(services, tenant_id=paragraph.tenant_id, person_id=person_id, paragraph_id=paragraph.id,
                         session=session)
    text = msg.CONFIDENTIAL_TITLE_ONLY.format(number=paragraph.number or "–", title=paragraph.title,
                                              body=paragraph.body.name, date=paragraph_date(paragraph, zone=services.zone))
    return Reply(text=text, ephemeral=True, private=True, link=(msg.OPEN_IN_BROWSER, url) if url else None)


def assignment_lines(session: Session, *, tenant_id: int, paragraph_id: int, today: date,
                     zone) -> list[str]:  # type: ignore[no-untyped-def]
    """The assignments of a § in clause order, for a reader who may read the § itself.

    Only built after ``visibility.may_read`` said yes (the chat's full view, the archive page), so
    the tasks are shown as written.
    """
    rows = session.scalars(_ASSIGNMENTS, {"tenant_id": tenant_id, "paragraph_id": paragraph_id}).all()
    return [assignment_line(a, today=today, zone=zone, audience=_reader_of(a)) for a in rows]


def _reader_of(assignment: Assignment) -> Audience:
    paragraph = assignment.paragraph
    bodies = frozenset({paragraph.body_id}) if paragraph is not None else frozenset()
    return Audience(tenant_id=assignment.tenant_id, member_of=bodies)


SUMMARY_SHOWN = 600  # characters of a sammanfattning shown in chat before it is collapsed


def summary_lines(paragraph: Paragraph) -> tuple[str, ...]:
    """The § narrative for chat: whole when short, else its opening and where to read the rest.

    A chat card is read on a phone between meetings; a two-page ärendebeskrivning would push the
    decision itself out of sight, so it is cut at a word and the extract (or web page) has it whole.
    """
    text = paragraph.body_text or ""
    if len(text) <= SUMMARY_SHOWN:
        return tuple(part for part in text.split("\n\n") if part)
    cut = text[:SUMMARY_SHOWN].rsplit(None, 1)[0].rstrip(" ,.;:") + " …"
    organ = paragraph.body.short_name or f'"{paragraph.body.name}"'
    where = (f"/protokoll utdrag {paragraph.number} {paragraph.year} organ {organ}"
             if paragraph.number is not None else msg.SUMMARY_WHERE_WEB)
    return (*[part for part in cut.split("\n\n") if part],
            msg.SUMMARY_COLLAPSED.format(shown=SUMMARY_SHOWN, total=len(text), where=where))


def paragraph_reply(session: Session, paragraph: Paragraph, *, zone, today: date) -> Reply:  # type: ignore[no-untyped-def]
    """The whole §: body, date, §, title, dnr, the proposal, every att-clause, assignments and the source."""
    facts = [Fact(msg.FACT_BODY, paragraph.body.name), Fact(msg.FACT_DATE, paragraph_date(paragraph, zone=zone)),
             Fact(msg.FACT_PARAGRAPH, paragraph_label(paragraph))]
    if paragraph.case is not None:
        facts.append(Fact(msg.FACT_DNR, paragraph.case.dnr_written))
    if paragraph.confidential:
        facts.append(Fact(msg.CONFIDENTIAL_MARK, msg.CONFIDENTIAL_MEMBERS_ONLY))
    if paragraph.locked:
        facts.append(Fact(msg.FACT_STATUS, msg.STATUS_ADJUSTED))
    sections: list[Section] = []
    if paragraph.body_text:
        sections.append(Section(heading=msg.PROTOCOL_LABELS["summary"], lines=summary_lines(paragraph)))
    if paragraph.proposal:  # typed in the form or after "förslag:"; shown so it is not silently lost
        sections.append(Section(heading=msg.PROTOCOL_LABELS["proposal"], lines=(paragraph.proposal,)))
    if paragraph.clauses:
        heading = paragraph.decision_intro or msg.HEADING_DECISION
        sections.append(Section(heading=heading, lines=tuple(c.text for c in paragraph.clauses), numbered=True))
    lines = assignment_lines(session, tenant_id=paragraph.tenant_id, paragraph_id=paragraph.id, today=today, zone=zone)
    if lines:
        sections.append(Section(heading=msg.ASSIGNMENTS_EXTRACTED, lines=tuple(lines)))
    if paragraph.distribution:
        sections.append(Section(heading=msg.HEADING_DISTRIBUTION, lines=tuple(paragraph.distribution)))
    source = msg.LOOKUP_SOURCE_CHAT
    if paragraph.source_document_id:
        document = session.get(SourceDocument, paragraph.source_document_id)
        source = msg.LOOKUP_SOURCE_IMPORT.format(source=document.source_name if document else "fil")
    title = f"{paragraph_label(paragraph)} {paragraph.title}"
    return Reply(title=title, facts=tuple(facts), sections=tuple(sections), context=source,
                 ephemeral=paragraph.confidential, private=paragraph.confidential)
