"""``/uppdrag``: record assignments, list mine / a body's / overdue, mark done, move deadlines.

An assignment comes from a typed line (``/uppdrag ny skolchef: … senast 31/10``) or from the form
(Slack modal, Teams card). Both become the same ``AssignmentEntry``, but the form's fields are
taken as they are: the task is never put back into a command line and read again, because a
task may itself contain «senast», «grupp SG» or «återrapport till» and must be stored as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit, visibility
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.formatting import assignment_line, meeting_when
from handlers.lookups import body_for, meeting_on
from handlers.mentions import mention_of, named
from handlers.parsing.dates import (
    ParsedWhen,
    find_when,
    format_date_sv,
    format_moment_sv,
    format_when_sv,
    parse_when,
    read_after,
)
from handlers.parsing.fields import parse_fields
from handlers.people import display_name, person_for
from handlers.reply import Button, Fact, Form, FormField, Reply, Section
from handlers.report_back import link_report_backs, relink_report_back, timing_warning
from handlers.roles import MANAGERS, owned_assignments, owns_assignment, roles_of
from handlers.scope import Scope
from handlers.weblinks import followup_link
from storage.models import Assignment, AuditEvent, Body, Meeting, Person
from storage.tenancy import scoped

LABELS = {"senast": "due", "deadline": "due", "återrapport till": "report", "återrapportering till": "report",
          "rapportera till": "report", "grupp": "group", "strategigrupp": "group", "organ": "group"}
NEW_USAGE = msg.USAGE_ASSIGNMENT_NEW
MOVE_USAGE = msg.USAGE_ASSIGNMENT_MOVE
REPORT_USAGE = msg.USAGE_ASSIGNMENT_REPORT
_MOVE_RE = re.compile(r"^#?(?P<id>\d+)\s+(?:till\s+)?(?P<when>.+?)\s+(?:eftersom|pga\.?|på grund av|skäl:?)\s+"
                      r"(?P<reason>.+)$", re.I | re.S)
_REPORT_RE = re.compile(r"^#?(?P<id>\d+)(?:\s+(?:till\s+)?(?P<rest>.+))?$", re.I | re.S)


@dataclass(frozen=True)
class AssignmentEntry:
    """One new assignment as entered: who, what, and the raw deadline / report-back / body texts."""

    who: str
    task: str
    due: str | None = None
    report: str | None = None
    group: str | None = None


@handler("uppdrag")
def uppdrag(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /uppdrag; with nothing, my open assignments."""
    if inv.form_values is not None:
        return _create(entry_from_form(inv.form_values), session=session, scope=scope, services=services)
    sub, _, rest = inv.text.strip().partition(" ")
    sub = sub.lower()
    rest = rest.strip()
    if sub == "ny":
        if not rest:
            return Reply(form=_form())
        return _create(entry_from_line(rest), session=session, scope=scope, services=services)
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
        return _done(rest, session=session, scope=scope, services=services)
    if sub == "flytta":
        return _move(rest, session=session, scope=scope, services=services)
    if sub in ("återrapport", "återrapportering", "aterrapport"):
        return _report_to(rest, session=session, scope=scope, services=services)
    if sub in ("arbetsgrupp", "rapport"):  # written uppdrag to an arbetsgrupp (issue 18), in its own module
        from handlers import group_assignments

        action = group_assignments.create_group_assignment if sub == "arbetsgrupp" else group_assignments.link_report
        return action(rest, session=session, scope=scope, services=services)
    raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/uppdrag", sub=sub), usage=NEW_USAGE)


def _form() -> Form:
    return Form(form_id="assignment_new", title=msg.FORM_ASSIGNMENT[0], submit_label=msg.FORM_ASSIGNMENT[1], command="uppdrag ny",
                fields=(FormField("assignee", msg.LABEL_ASSIGNEE, kind="person", required=True),
                        FormField("task", msg.LABEL_TASK, kind="multiline", required=True),
                        FormField("due", msg.LABEL_DUE, kind="date"),
                        FormField("report", msg.LABEL_REPORT_TO),
                        FormField("group", msg.LABEL_GROUP)))


