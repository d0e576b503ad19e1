"""Written uppdrag to an arbetsgrupp: how and when it reports back, owned by its sammankallande.

Seed 004: «Styrgruppens uppdrag ska formuleras skriftligt och innehålla hur och när uppdraget ska
redovisas för styrgruppen», and each arbetsgrupp names a sammankallande. So an uppdrag given to a
group must say both (``redovisas skriftlig rapport till styrgruppen 2019-03-19``) or it is refused;
the group's sammankallande becomes its owner and sees it in ``/uppdrag mina``; the report-back item
lands on the deciding body's meeting that day (``handlers.report_back``), and once the group links
its written report (``/uppdrag rapport N LÄNK``) the agenda item carries the link.

    /uppdrag arbetsgrupp AE: kartlägga elevhälsans samverkan senast 2019-02-28
        redovisas skriftlig rapport till styrgruppen 2019-03-19
    /uppdrag rapport 12 https://intranat.trelleborg.se/elevhalsa/rapport.pdf
"""

from __future__ import annotations

import re
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Services
from handlers.errors import UserError
from handlers.formatting import meeting_when
from handlers.lookups import body_for
from handlers.parsing.dates import find_when, format_date_sv, parse_when
from handlers.parsing.fields import parse_fields
from handlers.reply import Reply
from handlers.report_back import agenda_title, link_report_backs
from handlers.roles import MANAGERS, RECORDERS, require_role, roles_of
from handlers.scope import Scope
from storage.models import Assignment, Body, Meeting, Membership, Person
from storage.tenancy import scoped

LABELS = {"senast": "due", "redovisas": "report", "redovisning": "report", "återrapport": "report"}
_FORM = re.compile(r"^\s*(?P<form>" + "|".join(sorted((re.escape(k) for k in msg.REPORT_FORMS), key=len, reverse=True))
                   + r")\b\s*(?:till\s+)?(?P<rest>.*)$", re.I | re.S)
_LINK = re.compile(r"^https?://\S+$", re.I)


def _convener(session: Session, *, group: Body) -> Person | None:
    """The arbetsgrupp's sammankallande (the first current seat with a person)."""
    return session.scalars(select(Person).join(Membership, Membership.person_id == Person.id).where(
        Membership.tenant_id == group.tenant_id, Membership.body_id == group.id, Membership.role == "sammankallande",
        Membership.end_on.is_(None)).order_by(Membership.id)).first()


