"""The agreement drives the year: the yearly follow-up and the reminder before the agreement ends.

Seed 004: «Uppföljning av samverkansavtalet ska ske årligen i samband sista styrgruppsmötet för
innevarande läsår» and «Utvärdering … ska ske vid utgången av läsåret 2020/2021». The imported
``Agreement`` row already holds the period and the body; once that body has a planned year, the
last meeting of each läsår gets the follow-up on its agenda and the body's channels get one
reminder a term before the period runs out — written when the year is planned, because that is
when the body has a channel to remind and meetings to put the item on.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers import messages as msg
from handlers.parsing.dates import format_date_sv
from handlers.protocol.delivery import post_to_channels
from handlers.reply import Reply
from schedules.calendar import at_local, working_day_on_or_before
from storage.models import AgendaItem, Agreement, Body, Meeting
from storage.tenancy import scoped

END_REMINDER_BEFORE = timedelta(days=90)  # a term ahead: time to evaluate and put a revision to the nämnder
_SCHOOL_YEAR = re.compile(r"\b(?P<a>\d{4})\s*/\s*(?P<b>\d{2}|\d{4})\b")
_YEAR = re.compile(r"\b(?P<y>(?:19|20)\d{2})\b")


def agreement_for(session: Session, *, tenant_id: int, body: Body) -> Agreement | None:
    """The newest agreement that set up this very body.

    Not its parent's: an arbetsgrupp under the styrgrupp neither meets six times a läsår nor owes
    the yearly follow-up, which is the styrgrupp's own (seed 004).
    """
    query = scoped(select(Agreement), Agreement, tenant_id=tenant_id).where(Agreement.body_id == body.id)
    return session.scalars(query.order_by(Agreement.id.desc())).first()


def period_end(period: str | None) -> date | None:
    """«läsåren 2018/2019 till läsåret 2020/2021» → 30 June 2021; «2023–2026» → 31 December 2026."""
    if not period:
        return None
    years = list(_SCHOOL_YEAR.finditer(period))
    if years:
        last = years[-1]
        first = int(last["a"])
        return date(first + 1, 6, 30)
    plain = list(_YEAR.finditer(period))
    return date(int(plain[-1]["y"]), 12, 31) if plain else None


def school_year_of(day: date) -> int:
    """The first calendar year of the läsår ``day`` belongs to (August–July)."""
    return day.year if day.month >= 8 else day.year - 1


def add_follow_ups(session: Session, *, tenant_id: int, body: Body, agreement: Agreement,
                   zone: ZoneInfo) -> list[Meeting]:
    """Put «Uppföljning av samverkansavtalet» on the last planned meeting of each läsår of the period.

    Idempotent: a meeting that already has the item is left alone, so planning again never doubles
    it; when a later meeting of the same läsår is planned (the spring after an autumn series), the
    item moves there, since the follow-up belongs to the last meeting and not to whichever was
    last when the autumn was planned.
    """
    end = period_end(agreement.period)
    meetings = session.scalars(scoped(select(Meeting), Meeting, tenant_id=tenant_id).where(
        Meeting.body_id == body.id, Meeting.state == "planerat").order_by(Meeting.starts_at)).all()
    last: dict[int, Meeting] = {}
    for meeting in meetings:
        day = meeting.starts_at.astimezone(zone).date()
        if end is None or day <= end:
            last[school_year_of(day)] = meeting
    for meeting in meetings:
        day = meeting.starts_at.astimezone(zone).date()
        if last.get(school_year_of(day)) is not meeting:
            _drop_follow_up(meeting)
    changed = []
    for meeting in last.values():
        if any(item.title == msg.AGREEMENT_FOLLOW_UP for item in meeting.agenda):
            continue
        meeting.agenda.append(AgendaItem(tenant_id=tenant_id, position=len(meeting.agenda) + 1,
                                         title=msg.AGREEMENT_FOLLOW_UP, kind="beslut",
                                         presenter=msg.AGREEMENT_FOLLOW_UP_PRESENTER))
        changed.append(meeting)
    session.flush()
    return changed


def _drop_follow_up(meeting: Meeting) -> None:
    kept = [item for item in meeting.agenda if item.title != msg.AGREEMENT_FOLLOW_UP]
    if len(kept) != len(meeting.agenda):
        meeting.agenda[:] = kept
        for position, item in enumerate(kept, start=1):
            item.position = position


def schedule_end_reminder(session: Session, *, tenant_id: int, body: Body, agreement: Agreement,
                          today: date, zone: ZoneInfo) -> date | None:
    """One post to the body's channels a term before the agreement ends; returns its day (or None)."""
    end = period_end(agreement.period)
    if end is None or end <= today:
        return None
    day = max(working_day_on_or_before(day=end - END_REMINDER_BEFORE), today)
    reply = Reply(text=msg.AGREEMENT_ENDS.format(title=agreement.title, end=format_date_sv(end)))
    written = post_to_channels(session, tenant_id=tenant_id, body=body, key=f"agreement:{agreement.id}:end",
                               reply=reply, now=at_local(day=day, at=time(8, 0), zone=zone), kind="notice",
                               subject_type="body", subject_id=body.id)
    return day if written else None



def show_agreement(text: str, *, session: Session, scope, services) -> Reply:  # type: ignore[no-untyped-def]
    """``/samverkan avtal [ORGAN]``: what the imported agreement set up and what it asks of the year."""
    from handlers.lookups import body_for
    from handlers.reply import Fact, Section

    body = body_for(session, scope=scope, name=text.strip() or None)
    agreement = agreement_for(session, tenant_id=scope.tenant.id, body=body)
    if agreement is None:
        return Reply(text=msg.AGREEMENT_NONE.format(body=body.name))
    facts = [Fact(msg.AGREEMENT_PARTIES, ", ".join(agreement.parties or ()) or "–")]
    if agreement.period:
        facts.append(Fact(msg.AGREEMENT_PERIOD, agreement.period))
    end = period_end(agreement.period)
    if end is not None:
        facts.append(Fact(msg.AGREEMENT_END, format_date_sv(end)))
    if agreement.meetings_per_year:
        facts.append(Fact(msg.AGREEMENT_MEETINGS, str(agreement.meetings_per_year)))
    if agreement.signed_on:
        facts.append(Fact(msg.AGREEMENT_SIGNED, format_date_sv(agreement.signed_on)))
    sections = []
    if agreement.member_functions:
        sections.append(Section(heading=msg.AGREEMENT_SEATS, lines=tuple(agreement.member_functions)))
    follow = [m for m in session.scalars(scoped(select(Meeting), Meeting, tenant_id=scope.tenant.id).where(
        Meeting.body_id == body.id, Meeting.state == "planerat").order_by(Meeting.starts_at))
        if any(item.title == msg.AGREEMENT_FOLLOW_UP for item in m.agenda)]
    if follow:
        sections.append(Section(heading=msg.AGREEMENT_FOLLOW_UP, lines=tuple(
            format_date_sv(m.starts_at.astimezone(services.zone).date()) for m in follow)))
    return Reply(title=msg.AGREEMENT_TITLE.format(title=agreement.title), facts=tuple(facts),
                 sections=tuple(sections), context=msg.AGREEMENT_BODY.format(body=body.name))