def apply_due(assignment: Assignment, *, text: str, reference: date) -> ParsedWhen:
    """Set the deadline from Swedish date text; returns the reading, to echo back."""
    when = parse_when(text, reference=reference)
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=text) + " " + msg.DATE_HINT)
    assignment.due_on = when.day
    assignment.due_time = when.start
    return when


def entry_from_line(text: str) -> AssignmentEntry:
    """``VEM: UPPGIFT [senast DATUM] [återrapport till MÖTE/ORGAN] [grupp ORGAN]`` as typed in chat."""
    # A mention may itself hold a colon (Teams ids are «29:…»), so the colon after it is the one that counts.
    mention = re.match(r"\s*<@[^>]*>", text)
    cut = mention.end() if mention else 0
    who, colon, rest = text[cut:].partition(":")
    who = text[:cut] + who
    if not colon or not who.strip() or not rest.strip():
        raise UserError(msg.ASSIGNMENT_ASSIGNEE_MISSING, usage=NEW_USAGE)
    fields = parse_fields(rest, labels=LABELS)
    return AssignmentEntry(who=who.strip(), task=fields.head, due=fields.get("due"), report=fields.get("report"),
                           group=fields.get("group"))


def entry_from_form(values: dict[str, str]) -> AssignmentEntry:
    """The form's fields, each taken as it is: no field is ever read for labels of another."""
    def field(name: str) -> str | None:
        return (values.get(name) or "").strip() or None

    who = field("assignee")
    if who is None:
        raise UserError(msg.ASSIGNMENT_ASSIGNEE_MISSING_FORM)
    return AssignmentEntry(who=who, task=field("task") or "", due=field("due"), report=field("report"),
                           group=field("group"))


def _report_back(assignment: Assignment, *, text: str, today: date, due: ParsedWhen | None, zone) -> str | None:  # type: ignore[no-untyped-def]
    """Read "styrgruppen 9/12 kl. 9": the target text and the last date in it; returns the date as read.

    A yearless date the calendar puts after the deadline is read in the deadline's year, so
    "senast 31/10 återrapport till 9/12" written in November is not a report before its deadline.
    """
    whens = [w for w in find_when(text, reference=today, strict=True) if w.kind != "time"]
    when = parse_when(text, reference=today) if not whens else whens[-1]
    if when is None:
        assignment.report_to_text = text
        return None
    if due is not None:
        when = read_after(when, anchor=due.day)
    assignment.report_to_text = text[: when.span[0]].strip(" ,") if when.span[0] > 0 else text
    assignment.report_at = datetime.combine(when.day, when.start or time(0), tzinfo=zone)
    return format_when_sv(when)


