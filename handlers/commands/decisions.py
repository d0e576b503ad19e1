"""``/beslut``: look up paragraphs (dnr, §, free words) and record or correct decisions.

Recording respects the record: a meeting whose protocol is justerat takes no new § and no
``ersätt`` (only ``/beslut rätta``), whether the meeting was named or is the latest one. ``ersätt``
changes the § in place (``handlers.rewrite``) so work already done on its assignments survives.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.decision_form import DecisionDraft, draft_from_form, read_decision
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.lookup import lookup
from handlers.lookups import body_for, latest_meeting, meeting_on
from handlers.numbering import NumberTaken, NumberUnavailable
from handlers.paragraph_view import paragraph_reply
from handlers.parsing.dates import parse_when
from handlers.recording import (
    ParagraphData,
    existing_paragraph,
    is_closed,
    reopen_if_out_for_justering,
    store_paragraph,
)
from handlers.reply import Form, FormField, Reply, Section
from handlers.report_back import timing_warning
from handlers.rewrite import Rewrite, rewrite_paragraph
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope
from storage.models import Assignment, Body, Meeting, Paragraph

RECORD_USAGE = msg.USAGE_DECISION
SUMMARY_LIMIT = 20000  # a long ärendebeskrivning fits; a pasted protocol does not


@handler("beslut")
def beslut(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Record with ``registrera``, correct with ``rätta``; anything else is a lookup."""
    if inv.form_values is not None:
        return _record(draft_from_form(inv.form_values), session=session, scope=scope, services=services)
    text = inv.text.strip()
    word, _, rest = text.partition(" ")
    if word.lower() in ("registrera", "ny") and (word.lower() == "registrera" or rest.lstrip().startswith("§")):
        if not rest.strip():
            return Reply(form=decision_form())
        return _record(read_decision(rest), session=session, scope=scope, services=services)
    if word.lower() in ("rätta", "rattelse", "rättelse"):
        from handlers.corrections import correct

        return correct(rest, session=session, scope=scope, services=services)
    return lookup(text, session=session, scope=scope, services=services)


def decision_form() -> Form:
    """The long form for a decision: clauses one per line."""
    return Form(form_id="decision_record", title=msg.FORM_DECISION[0], submit_label=msg.FORM_DECISION[1],
                command="beslut registrera",
                fields=(FormField("number", msg.LABEL_NUMBER), FormField("title", msg.LABEL_TITLE, required=True),
                        FormField("dnr", msg.LABEL_DNR), FormField("meeting", msg.LABEL_DATE, kind="date"),
                        FormField("proposal", msg.LABEL_PROPOSAL, kind="multiline"),
                        FormField("summary", msg.LABEL_SUMMARY, kind="multiline"),
                        FormField("clauses", msg.LABEL_CLAUSES, kind="multiline", required=True),
                        FormField("distribution", msg.LABEL_DISTRIBUTION, kind="multiline"),
                        FormField("confidential", msg.LABEL_CONFIDENTIAL, kind="checkbox"),
                        # «ersätt» as typed: without it a form could never correct a § it registered
                        FormField("replace", msg.LABEL_REPLACE, kind="checkbox")))


def _record(draft: DecisionDraft, *, session: Session, scope: Scope, services: Services) -> Reply:
    if draft.number_text is not None:
        raise UserError(msg.DECISION_BAD_NUMBER.format(text=draft.number_text), usage=RECORD_USAGE)
    if not draft.title:
        raise UserError(msg.DECISION_NO_TITLE, usage=RECORD_USAGE)
    if not draft.clauses:
        raise UserError(msg.DECISION_NO_CLAUSES, usage=RECORD_USAGE)
    if draft.dnr_text and draft.dnr is None:
        raise UserError(msg.NOT_A_DNR.format(text=draft.dnr_text), usage=msg.USAGE_DNR)
    if draft.summary is not None and len(draft.summary) > SUMMARY_LIMIT:
        raise UserError(msg.SUMMARY_TOO_LONG.format(length=len(draft.summary), limit=SUMMARY_LIMIT),
                        usage=msg.USAGE_DECISION_SUMMARY)
    body = body_for(session, scope=scope, name=draft.body)
    require_role(session, scope=scope, body=body, roles=RECORDERS, action="registrera beslut")
    now = services.now()
    meeting = _named_meeting(draft, session=session, scope=scope, body=body, services=services)
    chosen = meeting or latest_meeting(session, scope=scope, body=body, now=now)
    reference: date = chosen.starts_at.astimezone(services.zone).date() if chosen else now.date()
    year = reference.year
    old = None
    if draft.number is not None:
        old = existing_paragraph(session, tenant_id=scope.tenant.id, body=body, year=year, number=draft.number)
    if old is not None:
        if old.locked or is_closed(old.meeting):
            raise UserError(msg.DECISION_LOCKED.format(number=old.number, year=year))
        if not draft.replace:
            raise UserError(msg.DECISION_NUMBER_TAKEN.format(number=old.number, year=year, body=body.name,
                                                             title=old.title) + " " + msg.OVERWRITE_HINT)
        _refuse_closed(meeting, body=body, services=services)
        reopened = reopen_if_out_for_justering(meeting or old.meeting)
        return _reopened(_replace(draft, old=old, meeting=meeting, session=session, scope=scope, services=services),
                         reopened=reopened, meeting=meeting or old.meeting, services=services)
    _refuse_closed(chosen, body=body, services=services)
    reopened = reopen_if_out_for_justering(chosen)
    data = ParagraphData(title=draft.title, year=year, number=draft.number, dnr=draft.dnr,
                         proposal=draft.proposal or None, intro=draft.intro, body_text=draft.summary or None,
                         clauses=draft.clauses,
                         distribution=draft.distribution or [], documents=draft.documents or [],
                         confidential=bool(draft.confidential))
    try:
        paragraph = store_paragraph(session, tenant_id=scope.tenant.id, body=body, meeting=chosen, data=data,
                                    reference=reference, zone=services.zone)
    except NumberTaken:
        raise UserError(msg.DECISION_NUMBER_TAKEN_NOW.format(number=draft.number, year=year,
                                                             body=body.name)) from None
    except NumberUnavailable:
        raise UserError(msg.DECISION_NUMBER_BUSY) from None
    number = paragraph.number
    audit.record(session, scope=scope, action="paragraph.record", subject_type="paragraph", subject_id=paragraph.id,
                 case_id=paragraph.case_id,
                 details={"number": number, "year": year, "title": draft.title, "clauses": draft.clauses})
    reply = paragraph_reply(session, paragraph, zone=services.zone, today=now.date())
    confirmation = msg.DECISION_RECORDED.format(number=number, body=body.name, year=year)
    # An uppdrag whose deadline falls after the meeting it reports to is kept as decided, but said at once.
    warnings = [w for w in (timing_warning(session, assignment=a, zone=services.zone)
                            for a in assignments_of(session, paragraph)) if w]
    return _reopened(Reply(title=reply.title, text=confirmation, facts=reply.facts, sections=reply.sections,
                           context=" · ".join([*warnings, *([reply.context] if reply.context else [])]) or None,
                           tone="warning" if warnings else "success", ephemeral=paragraph.confidential,
                           private=paragraph.confidential), reopened=reopened, meeting=chosen, services=services)


