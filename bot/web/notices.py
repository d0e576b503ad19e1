"""What the public anslagstavla shows: tillkännagivanden of justerade protocols and kallelser.

Everything is computed from the clock at request time: a notice is up from the anslag day to
the nedtagande day (anslag + three weeks, kommunallagen 13 kap. 5 §) and is in the archive list
the day after. No job takes notices down, so a stopped scheduler can never leave one up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from bot.web import queries as q
from schedules.calendar import APPEAL_PERIOD, appeal_last_day
from storage.models import Body, Meeting

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


def _numbers(session: Session | Connection, *, tenant_id: int, meeting_ids: list[int]) -> dict[int, list[int]]:
    """§ numbers per meeting in at most two queries (a board page must not cost a query per notice)."""
    out: dict[int, list[int]] = {mid: [] for mid in meeting_ids}
    if not meeting_ids:
        return out
    gaps = []
    for meeting_id, low, high, count in session.execute(q.SPANS, {"tenant_id": tenant_id, "ids": meeting_ids}):
        if high - low + 1 == count:
            out[meeting_id] = list(range(low, high + 1))
        else:
            gaps.append(meeting_id)
    if gaps:
        for meeting_id, number in session.execute(q.NUMBERS, {"tenant_id": tenant_id, "ids": gaps}):
            out[meeting_id].append(number)
    return out


def _notice(row: Row[Any], numbers: list[int], *, zone: ZoneInfo) -> Notice:
    posted: date = row.posted_on
    taken_down = row.taken_down_on or posted + APPEAL_PERIOD
    return Notice(
        meeting_id=row.id, body_name=row.body_name, meeting_date=row.starts_at.astimezone(zone).date(),
        paragraphs=paragraph_span(numbers),
        adjusted_on=row.adjusted_at.astimezone(zone).date() if row.adjusted_at else None,
        posted_on=posted, taken_down_on=taken_down,
        appeal_ends_on=row.appeal_ends_on or appeal_last_day(posted_on=posted),
        storage_place=row.storage_place or row.body_storage or f"{row.body_name}s kansli",
        updated=row.adjusted_at or datetime.combine(posted, datetime.min.time(), tzinfo=zone),
    )


def _build(session: Session | Connection, rows: list[Row[Any]], *, tenant_id: int, zone: ZoneInfo) -> list[Notice]:
    numbers = _numbers(session, tenant_id=tenant_id, meeting_ids=[r.id for r in rows])
    return [_notice(r, numbers[r.id], zone=zone) for r in rows]


def current_notices(session: Session | Connection, *, tenant_id: int, today: date, zone: ZoneInfo) -> list[Notice]:
    """Notices up today: posted on or before today, not yet taken down (an indexed date window)."""
    rows = list(session.execute(q.CURRENT, {"tenant_id": tenant_id, "today": today, "since": today - MAX_UP}))
    return [n for n in _build(session, rows, tenant_id=tenant_id, zone=zone) if today <= n.taken_down_on]


def archived_notices(session: Session | Connection, *, tenant_id: int, today: date, zone: ZoneInfo) -> list[Notice]:
    """Notices already taken down, newest first, at most ``ARCHIVE_LIMIT``."""
    out: list[Notice] = []
    offset = 0
    while len(out) < ARCHIVE_LIMIT:
        rows = list(session.execute(q.ARCHIVE, {"tenant_id": tenant_id, "today": today, "limit": ARCHIVE_LIMIT,
                                                "offset": offset}))
        out += [n for n in _build(session, rows, tenant_id=tenant_id, zone=zone) if today > n.taken_down_on]
        if len(rows) < ARCHIVE_LIMIT:
            break
        offset += ARCHIVE_LIMIT
    return out[:ARCHIVE_LIMIT]


def summonses(session: Session | Connection, *, tenant_id: int, now: datetime, zone: ZoneInfo) -> list[Summons]:
    """Kallelser of public bodies' meetings that have not started yet, soonest first."""
    rows = list(session.execute(q.SUMMONSES, {"tenant_id": tenant_id, "now": now}))
    agenda: dict[int, list[str]] = {r.id: [] for r in rows}
    if rows:
        for meeting_id, title in session.execute(q.AGENDA, {"tenant_id": tenant_id, "ids": list(agenda)}):
            agenda[meeting_id].append(title)
    return [Summons(meeting_id=r.id, body_name=r.body_name, starts_at=r.starts_at.astimezone(zone),
                    has_time=r.has_time, place=r.place, agenda=tuple(agenda[r.id])) for r in rows]


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


