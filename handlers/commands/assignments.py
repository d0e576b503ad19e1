"""``/uppdrag``: record assignments, list mine / a body's / overdue, mark done, move deadlines."""

from __future__ import annotations

import re
from datetime import datetime, time

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.formatting import assignment_line
from handlers.lookups import body_for
from handlers.parsing.dates import format_date_sv, format_when_sv, parse_when
from handlers.parsing.fields import parse_fields
from handlers.people import display_name, person_for
from handlers.reply import Button, Fact, Form, FormField, Reply, Section
from handlers.report_back import link_report_backs
from handlers.roles import MANAGERS, roles_of
from handlers.scope import Scope
from handlers.weblinks import followup_link
from storage.models import Assignment
from storage.tenancy import scoped

LABELS = {"senast": "due", "deadline": "due", "återrapport till": "report", "återrapportering till": "report",
          "rapportera till": "report", "grupp": "group", "strategigrupp": "group", "organ": "group"}
NEW_USAGE = msg.USAGE_ASSIGNMENT_NEW
MOVE_USAGE = msg.USAGE_ASSIGNMENT_MOVE
_MOVE_RE = re.compile(r"^#?(?P<id>\d+)\s+(?:till\s+)?(?P<when>.+?)\s+(?:eftersom|pga\.?|på grund av|skäl:?)\s+"
                      r"(?P<reason>.+)$", re.I | re.S)


