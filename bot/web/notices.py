"""What the public anslagstavla shows: tillkännagivanden of justerade protocols and kallelser.

Everything is computed from the clock at request time: a notice is up from the anslag day to
the nedtagande day (anslag + three weeks, kommunallagen 13 kap. 5 §) and is in the archive list
the day after. No job takes notices down, so a stopped scheduler can never leave one up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from schedules.calendar import APPEAL_PERIOD, appeal_last_day
from storage.models import AgendaItem, Body, Meeting, Paragraph

ARCHIVE_LIMIT = 200
# Longest a notice can be up: three weeks plus the closed days the appeal period may be moved past.
MAX_UP = timedelta(days=42)


@dataclass(frozen=True)
class Notice:
    """One tillkännagivande: the facts the law asks for, in display-ready form."""

    meeting_id: int
    body_name: str
    meeting_date: date
    paragraphs: str
    adjusted_on: date | None
    posted_on: date
    taken_down_on: date
    appeal_ends_on: date
    storage_place: str
    updated: datetime


@dataclass(frozen=True)
class Summons:
    """A kallelse to a public meeting, shown until the meeting starts."""

    meeting_id: int
    body_name: str
    starts_at: datetime
    has_time: bool
    place: str | None
    agenda: tuple[str, ...]


def paragraph_span(numbers: list[int]) -> str:
    """"§ 19", "§§ 17–23" or "§§ 1, 3, 5": how a notice names the paragraphs it covers."""
    numbers = sorted(set(numbers))
    if not numbers:
        return "–"
    if len(numbers) == 1:
        return f"§ {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"§§ {numbers[0]}–{numbers[-1]}"
    return "§§ " + ", ".join(str(n) for n in numbers)


def _numbers(session: Session, *, tenant_id: int, meeting_ids: list[int]) -> dict[int, list[int]]:
    """§ numbers per meeting in one query (a board page must not cost a query per notice)."""
    out: dict[int, list[int]] = {mid: [] for mid in meeting_ids}
    if meeting_ids:
        rows = session.execute(select(Paragraph.meeting_id, Paragraph.number).where(
            Paragraph.tenant_id == tenant_id, Paragraph.meeting_id.in_(meeting_ids), Paragraph.number.is_not(None)))
        for meeting_id, number in rows:
            out[meeting_id].append(number)
    return out


def _notice(meeting: Meeting, body: Body, numbers: list[int], *, zone: ZoneInfo) -> Notice:
    posted = meeting.posted_on
    assert posted is not None  # the queries only select posted meetings
    taken_down = meeting.taken_down_on or posted + APPEAL_PERIOD
    return Notice(
        meeting_id=meeting.id, body_name=body.name, meeting_date=meeting.starts_at.astimezone(zone).date(),
        paragraphs=paragraph_span(numbers),
        adjusted_on=meeting.adjusted_at.astimezone(zone).date() if meeting.adjusted_at else None,
        posted_on=posted, taken_down_on=taken_down,
        appeal_ends_on=meeting.appeal_ends_on or appeal_last_day(posted_on=posted),
        storage_place=meeting.storage_place or body.storage_place or f"{body.name}s kansli",
        updated=meeting.adjusted_at or datetime.combine(posted, datetime.min.time(), tzinfo=zone),
    )


def _posted(*, tenant_id: int):  # type: ignore[no-untyped-def]
    return (select(Meeting, Body).join(Body, Body.id == Meeting.body_id)
            .where(Meeting.tenant_id == tenant_id, Body.tenant_id == tenant_id, Body.is_public.is_(True),
                   Meeting.state == "justerat", Meeting.posted_on.is_not(None)))


def _build(session: Session, rows: list, *, tenant_id: int, zone: ZoneInfo) -> list[Notice]:  # type: ignore[type-arg]
    numbers = _numbers(session, tenant_id=tenant_id, meeting_ids=[m.id for m, _b in rows])
    return [_notice(m, b, numbers[m.id], zone=zone) for m, b in rows]


def current_notices(session: Session, *, tenant_id: int, today: date, zone: ZoneInfo) -> list[Notice]:
    """Notices up today: posted on or before today, not yet taken down (an indexed date window)."""
    stmt = _posted(tenant_id=tenant_id).where(Meeting.posted_on <= today, Meeting.posted_on >= today - MAX_UP)
    rows = [(m, b) for m, b in session.execute(stmt.order_by(Meeting.posted_on.desc(), Meeting.id.desc()))]
    return [n for n in _build(session, rows, tenant_id=tenant_id, zone=zone) if today <= n.taken_down_on]


def archived_notices(session: Session, *, tenant_id: int, today: date, zone: ZoneInfo) -> list[Notice]:
    """Notices already taken down, newest first, at most ``ARCHIVE_LIMIT``."""
    stmt = _posted(tenant_id=tenant_id).where(Meeting.posted_on <= today).order_by(
        Meeting.posted_on.desc(), Meeting.id.desc())
    out: list[Notice] = []
    offset = 0
    while len(out) < ARCHIVE_LIMIT:
        rows = [(m, b) for m, b in session.execute(stmt.offset(offset).limit(ARCHIVE_LIMIT))]
        out += [n for n in _build(session, rows, tenant_id=tenant_id, zone=zone) if today > n.taken_down_on]
        if len(rows) < ARCHIVE_LIMIT:
            break
        offset += ARCHIVE_LIMIT
    return out[:ARCHIVE_LIMIT]


def summonses(session: Session, *, tenant_id: int, now: datetime, zone: ZoneInfo) -> list[Summons]:
    """Kallelser of public bodies' meetings that have not started yet, soonest first."""
    stmt = (select(Meeting, Body).join(Body, Body.id == Meeting.body_id)
            .where(Meeting.tenant_id == tenant_id, Body.tenant_id == tenant_id, Body.is_public.is_(True),
                   Meeting.state == "planerat", Meeting.starts_at > now)
            .order_by(Meeting.starts_at).limit(50))
    out = []
    for meeting, body in session.execute(stmt):
        agenda = session.scalars(select(AgendaItem.title).where(AgendaItem.tenant_id == tenant_id,
                                                                AgendaItem.meeting_id == meeting.id)
                                 .order_by(AgendaItem.position)).all()
        out.append(Summons(meeting_id=meeting.id, body_name=body.name, starts_at=meeting.starts_at.astimezone(zone),
                           has_time=meeting.has_time, place=meeting.place, agenda=tuple(agenda)))
    return out


