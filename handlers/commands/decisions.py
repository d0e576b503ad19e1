"""``/beslut``: look up paragraphs (dnr, §, free words) and record or correct decisions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.decision_form import DecisionDraft, read_decision
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.lookup import lookup
from handlers.lookups import body_for, latest_meeting, meeting_on
from handlers.paragraph_view import paragraph_reply
from handlers.parsing.dates import parse_when
from handlers.recording import ParagraphData, existing_paragraph, next_number, store_paragraph
from handlers.reply import Form, FormField, Reply, Section
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope
from storage.models import Assignment, Paragraph

RECORD_USAGE = msg.USAGE_DECISION


@handler("beslut")
def beslut(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Record with ``registrera``, correct with ``rätta``; anything else is a lookup."""
    if inv.form_values is not None:
        return _record(_draft_from_form(inv.form_values), session=session, scope=scope, services=services)
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
                        FormField("clauses", msg.LABEL_CLAUSES, kind="multiline", required=True),
                        FormField("distribution", msg.LABEL_DISTRIBUTION, kind="multiline"),
                        FormField("confidential", msg.LABEL_CONFIDENTIAL, kind="checkbox")))


def _draft_from_form(values: dict[str, str]) -> DecisionDraft:
    lines = ["§ " + values["number"].strip().lstrip("§ ") if (values.get("number") or "").strip() else "",
             values.get("title", "").strip()]
    text = " ".join(p for p in lines if p)
    for label, key in (("dnr", "dnr"), ("möte", "meeting"), ("förslag", "proposal"), ("skickas till", "distribution")):
        if (values.get(key) or "").strip():
            text += f"\n{label}: {values[key].strip()}"
    text += "\nbeslut:\n" + "\n".join(_as_att(line) for line in (values.get("clauses") or "").splitlines() if line.strip())
    draft = read_decision(text)
    draft.confidential = (values.get("confidential") or "").lower() in ("true", "ja", "on", "1")
    return draft


def _as_att(line: str) -> str:
    line = line.strip()
    return line if line[:1].isdigit() or line.lower().startswith("att ") else f"att {line}"


def _record(draft: DecisionDraft, *, session: Session, scope: Scope, services: Services) -> Reply:
    if not draft.title:
        raise UserError(msg.DECISION_NO_TITLE, usage=RECORD_USAGE)
    if not draft.clauses:
        raise UserError(msg.DECISION_NO_CLAUSES, usage=RECORD_USAGE)
    if draft.dnr_text and draft.dnr is None:
        raise UserError(msg.NOT_A_DNR.format(text=draft.dnr_text), usage=msg.USAGE_DNR)
    body = body_for(session, scope=scope, name=draft.body)
    require_role(session, scope=scope, body=body, roles=RECORDERS, action="registrera beslut")
    now = services.now()
    meeting = None
    if draft.meeting:
        when = parse_when(draft.meeting, reference=now.date())
        if when is None:
            raise UserError(msg.DATE_UNREADABLE.format(text=draft.meeting) + " " + msg.DATE_HINT)
        meeting = meeting_on(session, scope=scope, body=body, day=when.day, zone=services.zone)
        if meeting is None:
            raise UserError(msg.MEETING_NOT_FOUND.format(body=body.name, when=when.day.isoformat()),
                            usage=f"/mote ny {when.day.isoformat()} kl. 13:00")
    else:
        meeting = latest_meeting(session, scope=scope, body=body, now=now)
    reference: date = meeting.starts_at.astimezone(services.zone).date() if meeting else now.date()
    year = reference.year
    number = draft.number or next_number(session, tenant_id=scope.tenant.id, body=body, year=year)
    old = existing_paragraph(session, tenant_id=scope.tenant.id, body=body, year=year, number=number)
    if old is not None:
        if old.locked:
            raise UserError(msg.DECISION_LOCKED.format(number=number, year=year))
        if not draft.replace:
            raise UserError(msg.DECISION_NUMBER_TAKEN.format(number=number, year=year, body=body.name,
                                                             title=old.title) + " " + msg.OVERWRITE_HINT)
    data = ParagraphData(title=draft.title, year=year, number=number, dnr=draft.dnr, proposal=draft.proposal,
                         intro=draft.intro, clauses=draft.clauses, distribution=draft.distribution,
                         documents=draft.documents, confidential=draft.confidential)
    paragraph = store_paragraph(session, tenant_id=scope.tenant.id, body=body, meeting=meeting, data=data,
                                reference=reference, zone=services.zone, replace=old)
    audit.record(session, scope=scope, action="paragraph.replace" if old else "paragraph.record",
                 subject_type="paragraph", subject_id=paragraph.id, case_id=paragraph.case_id,
                 details={"number": number, "year": year, "title": draft.title, "clauses": draft.clauses})
    reply = paragraph_reply(session, paragraph, zone=services.zone, today=now.date())
    confirmation = msg.DECISION_RECORDED.format(number=number, body=body.name, year=year)
    return Reply(title=reply.title, text=confirmation, facts=reply.facts, sections=reply.sections,
                 context=reply.context, tone="success", ephemeral=paragraph.confidential,
                 private=paragraph.confidential)


def assignments_of(session: Session, paragraph: Paragraph) -> list[Assignment]:
    """The assignments recorded from a paragraph's clauses, in clause order."""
    return list(session.scalars(select(Assignment).where(Assignment.paragraph_id == paragraph.id)
                                .order_by(Assignment.clause_position)))


__all__ = ["beslut", "decision_form", "Section"]
