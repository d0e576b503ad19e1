"""Minnesanteckningar (issue 18): an arbetsgrupp under the styrgrupp of seed 004 keeps the lighter
record — points, notes, agreed actions — with no §, justering or anslag; a nämnd's arbetsutskott
keeps its protocol. The body's kind decides."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from handlers.minutes import build_minutes, render_minutes
from storage.models import Assignment, Meeting

SECRETARY = "Kristina Kamsten"


def _setup(chat, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2025, 10, 1, 9, 0, tzinfo=UTC))
    for line in ('samverkan organ ny "Arbetsgrupp elevhälsa" kort AE typ arbetsgrupp', "samverkan kanal AE",
                 "mote ny 2025-10-08 kl. 09:00-10:30 plats Rådhuset",
                 "dagordning lägg till Kartläggning av elevhälsan möte 2025-10-08",
                 "dagordning lägg till Rapport till styrgruppen möte 2025-10-08",
                 "mote närvaro övriga Lina Lindman, Anna Arvidson möte 2025-10-08"):
        assert "✓" in chat(line, user=SECRETARY), line


def test_an_arbetsgrupp_writes_minnesanteckningar_with_notes_and_actions(chat, clock, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    clock.set(datetime(2025, 10, 8, 11, 0, tzinfo=UTC))
    assert "✓" in chat("mote anteckning 1: Gruppen gick igenom enkätsvaren från skolorna. möte 2025-10-08",
                       user=SECRETARY)
    action = chat("mote åtgärd 1 Lina Lindman: sammanställa enkätsvaren senast 2025-11-30 möte 2025-10-08",
                  user=SECRETARY)
    assert "✓" in action and "30 november 2025" in action, action
    minutes = chat("mote anteckningar 2025-10-08", user=SECRETARY)
    assert "Minnesanteckningar – Arbetsgrupp elevhälsa" in minutes, minutes
    assert "Gruppen gick igenom enkätsvaren" in minutes and "Åtgärd: Lina Lindman: sammanställa enkätsvaren" in minutes
    assert "Rapport till styrgruppen" in minutes and "Inga anteckningar." in minutes
    assert "§" not in minutes and "justeras inte" in minutes, minutes
    with services.sessions() as session:
        uppdrag = session.scalars(select(Assignment)).one()
        assert (uppdrag.kind, uppdrag.status, str(uppdrag.due_on)) == ("åtgärd", "open", "2025-11-30")
        meeting = session.scalars(select(Meeting)).one()
        view = build_minutes(session, meeting, zone=services.zone)
    markdown = render_minutes(view, fmt="md").decode()
    assert markdown.startswith("# Minnesanteckningar") and "## 1. Kartläggning av elevhälsan" in markdown
    assert "Justera" not in markdown and "ANSLAG" not in markdown
    assert "<h2>1. Kartläggning av elevhälsan</h2>" in render_minutes(view, fmt="html").decode()
    assert "uppdrag" in chat("uppdrag lista", user=SECRETARY).lower()


def test_the_arbetsgrupp_has_no_justering(chat, clock) -> None:  # type: ignore[no-untyped-def]
    _setup(chat, clock)
    clock.set(datetime(2025, 10, 9, 9, 0, tzinfo=UTC))
    answer = chat("protokoll klart 2025-10-08", user=SECRETARY)
    assert "minnesanteckningar" in answer and "/mote anteckningar 2025-10-08" in answer, answer


def test_a_body_with_a_protocol_refuses_minnesanteckningar(chat, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))
    for line in ('samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
                 "samverkan kanal UTB", "mote ny 2022-03-30 kl. 13:00", "dagordning lägg till Ny samverkansmodell"):
        assert "✓" in chat(line, user=SECRETARY), line
    answer = chat("mote anteckning 1: Diskussion", user=SECRETARY)
    assert "✗" in answer and "för protokoll" in answer, answer
