"""Finding the rows a command refers to: a body by name, a meeting by date, a case by dnr.

People name bodies loosely ("barn och unga", "BU", "utbildningsnämndens au"), so bodies are
matched on short name, then exact name, then fuzzily; an ambiguous or unknown name is a
``UserError`` listing what exists rather than a guess.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.errors import UserError
from handlers.parsing.dnr import Dnr
from handlers.scope import Scope
from storage.collation import sorted_swedish
from storage.models import Body, Case, Meeting
from storage.search.text import fold
from storage.tenancy import scoped


def find_body(session: Session, *, scope: Scope, name: str) -> Body:
    """The tenant's body best matching ``name``; refuses unknown names with the list of bodies."""
    bodies = session.scalars(scoped(select(Body), Body, tenant_id=scope.tenant.id)).all()
    wanted = fold(name.strip().strip('"'))
    for body in bodies:
        if fold(body.name) == wanted or (body.short_name and fold(body.short_name) == wanted):
            return body
    choices = {body.id: fold(body.name) for body in bodies}
    best = process.extractOne(wanted, choices, scorer=fuzz.WRatio, score_cutoff=86)
    if best is not None:
        return next(b for b in bodies if b.id == best[2])
    if not bodies:
        raise UserError(msg.BODY_NOT_FOUND.format(name=name) + " " + msg.BODY_LIST_EMPTY,
                        usage=msg.USAGE_BODY_NEW)
    known = ", ".join(sorted_swedish(b.name for b in bodies))
    raise UserError(msg.BODY_NOT_FOUND.format(name=name) + f" Organ som finns: {known}.", usage=msg.USAGE_BODY_SUFFIX)


def body_for(session: Session, *, scope: Scope, name: str | None) -> Body:
    """The named body, or the channel's bound body; refuses when neither is known."""
    if name:
        return find_body(session, scope=scope, name=name)
    if scope.body is not None:
        return scope.body
    raise UserError(msg.NO_BODY_HERE, usage=msg.NO_BODY_HINT)


def local_day_bounds(day: date, *, zone) -> tuple[datetime, datetime]:  # type: ignore[no-untyped-def]
    """Start and end of a calendar day in the organisation's zone."""
    start = datetime.combine(day, time(0, 0), tzinfo=zone)
    return start, start + timedelta(days=1)


def meeting_on(session: Session, *, scope: Scope, body: Body, day: date, zone) -> Meeting | None:  # type: ignore[no-untyped-def]
    """The body's meeting on ``day`` (local date), if any."""
    start, end = local_day_bounds(day, zone=zone)
    query = select(Meeting).where(Meeting.body_id == body.id, Meeting.starts_at >= start, Meeting.starts_at < end)
    return session.scalars(scoped(query, Meeting, tenant_id=scope.tenant.id).order_by(Meeting.starts_at)).first()


def next_meeting(session: Session, *, scope: Scope, body: Body, now: datetime) -> Meeting | None:
    """The body's next meeting that has not started yet (today's counts until midnight)."""
    start_of_today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    query = select(Meeting).where(Meeting.body_id == body.id, Meeting.starts_at >= start_of_today,
                                  Meeting.state != "inställt")  # a cancelled meeting is nobody's next meeting
    return session.scalars(scoped(query, Meeting, tenant_id=scope.tenant.id).order_by(Meeting.starts_at)).first()


def latest_meeting(session: Session, *, scope: Scope, body: Body, now: datetime) -> Meeting | None:
    """The body's most recent meeting that has started (the one whose protocol is due)."""
    query = select(Meeting).where(Meeting.body_id == body.id, Meeting.starts_at <= now)
    return session.scalars(scoped(query, Meeting, tenant_id=scope.tenant.id).order_by(Meeting.starts_at.desc())).first()


def get_or_create_case(session: Session, *, tenant_id: int, dnr: Dnr, title: str | None) -> Case:
    """The case with this dnr key, created on first mention with the spelling used."""
    with session.no_autoflush:  # nothing pending can change which case a key names
        case = session.scalars(select(Case).where(Case.tenant_id == tenant_id, Case.dnr_key == dnr.key)).first()
    if case is None:
        case = Case(tenant_id=tenant_id, dnr_key=dnr.key, dnr_written=dnr.display, title=title)
        session.add(case)
        session.flush()
    elif title and not case.title:
        case.title = title
    return case


def case_ids(session: Session, *, tenant_id: int, wanted: list[tuple[Dnr, str | None]],
             known: dict[str, tuple[int, str, bool]] | None = None) -> dict[str, tuple[int, str, bool]]:
    """``get_or_create_case`` for many dnr at once: ``{dnr key: (case id, dnr as written, has title)}``.

    An archive file names several cases; one SELECT … IN and one INSERT … RETURNING for all of them
    replace a select, an insert and a flush per §. The first mention of a key gives its spelling and
    title, as with one § at a time, and a case found without a title gets the first one offered.
    ``known`` is what the caller already learnt in this import run (its transactions committed):
    keys in it with a title cost no statement at all.
    """
    found: dict[str, tuple[int, str, bool]] = {}
    first: dict[str, tuple[Dnr, str | None]] = {}
    for dnr, title in wanted:
        if dnr.key in found or dnr.key in first:
            continue
        cached = (known or {}).get(dnr.key)
        if cached is not None and (cached[2] or not title):
            found[dnr.key] = cached
        else:
            first[dnr.key] = (dnr, title)
    if not first:
        return found
    rows = session.execute(select(Case.id, Case.dnr_key, Case.dnr_written, Case.title).where(
        Case.tenant_id == tenant_id, Case.dnr_key.in_(list(first))))
    untitled: list[dict[str, object]] = []
    for case_id, key, written, title in rows:
        offered = first.pop(key)[1]
        if not title and offered:
            untitled.append({"case_id": case_id, "new_title": offered})
        found[key] = (case_id, written, bool(title or offered))
    table = Case.__table__
    if untitled:
        session.execute(update(table).where(table.c.id == bindparam("case_id")).values(title=bindparam("new_title")),
                        untitled)
    if first:
        created = session.execute(
            insert(table).returning(table.c.id, table.c.dnr_key, sort_by_parameter_order=True),
            [{"tenant_id": tenant_id, "dnr_key": key, "dnr_written": dnr.display, "title": title}
             for key, (dnr, title) in first.items()])
        for case_id, key in created:
            dnr, title = first[key]
            found[key] = (case_id, dnr.display, bool(title))
    return found


def meeting_on_typed_date(value: str, *, session: Session, scope: Scope, body: Body, services) -> Meeting:  # type: ignore[no-untyped-def]
    """The body's meeting on a date as the user typed it, or a clear Swedish refusal."""
    from handlers.parsing.dates import parse_when

    when = parse_when(value, reference=services.now().date())
    if when is None:
        raise UserError(msg.DATE_UNREADABLE.format(text=value) + " " + msg.DATE_HINT)
    meeting = meeting_on(session, scope=scope, body=body, day=when.day, zone=services.zone)
    if meeting is None:
        raise UserError(msg.MEETING_NOT_FOUND.format(body=body.name, when=when.day.isoformat()))
    return meeting
