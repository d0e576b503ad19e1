"""``/dagordning``: show, add, reorder and remove agenda items of a meeting."""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.commands.meetings import target_meeting
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.formatting import meeting_when
from handlers.lookups import get_or_create_case
from handlers.parsing.dnr import parse_dnr
from handlers.parsing.fields import parse_fields
from handlers.reply import Reply, Section
from handlers.roles import MANAGERS, require_member, roles_of
from handlers.scope import Scope
from storage.models import AgendaItem, Meeting

LABELS = {"dnr": "dnr", "föredragande": "presenter", "möte": "meeting", "mote": "meeting", "organ": "body"}
FLAGS = {"beslut": "beslut", "beslutsärende": "beslut", "information": "information", "info": "information",
         "informationsärende": "information"}
ADD_USAGE = msg.USAGE_AGENDA_ADD


@handler("dagordning")
def dagordning(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /dagordning; with nothing (or a date), the agenda."""
    text = inv.text.strip()
    lowered = text.lower()
    if inv.form_values is not None:
        return _add_from_form(inv.form_values, session=session, scope=scope, services=services)
    if lowered.startswith("lägg till"):
        rest = text[len("lägg till"):].strip()
        if not rest:
            return Reply(form=_form())
        return _add(rest, session=session, scope=scope, services=services)
    if lowered.startswith("flytta"):
        return _move(text[len("flytta"):].strip(), session=session, scope=scope, services=services)
    if lowered.startswith("ta bort"):
        return _remove(text[len("ta bort"):].strip(), session=session, scope=scope, services=services)
    if lowered.startswith("visa"):
        text = text[4:].strip()
    fields = parse_fields(text, labels={"organ": "body"})
    meeting = target_meeting(fields.head or None, session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    return agenda_reply(meeting, zone=services.zone)


def agenda_reply(meeting: Meeting, *, zone) -> Reply:  # type: ignore[no-untyped-def]
    """The agenda of a meeting as a numbered list."""
    title = msg.AGENDA_TITLE.format(body=meeting.body.name, when=meeting_when(meeting, zone=zone))
    if not meeting.agenda:
        return Reply(title=title, text=msg.AGENDA_EMPTY)
    lines = []
    for item in meeting.agenda:
        extra = [item.kind]
        if item.presenter:
            extra.append(f"föredragande {item.presenter}")
        dnr = f" ({item.case.dnr_written})" if item.case is not None and item.case.dnr_written not in item.title else ""
        lines.append(f"{item.title}{dnr} – " + ", ".join(extra))
    return Reply(title=title, sections=(Section(lines=tuple(lines), numbered=True),))


def _form():  # type: ignore[no-untyped-def]
    from handlers.reply import Form, FormField

    return Form(form_id="agenda_add", title=msg.FORM_AGENDA[0], submit_label=msg.FORM_AGENDA[1], command="dagordning lägg till",
                fields=(FormField("title", msg.LABEL_TITLE, required=True), FormField("dnr", msg.LABEL_DNR),
                        FormField("presenter", msg.LABEL_PRESENTER),
                        FormField("kind", msg.LABEL_KIND, kind="choice", choices=(("beslut", msg.LABEL_KIND_DECISION),
                                                                         ("information", msg.LABEL_KIND_INFORMATION)),
                                  initial="beslut"),
                        FormField("meeting", msg.LABEL_MEETING_DATE, kind="date")))


def _add_from_form(values: dict[str, str], *, session: Session, scope: Scope, services: Services) -> Reply:
    title = (values.get("title") or "").strip()
    if not title:
        raise UserError(msg.AGENDA_TITLE_MISSING, usage=ADD_USAGE)
    return _add_item(title=title, dnr_text=values.get("dnr"), presenter=values.get("presenter"),
                     kind=values.get("kind") or "beslut", meeting_text=values.get("meeting"), body_name=None,
                     session=session, scope=scope, services=services)


def _add(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    fields = parse_fields(text, labels=LABELS, flags=FLAGS)
    title = fields.head
    if not title:
        raise UserError(msg.AGENDA_TITLE_MISSING, usage=ADD_USAGE)
    kind = "information" if "information" in fields.flags else "beslut"
    return _add_item(title=title, dnr_text=fields.get("dnr"), presenter=fields.get("presenter"), kind=kind,
                     meeting_text=fields.get("meeting"), body_name=fields.get("body"), session=session,
                     scope=scope, services=services)


def _add_item(*, title: str, dnr_text: str | None, presenter: str | None, kind: str, meeting_text: str | None,
              body_name: str | None, session: Session, scope: Scope, services: Services) -> Reply:
    if len(title) > msg.AGENDA_TITLE_LIMIT:  # a rubrik is one line of a card, a kallelse and a protocol
        raise UserError(msg.AGENDA_TITLE_TOO_LONG.format(length=len(title), limit=msg.AGENDA_TITLE_LIMIT))
    meeting = target_meeting(meeting_text, session=session, scope=scope, services=services, body_name=body_name)
    require_member(session, scope=scope, body=meeting.body)
    if meeting.state != "planerat":
        raise UserError(msg.AGENDA_CLOSED.format(when=meeting_when(meeting, zone=services.zone)))
    from handlers.kallelse import admit_item  # a kallelse sent by hand closes the agenda at its deadline

    meeting, late_note = admit_item(meeting, session=session, scope=scope, services=services)
    case_id = None
    if dnr_text:
        dnr = parse_dnr(dnr_text)
        if dnr is None:
            raise UserError(msg.NOT_A_DNR.format(text=dnr_text), usage=msg.USAGE_DNR)
        case_id = get_or_create_case(session, tenant_id=scope.tenant.id, dnr=dnr, title=title).id
    position = len(meeting.agenda) + 1
    item = AgendaItem(tenant_id=scope.tenant.id, position=position, title=title, case_id=case_id,
                      presenter=presenter, kind=kind if kind in ("beslut", "information") else "beslut",
                      added_by_person_id=scope.person.id)
    meeting.agenda.append(item)
    session.flush()
    audit.record(session, scope=scope, action="agenda.add", subject_type="agenda_item", subject_id=item.id,
                 case_id=case_id, details={"title": title, "meeting": meeting.id})
    if late_note and "{position}" in late_note:
        return Reply(text=late_note.replace("{position}", str(position)).replace("{title}", title), tone="warning")
    return Reply(text=msg.AGENDA_ADDED.format(position=position, when=meeting_when(meeting, zone=services.zone),
                                              title=title), context=late_note, tone="success")


def _positions(text: str, usage: str) -> list[int]:
    numbers = [int(w) for w in text.replace("till", " ").split() if w.isascii() and w.isdigit()]
    if not numbers:
        raise UserError(msg.NEED_ITEM_NUMBER, usage=usage)
    return numbers


def _check_editor(item: AgendaItem, *, session: Session, scope: Scope, meeting: Meeting) -> None:
    if item.added_by_person_id == scope.person.id:
        return
    if roles_of(session, scope=scope, body=meeting.body) & set(MANAGERS):
        return
    raise UserError(msg.AGENDA_REMOVE_DENIED)


def _move(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    usage = msg.USAGE_AGENDA_MOVE
    fields = parse_fields(text, labels={"möte": "meeting", "mote": "meeting", "organ": "body"})
    numbers = _positions(fields.head, usage)
    if len(numbers) != 2:
        raise UserError(msg.NEED_FROM_TO, usage=usage)
    meeting = target_meeting(fields.get("meeting"), session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    old, new = numbers
    items = list(meeting.agenda)
    if not (1 <= old <= len(items)) or not (1 <= new <= len(items)):
        raise UserError(msg.AGENDA_NO_ITEM.format(position=old if not 1 <= old <= len(items) else new))
    item = items.pop(old - 1)
    _check_editor(item, session=session, scope=scope, meeting=meeting)
    items.insert(new - 1, item)
    for index, row in enumerate(items, start=1):
        row.position = index
    meeting.agenda.sort(key=lambda row: row.position)
    audit.record(session, scope=scope, action="agenda.move", subject_type="agenda_item", subject_id=item.id,
                 details={"from": old, "to": new})
    return Reply(text=msg.AGENDA_MOVED.format(old=old, new=new), tone="success")


def _remove(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    usage = msg.USAGE_AGENDA_REMOVE
    fields = parse_fields(text, labels={"möte": "meeting", "mote": "meeting", "organ": "body"})
    (position, *_rest) = _positions(fields.head, usage)
    meeting = target_meeting(fields.get("meeting"), session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    items = list(meeting.agenda)
    if not 1 <= position <= len(items):
        raise UserError(msg.AGENDA_NO_ITEM.format(position=position))
    item = items[position - 1]
    _check_editor(item, session=session, scope=scope, meeting=meeting)
    meeting.agenda.remove(item)
    for index, row in enumerate(meeting.agenda, start=1):
        row.position = index
    audit.record(session, scope=scope, action="agenda.remove", subject_type="agenda_item", subject_id=item.id,
                 details={"title": item.title})
    return Reply(text=msg.AGENDA_REMOVED.format(position=position, title=item.title), tone="success")