def public_meeting(session: Session, *, tenant_id: int, meeting_id: int) -> tuple[Meeting, Body] | None:
    """A justerat meeting of a public body of this tenant, or None (the protocol page's gate)."""
    row = session.execute(select(Meeting, Body).join(Body, Body.id == Meeting.body_id).where(
        Meeting.id == meeting_id, Meeting.tenant_id == tenant_id, Body.tenant_id == tenant_id,
        Body.is_public.is_(True), Meeting.state == "justerat")).first()
    return (row[0], row[1]) if row else None


def appeal_text(*, appeal_ends_on: date, posted_on: date) -> str:
    """Besvärshänvisning for laglighetsprövning (kommunallagen 13 kap.), in plain Swedish."""
    from bot.web.render import swedish_date

    return (
        "Den som är medlem i kommunen (eller regionen) får överklaga beslutet genom laglighetsprövning enligt "
        "13 kapitlet kommunallagen (2017:725). Överklagandet ska vara skriftligt, ange vilket beslut som "
        "överklagas och varför beslutet anses olagligt, och ges in till förvaltningsrätten. Det ska ha kommit "
        "in inom tre veckor från den dag då det tillkännagavs på anslagstavlan att protokollet justerats "
        f"({swedish_date(posted_on)}), det vill säga senast {swedish_date(appeal_ends_on)}. "
        "Beslut i ärenden som rör enskilda överklagas i stället enligt den lag som gäller för ärendet."
    )


