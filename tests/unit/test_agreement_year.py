"""The agreement drives the year (issue 18): seed 004, the Trelleborg samverkansavtal, imported;
its styrgrupp then plans a läsår and gets «Uppföljning av samverkansavtalet» on the last meeting of
each läsår of the period, and a reminder before the agreement runs out."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.console import CONSOLE_TENANT
from handlers.agreement_year import period_end
from handlers.archive.batch import import_file
from schedules.calendar import STOCKHOLM
from storage.models import Agreement, Body, Meeting, Membership, OutboxMessage, Person
from tests.conftest import seed_path

SECRETARY = "Kristina Kamsten"
BODY = "Styrgrupp Bildningsförvaltningen–Socialförvaltningen"


def test_period_end_reads_school_years_and_calendar_years() -> None:
    assert period_end("läsåren 2018/2019 till läsåret 2020/2021") == date(2021, 6, 30)
    assert period_end("åren 2023–2026") == date(2026, 12, 31)
    assert period_end(None) is None


@pytest.mark.seeds
def test_seed_004_gives_the_follow_up_and_the_end_reminder(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("004")
    clock.set(datetime(2018, 6, 1, 9, 0, tzinfo=UTC))  # signed 18/5-18; the first läsår is planned in June
    import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=path.name)
    chat("samverkan organ lista", user=SECRETARY)  # the secretary is seen in chat once
    with services.sessions() as session, session.begin():
        agreement = session.scalars(select(Agreement)).one()
        body = session.scalars(select(Body).where(Body.id == agreement.body_id)).one()
        assert body.name == BODY and agreement.meetings_per_year == 6
        assert agreement.parties == ["Bildningsförvaltningen", "Socialförvaltningen"]
        assert period_end(agreement.period) == date(2021, 6, 30)
        seats = session.scalars(select(Membership.function).where(Membership.body_id == body.id)).all()
        assert "Kvalitetschef" in seats and len(seats) == 6
        person = session.scalars(select(Person).where(Person.platform_user_id == SECRETARY)).one()
        session.add(Membership(tenant_id=body.tenant_id, body_id=body.id, person_id=person.id, role="sekreterare"))
    assert "✓" in chat(f'samverkan kanal "{BODY}"', user=SECRETARY)
    answer = chat("mote serie läsår 2018/2019 tredje tisdagen varje månad utom juli kl. 13:00 antal 5",
                  user=SECRETARY)
    assert "avtalet anger 6 möten per läsår, serien har 5" in answer, answer
    assert "Uppföljning av samverkansavtalet" in answer and "18 december 2018" in answer, answer
    answer = chat("mote serie datum 2019-01-15, 2019-06-11 kl. 13:00", user=SECRETARY)
    assert "11 juni 2019" in answer, answer
    with services.sessions() as session:
        meetings = session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        follow = [m.starts_at.astimezone(STOCKHOLM).date() for m in meetings
                  if any(i.title == "Uppföljning av samverkansavtalet" for i in m.agenda)]
        # the autumn series ended in December; once June is planned, the follow-up moves to June
        assert follow == [date(2019, 6, 11)]
        ends = session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("agreement:%"))).all()
        assert len(ends) == 1 and ends[0].send_at.astimezone(STOCKHOLM).date() == date(2021, 4, 1)  # 90 days before 30 June
    reply = chat("dagordning 2019-06-11", user=SECRETARY)
    assert "Uppföljning av samverkansavtalet" in reply and "förvaltningscheferna" in reply, reply