def _create(entry: AssignmentEntry, *, session: Session, scope: Scope, services: Services) -> Reply:
    if not entry.task.strip():
        raise UserError(msg.NEED_TASK, usage=NEW_USAGE)
    body = body_for(session, scope=scope, name=entry.group)
    if not roles_of(session, scope=scope, body=body):
        raise UserError(msg.NOT_A_MEMBER.format(body=body.name))
    today = services.now().date()
    assignment = Assignment(tenant_id=scope.tenant.id, body_id=body.id, task=entry.task,
                            assignee_name=display_name(entry.who), created_by_person_id=scope.person.id,
                            status="open", created_at=services.clock())  # the planner compares it with its clock
    if entry.who.startswith(("<@", "@")):
        person = person_for(session, scope=scope, text=entry.who)
        assignment.assignee_person_id = person.id if person else None
        assignment.assignee_name = person.name if person else assignment.assignee_name
    due = apply_due(assignment, text=entry.due, reference=today) if entry.due else None
    reported = None
    if entry.report:
        reported = _report_back(assignment, text=entry.report, today=today, due=due, zone=services.zone)
    session.add(assignment)
    session.flush()
    link_report_backs(session, tenant_id=scope.tenant.id, assignment=assignment, zone=services.zone)
    audit.record(session, scope=scope, action="assignment.create", subject_type="assignment",
                 subject_id=assignment.id, details={"assignee": assignment.assignee_name, "task": assignment.task})
    interpreted = format_when_sv(due) if due else None
    notes: list[str] = []  # the reading of the deadline is echoed in the text itself: not twice
    if reported:
        notes.append(msg.INTERPRETED_REPORT_DATE.format(when=reported))
    warning = timing_warning(session, assignment=assignment, zone=services.zone)
    if warning:
        notes.append(warning)
    assignee = session.get(Person, assignment.assignee_person_id) if assignment.assignee_person_id else None
    notify = mention_of(assignee)  # the assignee is notified, not just named
    return Reply(text=msg.ASSIGNMENT_CREATED.format(id=assignment.id,
                                                    assignee=named(assignee, name=assignment.assignee_name or ""),
                                                    task=assignment.task,
                                                    due=f", senast {interpreted}" if interpreted else ""),
                 buttons=assignment_buttons(assignment), tone="warning" if warning else "success",
                 context=" · ".join(notes) or None, mentions=(notify,) if notify else ())


def assignment_buttons(assignment: Assignment) -> tuple[Button, ...]:
    """"Klar" and "Flytta deadline" for an open assignment."""
    if assignment.status != "open":
        return ()
    return (Button(msg.BUTTON_DONE, f"uppdrag klar {assignment.id}", style="primary"),
            Button(msg.BUTTON_MOVE, f"uppdrag flytta {assignment.id}", needs_input=msg.MOVE_INPUT))


def _listing(rows: list[Assignment], *, title: str, session: Session, scope: Scope, services: Services) -> Reply:
    """A list posted where it was asked for: in a channel a sekretess task is only «§ 20 Sekretess»."""
    if not rows:
        return Reply(title=title, text=msg.ASSIGNMENT_LIST_EMPTY)
    today = services.now().date()
    audience = visibility.where_typed(session, scope=scope, services=services)
    sections = tuple(Section(lines=(assignment_line(a, today=today, zone=services.zone, audience=audience),),
                             buttons=assignment_buttons(a)) for a in rows[:40])
    return Reply(title=title, sections=sections)


def _base(scope: Scope):  # type: ignore[no-untyped-def]
    return scoped(select(Assignment), Assignment, tenant_id=scope.tenant.id).order_by(
        Assignment.due_on.is_(None), Assignment.due_on, Assignment.id)


def _list_mine(*, session: Session, scope: Scope, services: Services) -> Reply:
    query = _base(scope).where(Assignment.status == "open", owned_assignments(session, scope=scope))
    return _listing(list(session.scalars(query)), title=msg.ASSIGNMENTS_MINE_TITLE, session=session, scope=scope,
                    services=services)


