"""Issue 18 «The samverkan year», played from the terminal chat on seed 004.

The Trelleborg samverkansavtal is imported in June 2018; its styrgrupp plans the six meetings of
läsåret 2018/2019, the sammankallande sends a kallelse with a deadline that the bot keeps, a
meeting is cancelled and an extra one called at short notice, an arbetsgrupp keeps
minnesanteckningar, and the last meeting of the läsår carries «Uppföljning av samverkansavtalet».
Each step asserts what the record says, not only what the reply says.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.console import CONSOLE_TENANT
from handlers.archive.batch import import_file
from schedules.calendar import STOCKHOLM
from schedules.planning_pass import collect_plan
from storage.models import Agreement, Assignment, Body, Meeting, Membership, OutboxMessage, Person
from tests.conftest import seed_path

SECRETARY = "Kristina Kamsten"
CONVENER = "Linda Abrahamsson"
MEMBER = "Annikki Tinmark"
SG = "styrgrupp"
AE = "arbetsgrupp-elevhalsa"
FOLLOW_UP = "Uppföljning av samverkansavtalet"


def _day(meeting: Meeting) -> date:
    return meeting.starts_at.astimezone(STOCKHOLM).date()


def _meetings(services, body_name: str) -> dict[date, Meeting]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        body = session.scalars(select(Body).where(Body.name.like(f"{body_name}%"))).one()
        rows = session.scalars(select(Meeting).where(Meeting.body_id == body.id)).all()
        for row in rows:
            _ = [(i.title, i.position) for i in row.agenda]  # load the agenda before the session closes
        return {_day(m): m for m in rows}


def _notice_days(services, *, now: datetime) -> set[date]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        plan = collect_plan(session=session, tenant_id=1, now=now, horizon=now + timedelta(days=30),
                            changed_since=None)
    return {e.reminder.send_at.astimezone(STOCKHOLM).date() for e in plan.entries if e.reminder.kind == "meeting_notice"}


@pytest.mark.seeds
def test_a_lasar_of_the_trelleborg_styrgrupp(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    # June 2018: the agreement signed «Trelleborg den 18/5-18» is imported.
    clock.set(datetime(2018, 6, 1, 9, 0, tzinfo=UTC))
    path = seed_path("004")
    import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=path.name)
    chat("samverkan organ lista", user=SECRETARY, channel=SG)
    with services.sessions() as session, session.begin():
        agreement = session.scalars(select(Agreement)).one()
        styrgrupp = session.get(Body, agreement.body_id)
        assert styrgrupp is not None and agreement.meetings_per_year == 6
        secretary = session.scalars(select(Person).where(Person.platform_user_id == SECRETARY)).one()
        session.add(Membership(tenant_id=styrgrupp.tenant_id, body_id=styrgrupp.id, person_id=secretary.id,
                               role="sekreterare"))
        name = styrgrupp.name
    for line in (f'samverkan kanal "{name}"', f"samverkan medlem lägg till @{CONVENER} som sammankallande",
                 f"samverkan medlem lägg till @{MEMBER} som ledamot"):
        assert "✓" in chat(line, user=SECRETARY, channel=SG), line

    # «Planeringen för kommande läsår görs på styrgruppen sista möte»: six meetings, one line.
    planned = chat("mote serie datum 18/9, 20/11, 15/1, 19/3, 21/5, 11/6 kl. 13:00-15:00 plats Stadshuset",
                   user=SECRETARY, channel=SG)
    assert "6 möten" in planned and "Observera" not in planned, planned
    assert FOLLOW_UP in planned and "Påminnelse om att avtalet löper ut skickas 1 april 2021" in planned, planned
    year = _meetings(services, "Styrgrupp")
    assert sorted(year) == [date(2018, 9, 18), date(2018, 11, 20), date(2019, 1, 15), date(2019, 3, 19),
                            date(2019, 5, 21), date(2019, 6, 11)]
    assert [i.title for i in year[date(2019, 6, 11)].agenda] == [FOLLOW_UP]
    shown = chat("samverkan avtal", user=MEMBER, channel=SG)
    for words in ("Bildningsförvaltningen, Socialförvaltningen", "Löper ut: 30 juni 2021", "Kvalitetschef",
                  "Möten per läsår: 6", "11 juni 2019"):
        assert words in shown, (words, shown)

    # September: a member brings an ärende; the sammankallande sends the kallelse with a deadline.
    clock.set(datetime(2018, 9, 3, 8, 0, tzinfo=UTC))
    assert "✓" in chat("dagordning lägg till Brister i samverkan kring skolfrånvaro möte 2018-09-18",
                       user=MEMBER, channel=SG)
    kallelse = chat("mote kallelse 2018-09-18 ärenden senast 2018-09-10", user=CONVENER, channel=SG)
    assert "Kallelse:" in kallelse and "Brister i samverkan kring skolfrånvaro" in kallelse, kallelse
    assert date(2018, 9, 11) not in _notice_days(services, now=clock())  # no automatic kallelse as well
    with services.sessions() as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notice",
                                                           OutboxMessage.key.like("kallelse:%"))).one()
    clock.set(datetime(2018, 9, 12, 8, 0, tzinfo=UTC))
    late = chat("dagordning lägg till Gemensam fortbildning möte 2018-09-18", user=MEMBER, channel=SG)
    assert "20 november 2018" in late, late

    # November is cancelled: its agenda (the late ärende) goes to January; an extra meeting is called.
    clock.set(datetime(2018, 11, 1, 8, 0, tzinfo=UTC))
    assert "inställt" in chat("mote ställ in 2018-11-20 eftersom krock med nämnden", user=CONVENER, channel=SG)
    assert "Gemensam fortbildning" in chat("dagordning 2019-01-15", user=SECRETARY, channel=SG)
    clock.set(datetime(2018, 11, 26, 8, 0, tzinfo=UTC))
    extra = chat("mote extra 2018-11-29 kl. 10:00 plats Teams", user=CONVENER, channel=SG)
    assert "kallelsen skickas redan idag" in extra, extra
    assert date(2018, 11, 26) in _notice_days(services, now=clock())
    assert date(2018, 11, 13) not in _notice_days(services, now=datetime(2018, 11, 12, 8, 0, tzinfo=UTC))

    # The styrgrupp's arbetsgrupp keeps minnesanteckningar, with an agreed action.
    for line in (f'samverkan organ ny "Arbetsgrupp elevhälsa" kort AE typ arbetsgrupp under "{name}"',
                 "samverkan kanal AE", "mote ny 2018-12-04 kl. 09:00 plats Rådhuset",
                 "dagordning lägg till Kartläggning av elevhälsan"):
        assert "✓" in chat(line, user=SECRETARY, channel=AE), line
    clock.set(datetime(2018, 12, 4, 11, 0, tzinfo=UTC))
    assert "✓" in chat("mote anteckning 1: Skolorna har lämnat sina svar. möte 2018-12-04", user=SECRETARY, channel=AE)
    assert "✓" in chat("mote åtgärd 1 Annikki Tinmark: sammanställa svaren till styrgruppen senast 2019-01-10 "
                       "möte 2018-12-04", user=SECRETARY, channel=AE)
    minutes = chat("mote anteckningar 2018-12-04", user=SECRETARY, channel=AE)
    assert "Minnesanteckningar – Arbetsgrupp elevhälsa" in minutes and "Skolorna har lämnat sina svar" in minutes
    assert "§" not in minutes, minutes
    assert "minnesanteckningar" in chat("protokoll klart 2018-12-04", user=SECRETARY, channel=AE)
    with services.sessions() as session:
        action = session.scalars(select(Assignment).where(Assignment.kind == "åtgärd")).one()
        assert (action.assignee_name, str(action.due_on)) == (MEMBER, "2019-01-10")

    # The last meeting of the läsår still carries the yearly follow-up; the agreement's end is reminded.
    agenda = chat("dagordning 2019-06-11", user=SECRETARY, channel=SG)
    assert FOLLOW_UP in agenda, agenda
    assert FOLLOW_UP not in chat("dagordning 2018-12-04", user=SECRETARY, channel=AE)
    assert "inget samverkansavtal" in chat("samverkan avtal", user=SECRETARY, channel=AE)
    with services.sessions() as session:
        end = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("agreement:%"))).one()
        assert end.send_at.astimezone(STOCKHOLM).date() == date(2021, 4, 1)
        assert "löper ut 30 juni 2021" in str(end.payload)
