"""Writing what a protocol says about its body and its meeting.

An archived protocol is the final record: when it states a justering date, the meeting is
justerat, every justerare has signed and the paragraphs are locked, exactly as if the whole
justering had happened in chat. Names are kept as written (no Person rows are invented from a
header: the same name spelt two ways in two protocols must not become two members).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from handlers.archive.model import ParsedMeeting, ParsedPerson
from storage.models import Adjustment, Attendance, Body, Meeting

APPEAL_PERIOD = timedelta(weeks=3)
_KIND_WORDS = (
    ("arbetsutskott", "arbetsutskott"), ("styrgrupp", "styrgrupp"), ("beredningsgrupp", "beredningsgrupp"),
    ("strategigrupp", "strategigrupp"), ("arbetsgrupp", "arbetsgrupp"), ("samverkansforum", "samverkansforum"),
    ("nätverk", "nätverk"), ("chefer", "nätverk"), ("nämnd", "nämnd"), ("styrelse", "nämnd"),
)


def guess_kind(name: str) -> str:
    """The body kind a name implies ("Utbildningsnämndens arbetsutskott" is an arbetsutskott, not a nämnd)."""
    lowered = name.lower()
    return next((kind for word, kind in _KIND_WORDS if word in lowered), "organ")


_RENAMED = ((re.compile(r"^landstinget\b"), "region"), (re.compile(r"^landstings"), "region"),
            (re.compile(r"\blandstingets\b"), "regionens"))
"""Landstingen became regions (2019–2020): «Landstingsstyrelsen» and «Regionstyrelsen» are one body."""


def body_key(name: str) -> str:
    """The name a body is matched by: case, spacing, dashes and the landsting → region rename ignored."""
    key = " ".join(name.replace("–", "-").lower().split())
    for pattern, replacement in _RENAMED:
        key = pattern.sub(replacement, key)
    return key


def find_or_create_body(session: Session, *, tenant_id: int, name: str, kind: str | None = None) -> Body:
    """The tenant's body with this name (as ``body_key`` compares them), created on first import."""
    name = " ".join(name.split())[:200]
    exact = session.scalars(select(Body).where(Body.tenant_id == tenant_id, Body.name == name)).first()
    if exact is not None:
        return exact
    # Unicode-aware case folding in Python (SQLite's lower() knows only ASCII), over (id, name)
    # pairs rather than ORM objects: a new body is met often in a large archive, and loading every
    # Body of the tenant as an object each time grew with the archive.
    wanted = body_key(name)
    for body_id, other in session.execute(select(Body.id, Body.name).where(Body.tenant_id == tenant_id)):
        if body_key(other) == wanted:
            found = session.get(Body, body_id)
            if found is not None:
                return found
    body = Body(tenant_id=tenant_id, name=name, kind=kind or guess_kind(name), settings={})
    session.add(body)
    session.flush()
    return body


def write_meeting(session: Session, *, tenant_id: int, body: Body, parsed: ParsedMeeting, zone: ZoneInfo,
                  source_document_id: int) -> Meeting:
    """The meeting row with its attendance and justering; ``parsed.day`` must be known.

    A filed protocol that states when it was justerad records a finished justering ("Protokollet
    är justerat", the justerare's signature), so that date is taken as done, not as planned.
    """
    assert parsed.day is not None
    adjusted = parsed.adjusted_at is not None
    meeting = Meeting(
        tenant_id=tenant_id, body_id=body.id, source_document_id=source_document_id,
        starts_at=datetime.combine(parsed.day, parsed.start or time(0), tzinfo=zone), has_time=parsed.start is not None,
        ends_at=datetime.combine(parsed.day, parsed.end, tzinfo=zone) if parsed.end else None,
        place=_cut(parsed.place, 200), state="justerat" if adjusted else "genomfört",
        adjustment_place_time=_cut(parsed.adjustment_place_time, 200),
        adjusted_at=_aware(parsed.adjusted_at, zone) if adjusted and parsed.adjusted_at else None,
        posted_on=parsed.posted_on, taken_down_on=parsed.taken_down_on, appeal_ends_on=_appeal_end(parsed.posted_on),
        storage_place=_cut(parsed.storage_place, 200), chair_name=_cut(parsed.chair, 200),
        secretary_name=_cut(parsed.secretary, 200), next_meeting_text=_cut(parsed.next_meeting, 200),
    )
    session.add(meeting)
    session.flush()
    # Core executemany: a header lists dozens of people, and one statement per name is most of a file's cost.
    rows = [_attendance(tenant_id, meeting.id, kind, person)
            for kind, people in (("beslutande", parsed.decision_makers), ("övrig", parsed.others_present),
                                 ("frånvarande", parsed.absent)) for person in people]
    if rows:
        session.execute(insert(Attendance), rows)
    adjustments = [{"tenant_id": tenant_id, "meeting_id": meeting.id, "name": _cut(name, 200) or name,
                    "state": "justerad" if adjusted else "väntar", "decided_at": meeting.adjusted_at}
                   for name in parsed.adjusters]
    if adjustments:
        session.execute(insert(Adjustment), adjustments)
    return meeting


def _attendance(tenant_id: int, meeting_id: int, kind: str, person: ParsedPerson) -> dict[str, object]:
    return {"tenant_id": tenant_id, "meeting_id": meeting_id, "name": _cut(person.name, 200) or person.name,
            "kind": kind, "role": _cut(person.role, 64), "party": _cut(person.party, 32),
            "organisation": _cut(person.organisation, 200)}


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    """Protocol times are local wall-clock times of the organisation."""
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _appeal_end(posted_on: date | None) -> date | None:
    """The överklagandetid runs three weeks from the day the anslag went up."""
    return posted_on + APPEAL_PERIOD if posted_on else None


def _cut(value: str | None, length: int) -> str | None:
    return value[:length] if value else value
