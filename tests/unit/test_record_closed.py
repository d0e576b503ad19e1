"""The record can be trusted (issue #15).

A justerat protocol is closed: no new or changed § except through the audited ``/beslut rätta``.
``ersätt`` rewrites a § in place, so the work done on its assignments (done, moved deadlines) and
the fields the new text does not repeat survive. The decision form keeps every word of a title.
§ numbers of five digits work and a negative one is a clear error.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from storage.models import Assignment, AuditEvent, Paragraph
from tests.scenarios.seed_scripts import SECRETARY

BODY = "Utbildningsnämndens arbetsutskott"
ORGAN = f'organ "{BODY}"'
JUSTERARE = "Lina Lindman"
CLAUSES = [
    "ge skolchef i uppdrag att ta fram en handlingsplan senast 2022-06-30",
    "ge förvaltningschef i uppdrag att utreda lokalbehovet senast 2022-09-30",
    "uppdra till kultursekreteraren att ordna en konferens senast 2022-10-31",
]


def _setup(chat) -> None:  # type: ignore[no-untyped-def]
    for line in (f'samverkan organ ny "{BODY}" kort UTB typ arbetsutskott', f"samverkan kanal {BODY}",
                 "mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte", f"mote justerare {JUSTERARE}"):
        assert "✓" in chat(line, user=SECRETARY), line


def _record(*, clauses: list[str], replace: bool = False, extra: str = "", title: str = "Ny samverkansmodell") -> str:
    lines = [f"beslut registrera § 19 {title}{' ersätt' if replace else ''}", "möte: 2022-03-30"]
    lines += [extra] if extra else []
    lines += ["beslut: Arbetsutskottet beslutar att"] + [f"{i}. {c}" for i, c in enumerate(clauses, start=1)]
    return "\n".join(lines)


def _full_record() -> str:
    return _record(clauses=CLAUSES, extra="dnr: UTB 22/30\nförslag: Förvaltningen föreslår en ny modell.\n"
                   "skickas till: Kent Ylvefson, skolchef; Rektorerna\nunderlag: Tjänsteskrivelse\nsekretess")


def _justera(chat, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    assert "✓" in chat("protokoll klart 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    assert "är justerat" in chat(f"protokoll justera 2022-03-30 {ORGAN}", user=JUSTERARE)


# --- 1. A justerat protocol is closed ------------------------------------------------------------------

def test_justerat_meeting_takes_no_new_or_changed_paragraph(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat(_record(clauses=CLAUSES), user=SECRETARY)
    _justera(chat, clock)

    attempts = [
        "beslut registrera Sent tillägg möte 2022-03-30: att notera informationen",  # explicit meeting, no §
        "beslut registrera Sent tillägg: att notera informationen",  # the latest meeting, chosen implicitly
        "beslut registrera § 20 Sent tillägg möte 2022-03-30: att notera informationen",  # explicit new §
        _record(clauses=["notera informationen"], replace=True),  # ersätt on the justerad §
    ]
    for line in attempts:
        refused = chat(line, user=SECRETARY)
        assert "✗" in refused and "/beslut rätta" in refused, (line, refused)
        assert "justera" in refused, refused
    with services.sessions() as session:
        rows = session.scalars(select(Paragraph)).all()
        assert [(p.number, p.locked) for p in rows] == [(19, True)]
        assert [c.text for c in rows[0].clauses] == CLAUSES

    fixed = [CLAUSES[0], CLAUSES[1].replace("lokalbehovet", "lokalbehoven"), CLAUSES[2]]
    assert "✓" in chat("beslut rätta § 19 2022: att " + "; att ".join(fixed), user=SECRETARY)

    # A later, open meeting still takes decisions.
    assert "✓" in chat("mote ny 2022-04-20 kl. 13:00", user=SECRETARY)
    assert "✓" in chat("beslut registrera Nästa sak möte 2022-04-20: att notera informationen", user=SECRETARY)


def test_correction_keeps_the_old_wording_is_audited_and_ends_a_dropped_assignment(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat(_record(clauses=CLAUSES), user=SECRETARY)
    with services.sessions() as session:
        first, second, third = session.scalars(select(Assignment.id).order_by(Assignment.clause_position)).all()
    assert "✓" in chat(f"uppdrag klar {first}", user=SECRETARY)
    _justera(chat, clock)
    fixed = [CLAUSES[0], CLAUSES[1].replace("lokalbehovet", "lokalbehoven")]  # a typo fixed, clause 3 dropped
    corrected = chat("beslut rätta § 19 2022: att " + "; att ".join(fixed), user=SECRETARY)
    assert "✓" in corrected, corrected
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.locked and [c.text for c in paragraph.clauses] == fixed
        history = paragraph.extra["corrections"]
        assert history[-1]["before"] == CLAUSES and history[-1]["after"] == fixed
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "paragraph.correct")).one()
        assert event.details["before"] == CLAUSES and event.details["after"] == fixed
        assert event.actor_name == SECRETARY and event.details["assignments"]["ended"] == [third]
        rows = {r.id: r for r in session.scalars(select(Assignment))}
        assert len(rows) == 3 and rows[first].status == "done" and rows[second].status == "open"
        assert rows[second].task.endswith("lokalbehoven senast 2022-09-30") and rows[third].status == "cancelled"


# --- 2. ersätt keeps what was done ---------------------------------------------------------------------

def test_replace_updates_in_place_and_keeps_assignment_work(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat(_full_record(), user=SECRETARY)
    with services.sessions() as session:
        paragraph_id = session.scalars(select(Paragraph.id)).one()
        first, second, third = session.scalars(select(Assignment.id).order_by(Assignment.clause_position)).all()
    assert "✓" in chat(f"uppdrag klar {first}", user=SECRETARY)
    assert "✓" in chat(f"uppdrag flytta {second} till 2022-12-15 eftersom utredaren är sjuk", user=SECRETARY)

    new_clauses = ["ge skolchef i uppdrag att ta fram en handlingsplan senast 2022-06-30",
                   "ge ekonomichef i uppdrag att ta fram en budget senast 2022-11-30",  # new
                   "ge Förvaltningschef i uppdrag att utreda lokalbehovet senast 2022-09-30."]  # same clause, moved
    replaced = chat(_record(clauses=new_clauses, replace=True, title="Ny samverkansmodell i länet"), user=SECRETARY)
    assert "✓" in replaced, replaced
    assert "tillagd" in replaced and "borttagen" in replaced and "avslutat" in replaced, replaced

    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.id == paragraph_id and paragraph.title == "Ny samverkansmodell i länet"
        assert [c.text for c in paragraph.clauses] == new_clauses
        assert paragraph.case is not None and paragraph.case.dnr_written == "UTB 22/30"
        assert paragraph.proposal == "Förvaltningen föreslår en ny modell."
        assert paragraph.distribution == ["Kent Ylvefson, skolchef", "Rektorerna"]
        assert paragraph.documents == ["Tjänsteskrivelse"]
        assert paragraph.confidential
        rows = {r.id: r for r in session.scalars(select(Assignment))}
        assert rows[first].status == "done" and rows[first].done_at is not None
        assert rows[second].status == "open" and rows[second].due_on == date(2022, 12, 15)
        assert rows[second].clause_position == 2
        assert rows[third].status == "cancelled"
        added = [r for r in rows.values() if r.id not in (first, second, third)]
        assert len(added) == 1 and added[0].status == "open" and added[0].due_on == date(2022, 11, 30)
        assert added[0].clause_position == 1 and added[0].assignee_name == "ekonomichef"
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "paragraph.replace")).one()
        assert event.subject_id == paragraph_id
        assert event.details["before"]["clauses"] == CLAUSES and event.details["after"]["clauses"] == new_clauses
        assert event.details["assignments"]["ended"] == [third]

    found = chat("beslut ekonomichef", user=SECRETARY)
    assert "§ 19" in found and "budget" in found, found
    assert "Jag hittar inget" in chat("beslut kultursekreteraren", user=SECRETARY)


def test_reworded_clause_keeps_its_assignment_and_follows_a_new_deadline(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat(_record(clauses=CLAUSES), user=SECRETARY)
    with services.sessions() as session:
        first, second, third = session.scalars(select(Assignment.id).order_by(Assignment.clause_position)).all()
    assert "✓" in chat(f"uppdrag flytta {first} till 2022-08-15 eftersom sommaren", user=SECRETARY)
    reworded = ["ge skolchef i uppdrag att ta fram en reviderad handlingsplan senast 2022-06-30",  # same date
                "ge förvaltningschef i uppdrag att utreda lokalbehovet senast 2022-10-15",  # the text's date moved
                "uppdra till ekonomichefen att ordna en konferens senast 2022-10-31"]  # someone else
    replaced = chat(_record(clauses=reworded, replace=True), user=SECRETARY)
    assert "✓" in replaced and "omformulerad" in replaced, replaced
    with services.sessions() as session:
        rows = {r.id: r for r in session.scalars(select(Assignment))}
        assert rows[first].status == "open" and rows[first].due_on == date(2022, 8, 15)  # the move stands
        assert "reviderad" in rows[first].task
        assert rows[second].status == "open" and rows[second].due_on == date(2022, 10, 15)
        assert rows[third].status == "cancelled"
        (added,) = [r for r in rows.values() if r.id not in (first, second, third)]
        assert (added.assignee_name, added.clause_position, added.status) == ("ekonomichefen", 2, "open")


def test_replace_can_change_the_kept_fields_explicitly(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    assert "✓" in chat(_full_record(), user=SECRETARY)
    replaced = chat(_record(clauses=CLAUSES, replace=True, extra="förslag: Ett annat förslag.\nsekretess: nej"),
                    user=SECRETARY)
    assert "✓" in replaced, replaced
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.proposal == "Ett annat förslag." and not paragraph.confidential
        assert paragraph.distribution == ["Kent Ylvefson, skolchef", "Rektorerna"]
        assert [r.status for r in session.scalars(select(Assignment))] == ["open"] * 3


# --- 3. The form keeps every word ----------------------------------------------------------------------

KEYWORDS = ["dnr", "möte", "organ", "förslag", "beslut", "skickas till", "underlag", "sekretess", "ersätt",
            "paragraf", "mote", "diarienummer", "rubrik", "§"]
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=8)


def _submit_form(services, values: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """The decision form submitted in Slack/Teams: the adapter hands the field values over as they are."""
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.dispatch import dispatch

    inv = invocation_for("beslut registrera", user=SECRETARY, channel="utb-au")
    return render_text(dispatch(type(inv)(command=inv.command, text=inv.text, tenant=inv.tenant, actor=inv.actor,
                                          channel=inv.channel, form_values=values), services=services))


def test_form_keeps_every_word_of_the_title(chat, services) -> None:  # type: ignore[no-untyped-def]
    """Property: whatever grammar words a title holds, in any order, the recorded title is the typed one."""
    _setup(chat)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.permutations(KEYWORDS), st.lists(WORD, min_size=len(KEYWORDS), max_size=len(KEYWORDS)),
           st.sampled_from(["", ":", " :"]))
    def check(keywords: list[str], fillers: list[str], colon: str) -> None:
        words = [w for pair in zip(fillers, keywords, strict=True) for w in pair]
        title = "Ärende " + " ".join(words[:-1]) + colon + " " + words[-1]
        out = _submit_form(services, {"title": title, "clauses": "notera informationen\natt ge skolchef i uppdrag",
                                      "dnr": "", "meeting": "2022-03-30", "proposal": "", "distribution": ""})
        assert "✓" in out, (title, out)
        with services.sessions() as session:
            paragraph = session.scalars(select(Paragraph).order_by(Paragraph.id.desc())).first()
            assert paragraph is not None and paragraph.title == " ".join(title.split()), (title, out)
            assert [c.text for c in paragraph.clauses] == ["notera informationen", "ge skolchef i uppdrag"]
            assert paragraph.case is None and paragraph.proposal is None and not paragraph.confidential

    check()


def test_form_fields_become_the_paragraph_as_typed(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    title = "Möte om förslag: dnr, organ och beslut skickas till underlag sekretess ersätt paragraf 3"
    values = {"number": "§ 12345", "title": title, "dnr": "UTB 22/31", "meeting": "2022-03-30",
              "proposal": "Förslag till beslut: möte dnr", "clauses": "1. ge skolchef i uppdrag att utreda\nnotera",
              "distribution": "Rektorerna\nSkolchef", "confidential": "true"}
    out = _submit_form(services, values)
    assert "✓" in out, out
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert (paragraph.number, paragraph.title) == (12345, title)
        assert paragraph.case is not None and paragraph.case.dnr_written == "UTB 22/31"
        assert paragraph.proposal == "Förslag till beslut: möte dnr"
        assert [c.text for c in paragraph.clauses] == ["ge skolchef i uppdrag att utreda", "notera"]
        assert paragraph.distribution == ["Rektorerna", "Skolchef"] and paragraph.confidential


# --- 4. § numbers --------------------------------------------------------------------------------------

def test_five_digit_paragraph_numbers_are_recorded_and_found(chat, services) -> None:  # type: ignore[no-untyped-def]
    from handlers.parsing.paragraph_ref import parse_paragraph_range, parse_paragraph_ref

    assert parse_paragraph_ref("§ 10000") is not None and parse_paragraph_ref("§ 10000").number == 10000
    assert parse_paragraph_range("§§ 10000–10002") == (10000, 10002)
    _setup(chat)
    assert "✓" in chat("beslut registrera § 10000 Stort nummer möte 2022-03-30: att notera", user=SECRETARY)
    with services.sessions() as session:
        assert session.scalars(select(Paragraph.number)).one() == 10000
        assert session.scalars(select(Paragraph.title)).one() == "Stort nummer"
    assert "Stort nummer" in chat("beslut § 10000", user=SECRETARY)


def test_negative_paragraph_number_is_a_clear_error(chat, services) -> None:  # type: ignore[no-untyped-def]
    _setup(chat)
    for line in ("beslut registrera § -1 Negativt möte 2022-03-30: att notera",
                 "beslut registrera § 0 Noll möte 2022-03-30: att notera",
                 "beslut registrera § x Bokstav möte 2022-03-30: att notera"):
        refused = chat(line, user=SECRETARY)
        assert "✗" in refused and "positivt heltal" in refused, (line, refused)
    refused = _submit_form(services, {"number": "-1", "title": "Negativt", "clauses": "notera"})
    assert "✗" in refused and "positivt heltal" in refused, refused
    with services.sessions() as session:
        assert session.scalars(select(Paragraph)).all() == []
