"""Issue 18 from a stranger's side: sammanfattning, jäv, written uppdrag and expediering given bad input.

Each refusal must be a Swedish sentence with the way to do it, and leave nothing half-written.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from storage.models import Assignment, Paragraph
from storage.search import search_paragraphs

SECRETARY = "Kristina Kamsten"
MEMBER = "Annikki Tinmark"
CH = "sg"


@pytest.fixture
def styrgrupp(chat, clock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2019, 3, 1, 9, 0, tzinfo=UTC))
    for line in ('samverkan organ ny "Styrgrupp samverkan" kort SG typ styrgrupp', "samverkan kanal SG",
                 f"samverkan medlem lägg till @{MEMBER} som ledamot", "mote ny 2019-03-19 kl. 13:00"):
        assert "✓" in chat(line, user=SECRETARY, channel=CH), line
    clock.set(datetime(2019, 3, 19, 15, 0, tzinfo=UTC))
    return chat


def _count(services, model) -> int:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_sammanfattning_one_line_form_and_ersatt_keep_search_in_step(styrgrupp, services) -> None:  # type: ignore[no-untyped-def]
    chat = styrgrupp
    assert "✓" in chat("beslut registrera § 4 Gemensam fortbildning möte 2019-03-19: att anordna en dag "
                       "sammanfattning: Personalen efterfrågar kunskap om NPF-diagnoser.", user=SECRETARY, channel=CH)
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.body_text == "Personalen efterfrågar kunskap om NPF-diagnoser."
        assert [c.text for c in paragraph.clauses] == ["anordna en dag"]
    replaced = chat("beslut registrera § 4 Gemensam fortbildning ersätt möte 2019-03-19\n"
                    "sammanfattning: Rektorerna vill ha en studiedag om skolfrånvaro.\n\nAndra stycket.\n"
                    "beslut: att anordna en dag", user=SECRETARY, channel=CH)
    assert "Sammanfattningen ändrad" in replaced, replaced
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.body_text == "Rektorerna vill ha en studiedag om skolfrånvaro.\n\nAndra stycket."
        tenant = paragraph.tenant_id
        assert search_paragraphs(session, tenant_id=tenant, query="studiedag")
        assert not search_paragraphs(session, tenant_id=tenant, query="NPF-diagnoser")  # the old text left the index
    kept = chat("beslut registrera § 4 Gemensam fortbildning ersätt möte 2019-03-19: att anordna två dagar",
                user=SECRETARY, channel=CH)
    assert "Sammanfattningen ändrad" not in kept
    with services.sessions() as session:
        assert "studiedag" in (session.scalars(select(Paragraph)).one().body_text or "")  # not given: kept


def test_sammanfattning_too_long_is_refused_and_nothing_is_stored(styrgrupp, services) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch

    inv = replace(invocation_for("beslut registrera", user=SECRETARY, channel=CH),
                  form_values={"title": "Lång", "clauses": "att notera", "summary": "ord " * 6000,
                               "meeting": "2019-03-19"})
    answer = render_text(dispatch(inv, services=services))
    assert "högst 20000 tecken" in answer and "sammanfattning:" in answer, answer
    assert _count(services, Paragraph) == 0


@pytest.mark.parametrize(("line", "words"), [
    ("protokoll jäv", "Ange paragraf och namn"),
    ("protokoll jäv § 0 Annikki Tinmark", "inget paragrafintervall"),
    ("protokoll jäv §§ 5–3 Annikki Tinmark", "inget paragrafintervall"),
    ("protokoll jäv § 1", "Ange paragraf och namn"),
    ("protokoll ersättare §§ 1–2 Kalle Karlsson ersätter", "vem hen ersätter"),
    ("protokoll jäv ta bort § 1 Annikki Tinmark", "Inget jäv"),
    ("protokoll ersättare § 1 Kalle Karlsson", "vem hen ersätter"),
    ("protokoll ersättare § 1 Kalle Karlsson ersätter Okänd Person", "ingen plats"),
    ("protokoll mottaget", "Ange kvittensens nummer"),
    ("protokoll mottaget 999", "ingen expediering med nummer 999"),
    ("protokoll expediera", "Ingen paragraf"),
    ("uppdrag arbetsgrupp", "Ange arbetsgrupp och uppdrag"),
    ("uppdrag arbetsgrupp SG: göra något redovisas skriftligt till 2019-04-01", "annan grupp"),
    ("uppdrag arbetsgrupp AE: göra något redovisas snart till 2019-04-01", "säger inte hur"),
    ("uppdrag arbetsgrupp AE: göra något redovisas skriftligt till 2019-04-01", "ingen sammankallande"),
    ("uppdrag rapport 1", "Ange uppdragets nummer och länken"),
])
def test_bad_input_gets_a_swedish_answer_and_changes_nothing(styrgrupp, services, line, words) -> None:  # type: ignore[no-untyped-def]
    chat = styrgrupp
    assert "✓" in chat("beslut registrera § 1 Bidrag möte 2019-03-19: att bevilja", user=SECRETARY, channel=CH)
    assert "✓" in chat('samverkan organ ny "Arbetsgrupp elevhälsa" kort AE typ arbetsgrupp under SG',
                       user=SECRETARY, channel=CH)
    if "expediera" in line:
        chat("mote justerare Annikki Tinmark möte 2019-03-19", user=SECRETARY, channel=CH)
        chat("protokoll klart 2019-03-19", user=SECRETARY, channel=CH)
        chat("protokoll justera 2019-03-19", user=MEMBER, channel=CH)
    before = (_count(services, Assignment), _count(services, Paragraph))
    answer = chat(line, user=SECRETARY, channel=CH)
    assert answer.startswith("✗") and words in answer, answer
    assert "Traceback" not in answer
    assert (_count(services, Assignment), _count(services, Paragraph)) == before


def test_a_report_only_for_a_written_group_uppdrag(styrgrupp, services) -> None:  # type: ignore[no-untyped-def]
    chat = styrgrupp
    assert "✓" in chat("uppdrag ny Annikki Tinmark: ringa skolan senast 2019-04-01", user=SECRETARY, channel=CH)
    with services.sessions() as session:
        plain = session.scalars(select(Assignment)).one().id
    answer = chat(f"uppdrag rapport {plain} https://example.org/r.pdf", user=SECRETARY, channel=CH)
    assert "inget skriftligt uppdrag till en arbetsgrupp" in answer, answer
    with services.sessions() as session:
        assert session.get(Assignment, plain).report_link is None


def test_jav_can_be_taken_back(styrgrupp, services) -> None:  # type: ignore[no-untyped-def]
    chat = styrgrupp
    chat("beslut registrera § 1 Bidrag möte 2019-03-19: att bevilja", user=SECRETARY, channel=CH)
    assert "✓" in chat(f"protokoll jäv § 1 {MEMBER}", user=SECRETARY, channel=CH)
    assert "deltar inte i handläggningen" in chat("protokoll 2019-03-19", user=SECRETARY, channel=CH)
    assert "borttaget" in chat(f"protokoll jäv ta bort § 1 {MEMBER}", user=SECRETARY, channel=CH)
    assert "deltar inte i handläggningen" not in chat("protokoll 2019-03-19", user=SECRETARY, channel=CH)
