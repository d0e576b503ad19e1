"""The kallelse the sammankallande sends (issue 18, seed 004: «Sammankallande ansvarar för att ta
emot ärende …, sammanställa dagordning för och skicka kallelse»): sent by hand it replaces the
automatic one, it carries the agenda and a deadline for ärenden, and the bot keeps that deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from schedules.calendar import STOCKHOLM
from schedules.planning_pass import collect_plan
from storage.models import AgendaItem, Meeting, OutboxMessage

SECRETARY = "Kristina Kamsten"
CONVENER = "Linda Abrahamsson"
MEMBER = "Annikki Tinmark"


def _setup(chat, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 9, 1, 9, 0, tzinfo=UTC))
    for line in ('samverkan organ ny "Styrgrupp Bildningsförvaltningen–Socialförvaltningen" kort SG typ styrgrupp',
                 "samverkan kanal SG", f"samverkan medlem lägg till @{CONVENER} som sammankallande",
                 f"samverkan medlem lägg till @{MEMBER} som ledamot",
                 "mote serie datum 2025-10-21, 2025-11-18 kl. 13:00-15:00 plats Stadshuset"):
        assert "✓" in chat(line, user=SECRETARY), line
    assert "✓" in chat("dagordning lägg till Uppföljning av elevhälsan möte 2025-10-21", user=MEMBER)


def _notice_kinds(services, *, meeting_day: date) -> list[str]:  # type: ignore[no-untyped-def]
    now = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
    with services.sessions() as session:
        plan = collect_plan(session=session, tenant_id=1, now=now, horizon=now + timedelta(days=60),
                            changed_since=None)
        ids = {m.id: m.starts_at.astimezone(STOCKHOLM).date() for m in session.scalars(select(Meeting))}
    return [e.reminder.kind for e in plan.entries
            if e.reminder.subject_type == "meeting" and ids[e.reminder.subject_id] == meeting_day]


def test_the_automatic_kallelse_is_the_default(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    assert "meeting_notice" in _notice_kinds(services, meeting_day=date(2025, 10, 21))


def test_the_sammankallande_sends_the_kallelse_with_agenda_and_deadline(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    clock.set(datetime(2025, 10, 6, 8, 0, tzinfo=UTC))
    answer = chat("mote kallelse 2025-10-21 ärenden senast 2025-10-13", user=CONVENER)
    assert "Kallelse: Styrgrupp" in answer and "Uppföljning av elevhälsan" in answer, answer
    assert "Ärenden senast" in answer and "13 oktober 2025" in answer and "Stadshuset" in answer, answer
    with services.sessions() as session:
        posted = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notice")).all()
        assert len(posted) == 1 and "Uppföljning av elevhälsan" in str(posted[0].payload)
    kinds = _notice_kinds(services, meeting_day=date(2025, 10, 21))
    assert kinds == []  # sent by hand: no automatic kallelse, and no call for ärenden after its deadline
    assert "meeting_notice" in _notice_kinds(services, meeting_day=date(2025, 11, 18))


def test_an_ordinary_member_cannot_send_the_kallelse(chat, clock) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    assert "✗" in chat("mote kallelse 2025-10-21", user=MEMBER)


def test_a_late_arende_goes_to_the_next_meeting_unless_the_sammankallande_says_yes(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    clock.set(datetime(2025, 10, 6, 8, 0, tzinfo=UTC))
    chat("mote kallelse 2025-10-21 ärenden senast 2025-10-13", user=CONVENER)
    clock.set(datetime(2025, 10, 12, 8, 0, tzinfo=UTC))
    assert "Punkt 2" in chat("dagordning lägg till I tid möte 2025-10-21", user=MEMBER)
    clock.set(datetime(2025, 10, 14, 8, 0, tzinfo=UTC))
    late = chat("dagordning lägg till För sent möte 2025-10-21", user=MEMBER)
    assert "stängde" in late and "18 november 2025" in late, late
    yes = chat("dagordning lägg till Brådskande ärende möte 2025-10-21", user=CONVENER)
    assert "sammankallandes ja" in yes, yes
    with services.sessions() as session:
        placed = {i.title: i.meeting.starts_at.astimezone(STOCKHOLM).date() for i in session.scalars(select(AgendaItem))}
    assert placed == {"Uppföljning av elevhälsan": date(2025, 10, 21), "I tid": date(2025, 10, 21),
                      "För sent": date(2025, 11, 18), "Brådskande ärende": date(2025, 10, 21)}


def test_a_deadline_after_the_meeting_is_refused(chat, clock) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    answer = chat("mote kallelse 2025-10-21 ärenden senast 2025-10-25", user=CONVENER)
    assert "✗" in answer and "före mötet" in answer, answer
