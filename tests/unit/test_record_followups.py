"""Loose ends of the record: large § numbers in extracts, cancelled uppdrag leave the agenda, and a
decision whose deadline falls after its report-back meeting says so when it is recorded."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AgendaItem, Assignment

SECRETARY = "Kristina Kamsten"


def _setup(chat) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
                 "samverkan kanal UTB", "mote ny 2022-03-30 kl. 13:00", "mote ny 2022-05-10 kl. 09:00"):
        assert "✗" not in chat(line, user=SECRETARY), line


def test_an_extract_of_a_paragraph_numbered_beyond_9999(chat) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat("beslut registrera § 10000 Stort nummer möte 2022-03-30: att godkänna", user=SECRETARY)
    extract = chat("protokoll utdrag § 10000 2022", user=SECRETARY)
    assert "Stort nummer" in extract and "§ 10000" in extract, extract


def test_an_uppdrag_cancelled_by_ersatt_leaves_the_agenda_of_a_meeting_to_come(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat("beslut registrera § 5 Lokaler möte 2022-03-30: 1. uppdra åt skolchef att utreda lokalerna "
                       "senast 2022-05-01 och återrapportera till arbetsutskottet 2022-05-10. 2. att godkänna",
                       user=SECRETARY)
    with services.sessions() as session:
        assert [i.title for i in session.scalars(select(AgendaItem))][0].startswith("Återrapportering")
    replaced = chat("beslut registrera § 5 Lokaler möte 2022-03-30 ersätt: att godkänna", user=SECRETARY)
    assert "✓" in replaced, replaced
    with services.sessions() as session:
        assert session.scalars(select(Assignment)).one().status == "cancelled"
        assert not session.scalars(select(AgendaItem)).all()  # nothing left to report at the meeting


def test_recording_a_deadline_after_its_report_back_meeting_is_flagged(chat) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    answer = chat("beslut registrera § 6 Enkät möte 2022-03-30: 1. uppdra åt skolchef att genomföra enkäten "
                  "senast 2022-06-01 och återrapportera till arbetsutskottet 2022-05-10.", user=SECRETARY)
    assert "§ 6" in answer and "Observera" in answer, answer