def _list_body(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    body = body_for(session, scope=scope, name=text or None)
    query = _base(scope).where(Assignment.body_id == body.id, Assignment.status != "cancelled")
    return _listing(list(session.scalars(query)), title=msg.ASSIGNMENTS_BODY_TITLE.format(body=body.name),
                    session=session, scope=scope, services=services)


def _list_overdue(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    query = _base(scope).where(Assignment.status == "open", Assignment.due_on < services.now().date())
    if text:
        query = query.where(Assignment.body_id == body_for(session, scope=scope, name=text).id)
    return _listing(list(session.scalars(query)), title=msg.ASSIGNMENTS_OVERDUE_TITLE, session=session, scope=scope,
                    services=services)


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
    if assignment.created_by_person_id == scope.person.id or owns_assignment(session, scope=scope, assignment=assignment):
        return
    if assignment.body is not None and roles_of(session, scope=scope, body=assignment.body) & set(MANAGERS):
        return
    raise UserError(msg.ASSIGNMENT_CHANGE_DENIED)


def _done(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    assignment = _get(session, scope=scope, text=text, usage=msg.USAGE_ASSIGNMENT_DONE)
    _may_change(session, scope=scope, assignment=assignment)
    if assignment.status == "done":
        who, when = _done_by(session, scope=scope, assignment=assignment, zone=services.zone)
        return Reply(text=msg.ASSIGNMENT_ALREADY_DONE_BY.format(id=assignment.id, who=who, when=when),
                     ephemeral=True, card_update=assignment_card(session, scope=scope, assignment=assignment,
                                                                 services=services))
    assignment.status = "done"
    assignment.done_at = services.now()
    audit.record(session, scope=scope, action="assignment.done", subject_type="assignment", subject_id=assignment.id)
    session.flush()
    return Reply(text=msg.ASSIGNMENT_DONE.format(id=assignment.id), tone="success",
                 card_update=assignment_card(session, scope=scope, assignment=assignment, services=services))


def _done_by(session: Session, *, scope: Scope, assignment: Assignment, zone) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Who marked the uppdrag done and when, from its audit trail: a second clicker on a stale card
    learns that someone else already did it, not just that it is done."""
    event = session.scalars(scoped(select(AuditEvent), AuditEvent, tenant_id=scope.tenant.id)
                            .where(AuditEvent.subject_type == "assignment", AuditEvent.subject_id == assignment.id,
                                   AuditEvent.action == "assignment.done")
                            .order_by(AuditEvent.id.desc())).first()
    who = event.actor_name if event is not None else "–"
    done_at = assignment.done_at
    when = format_moment_sv(done_at.astimezone(zone).date(), done_at.astimezone(zone).time().replace(
        second=0, microsecond=0), None) if done_at is not None else ""
    return who, when


def assignment_card(session: Session, *, scope: Scope, assignment: Assignment, services: Services) -> Reply:
    """The uppdrag card as it now stands: its line (what, sista dag, report-back), the status with
    who and when once done, and only the buttons that still make sense — none once it is done."""
    today = services.now().date()
    audience = visibility.where_typed(session, scope=scope, services=services)
    facts = [Fact(msg.FACT_STATUS, msg.STATUS_LABELS.get(assignment.status, assignment.status))]
    if assignment.status == "done":
        who, when = _done_by(session, scope=scope, assignment=assignment, zone=services.zone)
        facts = [Fact(msg.FACT_STATUS, msg.ASSIGNMENT_CARD_DONE.format(who=who, when=when))]
    return Reply(title=msg.ASSIGNMENT_CARD_TITLE.format(id=assignment.id),
                 text=assignment_line(assignment, today=today, zone=services.zone, audience=audience),
                 facts=tuple(facts), buttons=assignment_buttons(assignment),
                 tone="success" if assignment.status == "done" else "info")


def _move(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    match = _MOVE_RE.match(text.strip())
    if not match:
        assignment = _get(session, scope=scope, text=text, usage=MOVE_USAGE)
        raise UserError(msg.ASSIGNMENT_REASON_MISSING, usage=MOVE_USAGE.replace("12", str(assignment.id)))
    assignment = _get(session, scope=scope, text=match.group("id"), usage=MOVE_USAGE)
    _may_change(session, scope=scope, assignment=assignment)
    old_iso = assignment.due_on.isoformat() if assignment.due_on else "ingen"
    old = format_date_sv(assignment.due_on) if assignment.due_on else "ingen"
    interpreted = format_when_sv(apply_due(assignment, text=match.group("when"), reference=services.now().date()))
    reason = match.group("reason").strip()
    audit.record(session, scope=scope, action="assignment.move", subject_type="assignment", subject_id=assignment.id,
                 details={"from": old_iso, "to": assignment.due_on.isoformat(), "reason": reason})
    warning = timing_warning(session, assignment=assignment, zone=services.zone, deadline_moved=True)
    session.flush()
    card = assignment_card(session, scope=scope, assignment=assignment, services=services)
    card = replace(card, context=msg.ASSIGNMENT_CARD_MOVED.format(who=scope.person.name, reason=reason))
    return Reply(text=msg.ASSIGNMENT_MOVED.format(id=assignment.id, when=interpreted, old=old, reason=reason),
                 facts=(Fact(msg.FACT_ASSIGNMENT, assignment.task),), tone="warning" if warning else "success",
                 context=warning, card_update=card)


def _report_body(session: Session, *, scope: Scope, assignment: Assignment, name: str | None) -> Body:
    """The body whose meeting is meant: the one named, else where the uppdrag reports (or belongs)."""
    if name:
        return body_for(session, scope=scope, name=name)
    for body_id in (assignment.report_to_body_id, _linked_body_id(session, assignment), assignment.body_id):
        body = session.get(Body, body_id) if body_id is not None else None
        if body is not None and body.tenant_id == scope.tenant.id:
            return body
    return body_for(session, scope=scope, name=None)


def _linked_body_id(session: Session, assignment: Assignment) -> int | None:
    meeting = session.get(Meeting, assignment.report_to_meeting_id) if assignment.report_to_meeting_id else None
    return meeting.body_id if meeting is not None else None


def _report_to(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/uppdrag återrapport N till MÖTE [organ X]``: correct which meeting the uppdrag reports back to."""
    match = _REPORT_RE.match(text.strip())
    if not match:
        raise UserError(msg.NEED_ASSIGNMENT_NUMBER, usage=REPORT_USAGE)
    assignment = _get(session, scope=scope, text=match.group("id"), usage=REPORT_USAGE)
    _may_change(session, scope=scope, assignment=assignment)
    fields = parse_fields(match.group("rest") or "", labels={"organ": "group", "grupp": "group"})
    if not fields.head:
        raise UserError(msg.ASSIGNMENT_REPORT_DATE_MISSING.format(id=assignment.id))
    when = parse_when(fields.head, reference=services.now().date())
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=fields.head) + " " + msg.DATE_HINT, usage=REPORT_USAGE)
    body = _report_body(session, scope=scope, assignment=assignment, name=fields.get("group"))
    if not roles_of(session, scope=scope, body=body):
        raise UserError(msg.NOT_A_MEMBER.format(body=body.name))
    meeting = meeting_on(session, scope=scope, body=body, day=when.day, zone=services.zone)
    if meeting is not None and meeting.state != "planerat":
        raise UserError(msg.ASSIGNMENT_REPORT_MEETING_HELD.format(when=meeting_when(meeting, zone=services.zone)))
    if meeting is not None:
        moment, label = meeting.starts_at, meeting_when(meeting, zone=services.zone)
    else:
        moment = datetime.combine(when.day, when.start or time(0), tzinfo=services.zone)
        label = format_when_sv(when)
    if meeting is not None and assignment.report_to_meeting_id == meeting.id:
        return Reply(text=msg.ASSIGNMENT_REPORT_UNCHANGED.format(id=assignment.id, body=body.name, when=label))
    before = assignment.report_at.isoformat() if assignment.report_at else None
    relink_report_back(session, assignment=assignment, body=body, report_at=moment, meeting=meeting)
    audit.record(session, scope=scope, action="assignment.report_to", subject_type="assignment",
                 subject_id=assignment.id, details={"from": before, "to": moment.isoformat(), "body": body.name,
                                                    "meeting_id": meeting.id if meeting else None})
    where = msg.ASSIGNMENT_REPORT_ON_AGENDA if meeting is not None else msg.ASSIGNMENT_REPORT_NO_MEETING.format(
        body=body.name)
    text = msg.ASSIGNMENT_REPORT_MOVED.format(id=assignment.id, body=body.name, when=label) + " " + where
    warning = timing_warning(session, assignment=assignment, zone=services.zone)
    return Reply(text=text, facts=(Fact(msg.FACT_ASSIGNMENT, assignment.task),),
                 tone="warning" if warning else "success", context=warning)
