"""``/mote``: create meetings, show the next one, list upcoming, set justerare and attendance."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import audit
from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.dispatch import handler
from handlers.errors import UserError
from handlers.formatting import meeting_when
from handlers.lookups import body_for, meeting_on_typed_date, next_meeting
from handlers.parsing.dates import format_when_sv, parse_when
from handlers.parsing.fields import parse_fields
from handlers.reply import Fact, Reply, Section
from handlers.report_back import link_report_backs
from handlers.roles import MANAGERS, require_role
from handlers.scope import Scope
from storage.models import Adjustment, Attendance, Meeting
from storage.tenancy import scoped

LABELS = {"plats": "place", "organ": "body", "möte": "meeting", "mote": "meeting"}
ATTENDANCE_KINDS = {"beslutande": "beslutande", "övriga": "övrig", "övrig": "övrig", "närvarande": "övrig",
                    "frånvarande": "frånvarande"}


@handler("mote")
def mote(inv: Invocation, *, session: Session, scope: Scope, services: Services) -> Reply:
    """Sub-commands of /mote; with nothing, the next meeting."""
    sub, _, rest = inv.text.strip().partition(" ")
    sub = sub.lower()
    if inv.form_values is not None:  # the series and kallelse forms (handlers.year_forms)
        from handlers.year_forms import submit

        return submit(sub, inv.form_values, session=session, scope=scope, services=services)
    if sub in ("", "nästa"):
        return _next(rest, session=session, scope=scope, services=services)
    if sub == "ny":
        return _create(rest, session=session, scope=scope, services=services)
    if sub == "lista":
        return _list(rest, session=session, scope=scope, services=services)
    if sub == "justerare":
        return _adjusters(rest, session=session, scope=scope, services=services)
    if sub == "närvaro":
        return _attendance(rest, session=session, scope=scope, services=services)
    if sub in ("serie", "läsår", "flytta", "ställ", "inställ", "extra", "kallelse", "anteckning", "anteckningar",
               "åtgärd"):
        return _year(sub, rest, session=session, scope=scope, services=services)
    raise UserError(msg.UNKNOWN_SUBCOMMAND.format(command="/mote", sub=sub), usage=msg.USAGE_MEETING_NEW)


def _create(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    fields = parse_fields(text, labels={"plats": "place", "organ": "body"})
    usage = msg.USAGE_MEETING_NEW
    if not fields.head:
        raise UserError(msg.MEETING_DATE_MISSING, usage=usage)
    when = parse_when(fields.head, reference=services.now().date())
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=fields.head) + " " + msg.DATE_HINT, usage=usage)
    body = body_for(session, scope=scope, name=fields.get("body"))
    require_role(session, scope=scope, body=body, roles=MANAGERS, action="skapa möten")
    start = datetime.combine(when.day, when.start or time(0, 0), tzinfo=services.zone)
    end = datetime.combine(when.day, when.end, tzinfo=services.zone) if when.end else None
    meeting = Meeting(tenant_id=scope.tenant.id, body_id=body.id, starts_at=start, ends_at=end,
                      has_time=when.start is not None, place=fields.get("place"), state="planerat")
    session.add(meeting)
    session.flush()
    link_report_backs(session, tenant_id=scope.tenant.id, meeting=meeting, zone=services.zone)
    audit.record(session, scope=scope, action="meeting.create", subject_type="meeting", subject_id=meeting.id,
                 details={"starts_at": start.isoformat(), "place": meeting.place})
    place = f", {meeting.place}" if meeting.place else ""
    text = msg.MEETING_CREATED.format(body=body.name, when=meeting_when(meeting, zone=services.zone), place=place)
    interpreted = format_when_sv(when)  # said again only when it tells more (an end time), never the date twice
    return Reply(text=text, context=None if interpreted in text else msg.INTERPRETED_DATE.format(when=interpreted),
                 tone="success")


def _year(sub: str, rest: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    """The samverkan year (issue 18) lives in its own modules: series, moves, kallelse, minnesanteckningar."""
    from handlers.commands import series
    from handlers.kallelse import send_kallelse

    if sub in ("serie", "läsår"):
        return series.plan_series(rest, session=session, scope=scope, services=services)
    if sub == "flytta":
        return series.move_meeting(rest, session=session, scope=scope, services=services)
    if sub in ("ställ", "inställ"):
        return series.cancel_meeting(rest.removeprefix("in ").strip() if sub == "ställ" else rest,
                                     session=session, scope=scope, services=services)
    if sub == "kallelse":
        return send_kallelse(rest, session=session, scope=scope, services=services)
    if sub in ("anteckning", "anteckningar", "åtgärd"):
        from handlers import minutes

        action = {"anteckning": minutes.add_note, "åtgärd": minutes.add_action}.get(sub, minutes.show_minutes)
        return action(rest, session=session, scope=scope, services=services)
    return series.extra_meeting(rest, create=_create, session=session, scope=scope, services=services)


def _next(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    body = body_for(session, scope=scope, name=text.strip() or None)
    meeting = next_meeting(session, scope=scope, body=body, now=services.now())
    if meeting is None:
        return Reply(text=msg.MEETING_NONE_UPCOMING.format(body=body.name))
    facts = [Fact(msg.FACT_WHEN, meeting_when(meeting, zone=services.zone))]
    if meeting.place:
        facts.append(Fact(msg.FACT_PLACE, meeting.place))
    items = tuple(f"{item.title}" + (f" ({item.kind})" if item.kind != "beslut" else "") for item in meeting.agenda)
    sections = (Section(heading=msg.HEADING_AGENDA, lines=items, numbered=True),) if items else ()
    return Reply(title=msg.MEETING_NEXT_TITLE.format(body=body.name), facts=tuple(facts), sections=sections)


def _list(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    body = body_for(session, scope=scope, name=text.strip() or None)
    now = services.now().replace(hour=0, minute=0, second=0, microsecond=0)
    query = scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id).where(
        Meeting.body_id == body.id, Meeting.starts_at >= now).order_by(Meeting.starts_at).limit(20)
    meetings = session.scalars(query).all()
    if not meetings:
        return Reply(text=msg.MEETING_NONE_UPCOMING.format(body=body.name))
    lines = tuple(meeting_when(m, zone=services.zone) + (f", {m.place}" if m.place else "")
                  + (f" ({msg.MEETING_CANCELLED_TAG})" if m.state == "inställt" else "") for m in meetings)
    return Reply(title=msg.MEETING_LIST_TITLE.format(body=body.name), sections=(Section(lines=lines),))


def target_meeting(value: str | None, *, session: Session, scope: Scope, services: Services,
                   body_name: str | None = None) -> Meeting:
    """The meeting named by a date, or the next one (or, failing that, the latest) of the body."""
    body = body_for(session, scope=scope, name=body_name)
    if value:
        return meeting_on_typed_date(value, session=session, scope=scope, body=body, services=services)
    meeting = next_meeting(session, scope=scope, body=body, now=services.now())
    if meeting is None:
        raise UserError(msg.MEETING_NONE_UPCOMING.format(body=body.name))
    return meeting


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace(" och ", ",").split(",") if n.strip()]


def _adjusters(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    fields = parse_fields(text, labels=LABELS)
    meeting = target_meeting(fields.get("meeting"), session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    require_role(session, scope=scope, body=meeting.body, roles=MANAGERS, action="utse justerare")
    names = _names(fields.head)
    if not names:
        raise UserError(msg.NEED_ADJUSTER, usage=msg.USAGE_ADJUSTERS)
    from handlers.people import display_name, person_for

    meeting.adjustments.clear()
    for name in names:
        person = person_for(session, scope=scope, text=name)
        meeting.adjustments.append(Adjustment(tenant_id=scope.tenant.id, person_id=person.id if person else None,
                                              name=display_name(name), state="väntar"))
    audit.record(session, scope=scope, action="meeting.adjusters", subject_type="meeting", subject_id=meeting.id,
                 details={"names": names})
    return Reply(text=msg.MEETING_ADJUSTERS_SET.format(when=meeting_when(meeting, zone=services.zone),
                                                       names=", ".join(display_name(n) for n in names)),
                 tone="success")


def _attendance(text: str, *, session: Session, scope: Scope, services: Services) -> Reply:
    kind_word, _, rest = text.strip().partition(" ")
    kind = ATTENDANCE_KINDS.get(kind_word.lower())
    usage = msg.USAGE_ATTENDANCE
    if kind is None:
        raise UserError(msg.NEED_ATTENDANCE_KIND, usage=usage)
    fields = parse_fields(rest, labels=LABELS)
    meeting = target_meeting(fields.get("meeting"), session=session, scope=scope, services=services,
                             body_name=fields.get("body"))
    require_role(session, scope=scope, body=meeting.body, roles=MANAGERS, action="föra närvaro")
    names = _names(fields.head)
    if not names:
        raise UserError(msg.NEED_NAME, usage=usage)
    meeting.attendance[:] = [a for a in meeting.attendance if a.kind != kind]
    for name in names:
        meeting.attendance.append(Attendance(tenant_id=scope.tenant.id, name=name, kind=kind))
    audit.record(session, scope=scope, action="meeting.attendance", subject_type="meeting", subject_id=meeting.id,
                 details={"kind": kind, "names": names})
    return Reply(text=msg.MEETING_ATTENDANCE_SET.format(kind=msg.ATTENDANCE_KIND_LABELS.get(kind, kind.capitalize()),
                                                        names=", ".join(names),
                                                        when=meeting_when(meeting, zone=services.zone)),
                 tone="success")
