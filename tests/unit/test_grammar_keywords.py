"""Typed one-line commands never swallow words of a title or task (issue: «forms lose words»).

Every keyword of the grammar is put inside a title or task. Quoted, the text is stored exactly
as given whatever it contains; unquoted, a keyword only counts when a value of its kind follows
(«Inför möte med regionen» is a title, «möte 2022-04-10» a meeting).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from storage.models import AgendaItem, Assignment, Paragraph

SECRETARY = "Kristina Kamsten"
KEYWORDS = ("möte", "mote", "dnr", "organ", "föredragande", "beslut", "information", "info", "senast", "deadline",
            "återrapport till", "rapportera till", "grupp", "strategigrupp", "förslag", "skickas till", "underlag",
            "sekretess", "ersätt", "paragraf", "kort", "typ", "under", "plats", "att", "1.", "§", ":", "-", "förslag:",
            "beslut:", ": att", "skickas till:", "underlag:", "dnr:", "möte:", "möte 2022-04-10", "senast 30/3")
PLAIN = ("regionen", "lokalerna", "skolan", "om", "med", "inför", "möjligt", "Kim", "2022", "30/3", "UTB", "SG")
texts = st.lists(st.sampled_from(KEYWORDS + PLAIN), min_size=1, max_size=9).map(" ".join).filter(
    lambda t: t.strip(" :-§.") != "" and not t.strip().startswith(("§", "-", ":", "1.")))


def _setup(chat) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott',
                 "samverkan kanal UTB", 'samverkan organ ny "Strategigrupp barn och unga" kort SG typ strategigrupp',
                 "mote ny 2022-04-10 kl. 10:00", "mote ny 2022-03-30 kl. 13:00"):
        assert "✗" not in chat(line, user=SECRETARY), line


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts)
def test_a_quoted_agenda_title_is_stored_exactly(chat, services, title: str) -> None:  # type: ignore[no-untyped-def]
    _ensure(chat, services)
    answer = chat(f'dagordning lägg till “{title}” möte 2022-04-10 information', user=SECRETARY)
    assert "✓" in answer, answer
    with services.sessions() as session:
        stored = session.scalars(select(AgendaItem).order_by(AgendaItem.id.desc())).first()
    assert stored.title == title and stored.kind == "information"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(task=texts)
def test_a_quoted_task_is_stored_exactly(chat, services, task: str) -> None:  # type: ignore[no-untyped-def]
    _ensure(chat, services)
    answer = chat(f'uppdrag ny Kim Karlsson: «{task}» senast 2022-04-20', user=SECRETARY)
    assert "✓" in answer or "!" in answer, answer
    with services.sessions() as session:
        stored = session.scalars(select(Assignment).order_by(Assignment.id.desc())).first()
        body = stored.body.short_name
    assert stored.task == task and stored.due_on.isoformat() == "2022-04-20"
    assert body == "UTB"  # «grupp SG» inside the task moves nothing


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts)
def test_a_quoted_decision_title_is_stored_exactly(chat, services, title: str) -> None:  # type: ignore[no-untyped-def]
    _ensure(chat, services)
    answer = chat(f'beslut registrera "{title}" möte 2022-03-30: att godkänna', user=SECRETARY)
    assert "✓" in answer, answer
    with services.sessions() as session:
        stored = session.scalars(select(Paragraph).order_by(Paragraph.id.desc())).first()
        clauses = [c.text for c in stored.clauses]
    assert stored.title == title and clauses in (["godkänna"], ["att godkänna"]), (stored.title, clauses)


def test_unquoted_keywords_without_a_value_of_their_kind_stay_in_the_text(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat("dagordning lägg till Inför möte med regionen", user=SECRETARY)
    assert "✓" in chat("uppdrag ny Kim Karlsson: ringa skolan senast möjligt om lokalerna senast 2022-04-20",
                       user=SECRETARY)
    assert "✓" in chat("dagordning lägg till Rutin för dnr-hantering möte 2022-04-10", user=SECRETARY)
    with services.sessions() as session:
        titles = [i.title for i in session.scalars(select(AgendaItem).order_by(AgendaItem.id))]
        task = session.scalars(select(Assignment)).one()
    assert titles == ["Inför möte med regionen", "Rutin för dnr-hantering"]
    assert task.task == "ringa skolan senast möjligt om lokalerna" and task.due_on.isoformat() == "2022-04-20"


def _ensure(chat, services) -> None:  # type: ignore[no-untyped-def]
    from storage.models import Body

    with services.sessions() as session:
        ready = session.scalars(select(Body)).first() is not None
    if not ready:
        _setup(chat)
