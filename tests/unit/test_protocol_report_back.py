"""Report-back: assignments reporting to a meeting put an item on its agenda, whichever came first."""

from __future__ import annotations

from sqlalchemy import select

from handlers.report_back import link_report_backs
from storage.models import AgendaItem, Assignment, Meeting
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_003_script


def test_meeting_created_after_the_decision_gets_the_report_back_items(chat, services) -> None:  # type: ignore[no-untyped-def]
    for line in seed_003_script(seed_path("003")):
        assert "✗" not in chat(line, user=SECRETARY, channel="bg"), line
    out = chat("mote ny 2022-06-03 kl. 9:00", user=SECRETARY, channel="bg")
    assert "✓" in out
    agenda = chat("dagordning 2022-06-03", user=SECRETARY, channel="bg")
    assert "Återrapportering: " in agenda and "(§ 1)" in agenda and "återrapportering" in agenda
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting).where(Meeting.place.is_(None)).order_by(Meeting.id.desc())).first()
        items = [i for i in meeting.agenda if i.kind == "återrapportering"]
        assert items and all(i.source_assignment_id for i in items)
        linked = session.scalars(select(Assignment).where(Assignment.report_to_meeting_id == meeting.id)).all()
        assert {a.id for a in linked} == {i.source_assignment_id for i in items}
        assert link_report_backs(session, tenant_id=meeting.tenant_id, meeting=meeting, zone=services.zone) == 0


def test_assignment_recorded_after_the_meeting_is_linked(chat, services) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB',
                 "samverkan kanal Utbildningsnämndens arbetsutskott", "mote ny 2022-10-24 kl. 13:00",
                 "beslut registrera § 30 Samverkansmodell dnr UTB 22/30 möte 2022-10-24: att notera informationen"):
        assert "✗" not in chat(line, user=SECRETARY), line
    out = chat("uppdrag ny skolchef: ta fram förslag på samverkansmodell senast 20/10 återrapport till "
               "24/10 kl. 13", user=SECRETARY)
    assert "✓" in out, out
    with services.sessions() as session:
        item = session.scalars(select(AgendaItem).where(AgendaItem.kind == "återrapportering")).one()
        assert item.title == "Återrapportering: ta fram förslag på samverkansmodell"
        assignment = session.get(Assignment, item.source_assignment_id)
        assert assignment.report_to_meeting_id == item.meeting_id
    other = chat("uppdrag ny skolchef: annat senast 20/10", user=SECRETARY)
    assert "✓" in other
    with services.sessions() as session:
        assert len(session.scalars(select(AgendaItem).where(AgendaItem.kind == "återrapportering")).all()) == 1
