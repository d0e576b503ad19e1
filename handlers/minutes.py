"""Minnesanteckningar: the lighter record of bodies that make no formal decisions.

Seed 004 asks the styrgrupp's sekreterare to «skriva minnesanteckningar och skicka ut», and its
arbetsgrupper do the same: officials who agree on actions, not a nämnd whose §§ must be justerade
and announced by anslag. Such a record is the agenda points, what was said on each, and the
agreed actions (kept as uppdrag so they are reminded like any other). The body's kind decides
which record it keeps (``writes_minutes``); ``settings["record"]`` overrides it either way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.commands.meetings import target_meeting
from handlers.context import Services
from handlers.errors import UserError
from handlers.formatting import meeting_when
from handlers.parsing.dates import format_date_sv, parse_when
from handlers.reply import Fact, Reply, Section
from handlers.roles import RECORDERS, require_role
from handlers.scope import Scope
from storage.models import AgendaItem, Assignment, Body, Meeting

MINUTES_KINDS = frozenset({"arbetsgrupp", "tjänstepersonsorgan", "tjänstemannaorgan", "tjänstepersonsgrupp",
                           "nätverk", "samverkansgrupp"})
_POINT = re.compile(r"^\s*(?:punkt\s+)?(?P<n>\d{1,3})\s*(?P<rest>.*)$", re.S | re.I)
_MEETING = re.compile(r"\s+möte\s+(?P<day>\d[\d\-/]*)\s*$", re.I)
_DUE = re.compile(r"\s+senast\s+(?P<when>.+)$", re.I)


def writes_minutes(body: Body) -> bool:
    """True when the body keeps minnesanteckningar rather than a protocol."""
    record = (body.settings or {}).get("record")
    if record in ("minnesanteckningar", "protokoll"):
        return record == "minnesanteckningar"
    return (body.kind or "").lower() in MINUTES_KINDS


@dataclass(frozen=True)
class PointView:
    """One point of the minutes: its title, the note and the agreed actions as lines."""

    title: str
    notes: str | None = None
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class MinutesView:
    """Everything the minnesanteckningar show; no §, no justering, no anslag."""

    body: str
    when: str
    place: str | None
    present: tuple[str, ...]
    points: tuple[PointView, ...] = field(default_factory=tuple)


def _split_meeting(text: str) -> tuple[str, str | None]:
    match = _MEETING.search(text)
    return (text[:match.start()], match["day"]) if match else (text, None)


def _point(meeting: Meeting, number: int) -> AgendaItem:
    if not 1 <= number <= len(meeting.agenda):
        raise UserError(msg.AGENDA_NO_ITEM.format(position=number), usage=msg.USAGE_MINUTES_NOTE)
    return meeting.agenda[number - 1]


def _recording_meeting(text: str, *, session: Session, scope: Scope, services: Services) -> tuple[Meeting, str]:
    """The meeting named by ``möte DATUM`` (else the next), after checking who may write."""
    rest, day = _split_meeting(text)
    meeting = target_meeting(day, session=session, scope=scope, services=services)
    require_role(session, scope=scope, body=meeting.body, roles=RECORDERS, action="skriva minnesanteckningar")
    if not writes_minutes(meeting.body):
        raise UserError(msg.MINUTES_NOT_FOR_BODY.format(body=meeting.body.name))
    return meeting, rest


def add_note(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/mote anteckning PUNKT: TEXT [möte DATUM]``: what was said on a point (replaces the earlier note)."""
    meeting, rest = _recording_meeting(text, session=session, scope=scope, services=services)
    match = _POINT.match(rest)
    if match is None or not match["rest"].lstrip(":").strip():
        raise UserError(msg.MINUTES_NOTE_NEED, usage=msg.USAGE_MINUTES_NOTE)
    item = _point(meeting, int(match["n"]))
    item.notes = match["rest"].lstrip(":").strip()
    audit.record(session, scope=scope, action="minutes.note", subject_type="agenda_item", subject_id=item.id,
                 details={"meeting": meeting.id})
    return Reply(text=msg.MINUTES_NOTE_SAVED.format(position=item.position, title=item.title), tone="success")