def _named_meeting(draft: DecisionDraft, *, session: Session, scope: Scope, body: Body,
                   services: Services) -> Meeting | None:
    """The meeting the text names with «möte DATUM», or None when it names none."""
    if not draft.meeting:
        return None
    when = parse_when(draft.meeting, reference=services.now().date())
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=draft.meeting) + " " + msg.DATE_HINT)
    meeting = meeting_on(session, scope=scope, body=body, day=when.day, zone=services.zone)
    if meeting is None:
        raise UserError(msg.MEETING_NOT_FOUND.format(body=body.name, when=when.day.isoformat()),
                        usage=f"/mote ny {when.day.isoformat()} kl. 13:00")
    return meeting


def _reopened(reply: Reply, *, reopened: bool, meeting: Meeting | None, services: Services) -> Reply:
    """Say that a protocol out for justering went back to the secretary with this change."""
    if not reopened or meeting is None:
        return reply
    day = meeting.starts_at.astimezone(services.zone).date().isoformat()
    note = msg.DECISION_REOPENED_JUSTERING.format(date=day)
    return replace(reply, context=" · ".join(p for p in (note, reply.context) if p), tone="warning")


def _refuse_closed(meeting: Meeting | None, *, body: Body, services: Services) -> None:
    """A justerat protocol is closed; say so, and how to correct it or where a new § belongs."""
    if is_closed(meeting):
        day = meeting.starts_at.astimezone(services.zone).date()  # type: ignore[union-attr]
        raise UserError(msg.DECISION_MEETING_CLOSED.format(body=body.name, date=day.isoformat()),
                        usage=msg.USAGE_CORRECTION)


def _replace(draft: DecisionDraft, *, old: Paragraph, meeting: Meeting | None, session: Session, scope: Scope,
             services: Services) -> Reply:
    """``ersätt``: the same § changed in place; the reply lists what changed and what was kept."""
    target = meeting or old.meeting
    reference = target.starts_at.astimezone(services.zone).date() if target else services.now().date()
    rewrite = Rewrite(clauses=draft.clauses, title=draft.title, dnr=draft.dnr, proposal=draft.proposal,
                      intro=draft.intro, distribution=draft.distribution, documents=draft.documents,
                      confidential=draft.confidential, meeting=meeting)
    summary_changed = draft.summary is not None and (draft.summary or None) != old.body_text
    if summary_changed:  # set before the rewrite, which re-indexes the § with it
        old.body_text = draft.summary or None
    changes = rewrite_paragraph(session, paragraph=old, rewrite=rewrite, reference=reference, zone=services.zone)
    audit.record(session, scope=scope, action="paragraph.replace", subject_type="paragraph", subject_id=old.id,
                 case_id=old.case_id, details={"number": old.number, "year": old.year, **changes.audit()})
    reply = paragraph_reply(session, old, zone=services.zone, today=services.now().date())
    lines = (*changes.lines(), *((msg.SUMMARY_CHANGED,) if summary_changed else ()))
    summary = Section(heading=msg.DECISION_CHANGES_HEADING, lines=lines)
    return Reply(title=reply.title, text=msg.DECISION_UPDATED.format(number=old.number, body=old.body.name,
                                                                     year=old.year),
                 facts=reply.facts, sections=(summary, *reply.sections), context=reply.context, tone="success",
                 ephemeral=old.confidential, private=old.confidential)


def assignments_of(session: Session, paragraph: Paragraph) -> list[Assignment]:
    """The assignments recorded from a paragraph's clauses, in clause order."""
    return list(session.scalars(select(Assignment).where(Assignment.paragraph_id == paragraph.id)
                                .order_by(Assignment.clause_position)))


__all__ = ["beslut", "decision_form", "Section"]