def create_group_assignment(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``GRUPP: UPPGIFT [senast DATUM] redovisas FORM till ORGAN DATUM``, given by the channel's body."""
    group_text, colon, rest = text.partition(":")
    if not colon or not group_text.strip() or not rest.strip():
        raise UserError(msg.GROUP_ASSIGNMENT_NEED)
    fields = parse_fields(rest, labels=LABELS)
    if not fields.head.strip():
        raise UserError(msg.GROUP_ASSIGNMENT_NEED)
    body = body_for(session, scope=scope, name=None)
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="ge uppdrag till arbetsgrupper")
    group = body_for(session, scope=scope, name=group_text.strip().strip('"'))
    if group.id == body.id:
        raise UserError(msg.GROUP_ASSIGNMENT_SAME_BODY.format(body=body.name), usage=msg.USAGE_GROUP_ASSIGNMENT)
    report = fields.get("report")
    if not report:
        raise UserError(msg.GROUP_ASSIGNMENT_HOW_WHEN, usage=msg.USAGE_GROUP_ASSIGNMENT)
    form_match = _FORM.match(report)
    if form_match is None:
        raise UserError(msg.GROUP_ASSIGNMENT_BAD_FORM.format(text=report), usage=msg.USAGE_GROUP_ASSIGNMENT)
    today = services.now().astimezone(services.zone).date()
    whens = [w for w in find_when(form_match.group("rest"), reference=today, strict=True) if w.kind != "time"]
    if not whens:
        raise UserError(msg.GROUP_ASSIGNMENT_NO_DATE.format(text=report), usage=msg.USAGE_GROUP_ASSIGNMENT)
    when = whens[-1]
    due = None
    if fields.get("due"):
        due = parse_when(fields.get("due") or "", reference=today)
        if due is None:
            raise UserError(msg.DATE_UNREADABLE.format(text=fields.get("due")) + " " + msg.DATE_HINT)
    convener = _convener(session, group=group)
    if convener is None:
        raise UserError(msg.GROUP_ASSIGNMENT_NO_CONVENER.format(group=group.name,
                                                                short=group.short_name or f'"{group.name}"'))
    form = msg.REPORT_FORMS[" ".join(form_match.group("form").lower().split())]
    assignment = Assignment(
        tenant_id=scope.tenant.id, body_id=body.id, task=fields.head.strip(), assignee_name=group.name,
        assignee_person_id=convener.id, assignee_body_id=group.id, created_by_person_id=scope.person.id,
        status="open", report_form=form, report_to_body_id=body.id, report_to_text=body.name,
        report_at=datetime.combine(when.day, when.start or time(0), tzinfo=services.zone),
        due_on=due.day if due else None, due_time=due.start if due else None, kind="uppdrag")
    session.add(assignment)
    session.flush()
    link_report_backs(session, tenant_id=scope.tenant.id, assignment=assignment, zone=services.zone)
    audit.record(session, scope=scope, action="assignment.create", subject_type="assignment",
                 subject_id=assignment.id, details={"assignee": group.name, "owner": convener.name,
                                                    "task": assignment.task, "report_form": form})
    meeting = session.get(Meeting, assignment.report_to_meeting_id) if assignment.report_to_meeting_id else None
    day = format_date_sv(when.day)
    context = (msg.GROUP_ASSIGNMENT_LINKED.format(body=body.name, when=meeting_when(meeting, zone=services.zone))
               if meeting is not None else msg.GROUP_ASSIGNMENT_NO_MEETING.format(body=body.name, when=day))
    return Reply(text=msg.GROUP_ASSIGNMENT_CREATED.format(
        id=assignment.id, group=group.name, task=assignment.task,
        due=f", senast {format_date_sv(due.day)}" if due else "", convener=convener.name, form=form,
        body=body.name, when=day), context=context, tone="success" if meeting is not None else "warning")


def link_report(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """The group hands in its written report: the uppdrag and its agenda item link to it."""
    number, _, link = text.strip().lstrip("#").partition(" ")
    link = link.strip().strip("<>")
    if not (number.isascii() and number.isdigit()) or not link:
        raise UserError(msg.GROUP_REPORT_NEED)
    if not _LINK.match(link) or len(link) > 300:
        raise UserError(msg.GROUP_REPORT_NOT_LINK.format(text=link[:80]), usage=msg.USAGE_GROUP_REPORT)
    assignment = session.scalars(scoped(select(Assignment), Assignment, tenant_id=scope.tenant.id)
                                 .where(Assignment.id == int(number))).first()
    if assignment is None:
        raise UserError(msg.ASSIGNMENT_NOT_FOUND.format(id=number))
    if assignment.assignee_body_id is None:
        raise UserError(msg.GROUP_REPORT_NOT_GROUP.format(id=assignment.id))
    owner = assignment.assignee_person_id == scope.person.id
    if not owner and not (assignment.body is not None
                          and roles_of(session, scope=scope, body=assignment.body) & set(RECORDERS)):
        raise UserError(msg.GROUP_REPORT_DENIED)
    assignment.report_link = link
    meeting = session.get(Meeting, assignment.report_to_meeting_id) if assignment.report_to_meeting_id else None
    notes: list[str] = []
    if meeting is not None:
        for item in meeting.agenda:
            if item.source_assignment_id == assignment.id and item.kind == "återrapportering":
                item.title = agenda_title(assignment)
        notes.append(msg.GROUP_REPORT_ON_AGENDA.format(body=meeting.body.name,
                                                       when=meeting_when(meeting, zone=services.zone)))
    audit.record(session, scope=scope, action="assignment.report", subject_type="assignment",
                 subject_id=assignment.id, details={"link": link})
    return Reply(text=msg.GROUP_REPORT_SAVED.format(id=assignment.id, link=link), context=" · ".join(notes) or None,
                 tone="success")