@handler("uppdrag")
def uppdrag(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /uppdrag; with nothing, my open assignments."""
    if inv.form_values is not None:
        values = inv.form_values
        line = f"{values.get('assignee', '')}: {values.get('task', '')}"
        if values.get("due"):
            line += f" senast {values['due']}"
        if values.get("report"):
            line += f" återrapport till {values['report']}"
        if values.get("group"):
            line += f" grupp {values['group']}"
        return _create(line, session=session, scope=scope, services=services)
    sub, _, rest = inv.text.strip().partition(" ")
    sub = sub.lower()
    rest = rest.strip()
    if sub == "ny":
        return _create(rest, session=session, scope=scope, services=services) if rest else Reply(form=_form())
    if sub in ("", "mina"):
        return _list_mine(session=session, scope=scope, services=services)
    if sub == "lista":
        return _list_body(rest, session=session, scope=scope, services=services)
    if sub == "tavla":
        url = followup_link(services, tenant_id=scope.tenant.id, person_id=scope.person.id)
        if url is None:
            raise UserError(msg.WEB_NOT_AVAILABLE)
        return Reply(text=msg.FOLLOWUP_LINK_TEXT, link=(msg.FOLLOWUP_LINK_LABEL, url), ephemeral=True)
    if sub in ("försenade", "forsenade"):
        return _list_overdue(rest, session=session, scope=scope, services=services)
    if sub == "klar":
        return _done(rest, session=session, scope=scope)
    if sub == "flytta":
        return _move(rest, session=session, scope=scope, services=services)
    raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/uppdrag", sub=sub), usage=NEW_USAGE)


def _form() -> Form:
    return Form(form_id="assignment_new", title=msg.FORM_ASSIGNMENT[0], submit_label=msg.FORM_ASSIGNMENT[1], command="uppdrag ny",
                fields=(FormField("assignee", msg.LABEL_ASSIGNEE, kind="person", required=True),
                        FormField("task", msg.LABEL_TASK, kind="multiline", required=True),
                        FormField("due", msg.LABEL_DUE, kind="date"),
                        FormField("report", msg.LABEL_REPORT_TO),
                        FormField("group", msg.LABEL_GROUP)))


def apply_due(assignment: Assignment, *, text: str, reference, zone) -> str:  # type: ignore[no-untyped-def]
    """Set the deadline from Swedish date text; returns the interpretation to echo."""
    when = parse_when(text, reference=reference)
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=text) + " " + msg.DATE_HINT)
    assignment.due_on = when.day
    assignment.due_time = when.start
    return format_when_sv(when)


def _create(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    who, colon, rest = text.partition(":")
    if not colon or not who.strip() or not rest.strip():
        raise UserError(msg.ASSIGNMENT_ASSIGNEE_MISSING, usage=NEW_USAGE)
    fields = parse_fields(rest, labels=LABELS)
    if not fields.head:
        raise UserError(msg.NEED_TASK, usage=NEW_USAGE)
    body = body_for(session, scope=scope, name=fields.get("group"))
    if not roles_of(session, scope=scope, body=body):
        raise UserError(msg.NOT_A_MEMBER.format(body=body.name))
    today = services.now().date()
    assignment = Assignment(tenant_id=scope.tenant.id, body_id=body.id, task=fields.head,
                            assignee_name=display_name(who), created_by_person_id=scope.person.id, status="open")
    if who.strip().startswith(("<@", "@")):
        person = person_for(session, scope=scope, text=who)
        assignment.assignee_person_id = person.id if person else None
        assignment.assignee_name = person.name if person else assignment.assignee_name
    interpreted = None
    if fields.get("due"):
        interpreted = apply_due(assignment, text=fields.get("due") or "", reference=today, zone=services.zone)
    report = fields.get("report")
    if report:
        when = parse_when(report, reference=today)
        assignment.report_to_text = report[: when.span[0]].strip(" ,") if when and when.span[0] > 0 else report
        if when is not None:
            assignment.report_at = datetime.combine(when.day, when.start or time(0), tzinfo=services.zone)
    session.add(assignment)
    session.flush()
    link_report_backs(session, tenant_id=scope.tenant.id, assignment=assignment, zone=services.zone)
    audit.record(session, scope=scope, action="assignment.create", subject_type="assignment",
                 subject_id=assignment.id, details={"assignee": assignment.assignee_name, "task": assignment.task})
    due = f", senast {interpreted}" if interpreted else ""
    return Reply(text=msg.ASSIGNMENT_CREATED.format(id=assignment.id, assignee=assignment.assignee_name,
                                                    task=assignment.task, due=due),
                 buttons=assignment_buttons(assignment), tone="success",
                 context=msg.INTERPRETED_DATE.format(when=interpreted) if interpreted else None)


def assignment_buttons(assignment: Assignment) -> tuple[Button, ...]:
    """"Klar" and "Flytta deadline" for an open assignment."""
    if assignment.status != "open":
        return ()
    return (Button(msg.BUTTON_DONE, f"uppdrag klar {assignment.id}", style="primary"),
            Button(msg.BUTTON_MOVE, f"uppdrag flytta {assignment.id}", needs_input=msg.MOVE_INPUT))


def _listing(rows: list[Assignment], *, title: str, services: Services) -> Reply:
    if not rows:
        return Reply(title=title, text=msg.ASSIGNMENT_LIST_EMPTY)
    today = services.now().date()
    sections = tuple(Section(lines=(assignment_line(a, today=today, zone=services.zone),),
                             buttons=assignment_buttons(a)) for a in rows[:40])
    return Reply(title=title, sections=sections)


def _base(scope: Scope):  # type: ignore[no-untyped-def]
    return scoped(select(Assignment), Assignment, tenant_id=scope.tenant.id).order_by(
        Assignment.due_on.is_(None), Assignment.due_on, Assignment.id)


def _list_mine(*, session: Session, scope: Scope, services: Services) -> Reply:
    query = _base(scope).where(Assignment.status == "open", or_(
        Assignment.assignee_person_id == scope.person.id,
        func.lower(Assignment.assignee_name) == scope.person.name.lower()))
    return _listing(list(session.scalars(query)), title=msg.ASSIGNMENTS_MINE_TITLE, services=services)


def _list_body(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    body = body_for(session, scope=scope, name=text or None)
    query = _base(scope).where(Assignment.body_id == body.id, Assignment.status != "cancelled")
    return _listing(list(session.scalars(query)), title=msg.ASSIGNMENTS_BODY_TITLE.format(body=body.name),
                    services=services)


def _list_overdue(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    query = _base(scope).where(Assignment.status == "open", Assignment.due_on < services.now().date())
    if text:
        query = query.where(Assignment.body_id == body_for(session, scope=scope, name=text).id)
    return _listing(list(session.scalars(query)), title=msg.ASSIGNMENTS_OVERDUE_TITLE, services=services)


def _get(session: Session, *, scope: Scope, text: str, usage: str) -> Assignment:
    number = text.strip().lstrip("#").split(" ")[0]
    if not (number.isascii() and number.isdigit()):
        raise UserError(msg.NEED_ASSIGNMENT_NUMBER, usage=usage)
    row = session.scalars(scoped(select(Assignment), Assignment, tenant_id=scope.tenant.id)
                          .where(Assignment.id == int(number))).first()
    if row is None:
        raise UserError(msg.ASSIGNMENT_NOT_FOUND.format(id=number))
    return row


def _may_change(session: Session, *, scope: Scope, assignment: Assignment) -> None:
    if assignment.assignee_person_id == scope.person.id or assignment.created_by_person_id == scope.person.id:
        return
    if (assignment.assignee_name or "").lower() == scope.person.name.lower():
        return
    if assignment.body is not None and roles_of(session, scope=scope, body=assignment.body) & set(MANAGERS):
        return
    raise UserError(msg.ASSIGNMENT_CHANGE_DENIED)


def _done(text: str, *, session: Session, scope: Scope) -> Reply:
    assignment = _get(session, scope=scope, text=text, usage=msg.USAGE_ASSIGNMENT_DONE)
    _may_change(session, scope=scope, assignment=assignment)
    if assignment.status == "done":
        return Reply(text=msg.ASSIGNMENT_ALREADY_DONE.format(id=assignment.id))
    assignment.status = "done"
    assignment.done_at = datetime.now().astimezone()
    audit.record(session, scope=scope, action="assignment.done", subject_type="assignment", subject_id=assignment.id)
    return Reply(text=msg.ASSIGNMENT_DONE.format(id=assignment.id), tone="success")


def _move(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    match = _MOVE_RE.match(text.strip())
    if not match:
        assignment = _get(session, scope=scope, text=text, usage=MOVE_USAGE)
        raise UserError(msg.ASSIGNMENT_REASON_MISSING, usage=MOVE_USAGE.replace("12", str(assignment.id)))
    assignment = _get(session, scope=scope, text=match.group("id"), usage=MOVE_USAGE)
    _may_change(session, scope=scope, assignment=assignment)
    old_iso = assignment.due_on.isoformat() if assignment.due_on else "ingen"
    old = format_date_sv(assignment.due_on) if assignment.due_on else "ingen"
    interpreted = apply_due(assignment, text=match.group("when"), reference=services.now().date(), zone=services.zone)
    reason = match.group("reason").strip()
    audit.record(session, scope=scope, action="assignment.move", subject_type="assignment", subject_id=assignment.id,
                 details={"from": old_iso, "to": assignment.due_on.isoformat(), "reason": reason})
    return Reply(text=msg.ASSIGNMENT_MOVED.format(id=assignment.id, when=interpreted, old=old, reason=reason),
                 facts=(Fact(msg.FACT_ASSIGNMENT, assignment.task),), tone="success")