def add_action(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/mote åtgärd PUNKT NAMN: UPPGIFT [senast DATUM] [möte DATUM]``: an agreed action, kept as an uppdrag."""
    meeting, rest = _recording_meeting(text, session=session, scope=scope, services=services)
    match = _POINT.match(rest)
    who, colon, task = (match["rest"] if match else "").partition(":")
    if match is None or not colon or not who.strip() or not task.strip():
        raise UserError(msg.MINUTES_ACTION_NEED, usage=msg.USAGE_MINUTES_ACTION)
    item = _point(meeting, int(match["n"]))
    due: date | None = None
    if found := _DUE.search(task):
        when = parse_when(found["when"].strip(), reference=meeting.starts_at.astimezone(services.zone).date())
        if when is None:
            raise UserError(msg.DATE_UNREADABLE.format(text=found["when"].strip()) + " " + msg.DATE_HINT,
                            usage=msg.USAGE_MINUTES_ACTION)
        due, task = when.day, task[:found.start()]
    from handlers.people import person_for

    person = person_for(session, scope=scope, text=who.strip())
    action = Assignment(tenant_id=scope.tenant.id, body_id=meeting.body_id, assignee_name=who.strip().lstrip("@"),
                        assignee_person_id=person.id if person else None, task=task.strip(), due_on=due,
                        kind="åtgärd", status="open", created_by_person_id=scope.person.id, agenda_item_id=item.id,
                        created_at=services.clock())
    session.add(action)
    session.flush()
    audit.record(session, scope=scope, action="minutes.action", subject_type="assignment", subject_id=action.id,
                 details={"meeting": meeting.id, "point": item.position})
    return Reply(text=msg.MINUTES_ACTION_SAVED.format(id=action.id, position=item.position, who=action.assignee_name,
                                                      task=action.task, due=_due(action)), tone="success")


def _due(action: Assignment) -> str:
    return f" (senast {format_date_sv(action.due_on)})" if action.due_on else ""


def build_minutes(session: Session, meeting: Meeting, *, zone) -> MinutesView:  # type: ignore[no-untyped-def]
    """The minutes of one meeting as plain data, for the chat reply and the exports."""
    ids = [item.id for item in meeting.agenda]
    actions: dict[int, list[str]] = {}
    if ids:
        for row in session.scalars(select(Assignment).where(Assignment.agenda_item_id.in_(ids),
                                                            Assignment.status != "cancelled").order_by(Assignment.id)):
            done = f" – {msg.MINUTES_ACTION_DONE}" if row.status == "done" else ""
            actions.setdefault(row.agenda_item_id or 0, []).append(f"{row.assignee_name}: {row.task}{_due(row)}{done}")
    present = tuple(a.name for a in meeting.attendance if a.kind != "frånvarande")
    points = tuple(PointView(title=item.title, notes=item.notes, actions=tuple(actions.get(item.id, ())))
                   for item in meeting.agenda)
    return MinutesView(body=meeting.body.name, when=meeting_when(meeting, zone=zone), place=meeting.place,
                       present=present, points=points)


def show_minutes(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """``/mote anteckningar [DATUM]``: the minnesanteckningar in chat."""
    rest, day = _split_meeting(" " + text)
    meeting = target_meeting((day or rest).strip() or None, session=session, scope=scope, services=services)
    if not writes_minutes(meeting.body):
        raise UserError(msg.MINUTES_NOT_FOR_BODY.format(body=meeting.body.name))
    view = build_minutes(session, meeting, zone=services.zone)
    facts = [Fact(msg.KALLELSE_PLACE, view.place)] if view.place else []
    if view.present:
        facts.append(Fact(msg.MINUTES_PRESENT, ", ".join(view.present)))
    sections = tuple(Section(heading=f"{n}. {p.title}",
                             lines=((p.notes,) if p.notes else ()) + tuple(f"{msg.MINUTES_ACTION}: {a}" for a in p.actions)
                             or (msg.MINUTES_NO_NOTE,))
                     for n, p in enumerate(view.points, start=1))
    return Reply(title=msg.MINUTES_TITLE.format(body=view.body, when=view.when), facts=tuple(facts),
                 sections=sections, context=msg.MINUTES_NO_JUSTERING)


def render_minutes(view: MinutesView, *, fmt: str) -> bytes:
    """Markdown or HTML, as the protocol is exported; no signature, justering or anslag block."""
    if fmt == "md":
        lines = [f"# {msg.MINUTES_TITLE.format(body=view.body, when=view.when)}", ""]
        if view.place:
            lines.append(f"**{msg.KALLELSE_PLACE}:** {view.place}  ")
        if view.present:
            lines.append(f"**{msg.MINUTES_PRESENT}:** {', '.join(view.present)}")
        for n, point in enumerate(view.points, start=1):
            lines += ["", f"## {n}. {point.title}", ""]
            lines += [point.notes] if point.notes else []
            lines += [f"- {msg.MINUTES_ACTION}: {a}" for a in point.actions]
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "html":
        e = html.escape
        parts = [f"<h1>{e(msg.MINUTES_TITLE.format(body=view.body, when=view.when))}</h1>"]
        if view.place:
            parts.append(f"<p><strong>{e(msg.KALLELSE_PLACE)}:</strong> {e(view.place)}</p>")
        if view.present:
            parts.append(f"<p><strong>{e(msg.MINUTES_PRESENT)}:</strong> {e(', '.join(view.present))}</p>")
        for n, point in enumerate(view.points, start=1):
            parts.append(f"<h2>{n}. {e(point.title)}</h2>")
            if point.notes:
                parts.append(f"<p>{e(point.notes)}</p>")
            if point.actions:
                parts.append("<ul>" + "".join(f"<li>{e(msg.MINUTES_ACTION)}: {e(a)}</li>" for a in point.actions)
                             + "</ul>")
        return ("<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><body>" + "".join(parts)
                + "</body></html>\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
