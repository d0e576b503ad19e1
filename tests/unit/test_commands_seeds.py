"""Acceptance of the command language: seeds 000 and 003 recorded through the terminal chat."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from storage.models import Assignment, Paragraph
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_000_clauses, seed_000_script, seed_003_script


def _run(chat, lines: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    return [chat(line, user=SECRETARY) for line in lines]


def test_seed_000_paragraph_19_recorded_and_found_every_way(chat, services) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("000")
    replies = _run(chat, seed_000_script(path))
    assert all("✗" not in r for r in replies), replies
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert (paragraph.number, paragraph.year, paragraph.title) == (19, 2022, "Ny samverkansmodell i länet")
        assert paragraph.case.dnr_key == "UTB:2022:30"
        assert [c.text for c in paragraph.clauses] == seed_000_clauses(path)
        assert paragraph.clauses[1].text.startswith("åiterrapportering")  # the source's typo is kept
    for query in ("/beslut UTB 22/30", "/beslut utb 2022/30", "/beslut UTB-22/30", "/beslut § 19",
                  "/beslut samverkansmodel", "beslut samverkansmodell i lanet"):
        out = chat(query, user="Anna Arvidson")
        assert "§ 19 Ny samverkansmodell i länet" in out, (query, out)
        assert "UTB 22/30" in out and "åiterrapportering" in out
        assert "2022-03-30" in out


def test_seed_003_deadlines_extracted_with_report_to_meetings(chat, services) -> None:  # type: ignore[no-untyped-def]
    replies = _run(chat, seed_003_script(seed_path("003")))
    assert all("✗" not in r for r in replies), replies
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert len(paragraph.clauses) == 6
        rows = session.scalars(select(Assignment).order_by(Assignment.clause_position)).all()
    zone = services.zone
    moments: set[tuple[date, time | None]] = set()
    for row in rows:
        if row.due_on:
            moments.add((row.due_on, row.due_time))
        if row.report_at:
            local = row.report_at.astimezone(zone)
            moments.add((local.date(), local.time() if local.time() != time(0) else None))
    assert moments == {
        (date(2022, 4, 8), None), (date(2022, 5, 1), None), (date(2022, 6, 3), time(9)),
        (date(2022, 9, 23), time(9)), (date(2022, 10, 31), None), (date(2022, 12, 9), time(9)),
    }
    report_tos = {r.report_to_text for r in rows if r.report_at}
    assert report_tos and all(t.startswith("gemensamt möte") for t in report_tos)
    assert {r.assignee_name for r in rows if r.kind != "uppdrag"} == {"skolcheferna"}


def test_reply_echoes_interpreted_dates(chat) -> None:  # type: ignore[no-untyped-def]
    chat('samverkan organ ny "Strategigrupp vuxna" typ strategigrupp')
    chat("samverkan kanal Strategigrupp vuxna")
    out = chat("uppdrag ny skolchef: ta fram förslag senast 31/10")
    assert "måndag 31 oktober 2022" in out


def test_recorded_proposal_is_shown_in_the_paragraph(chat) -> None:  # type: ignore[no-untyped-def]
    """The form's «Förslag till beslut» field (and «förslag:») must be visible after recording and on lookup."""
    _run(chat, ['samverkan organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp',
                "samverkan kanal Strategigrupp barn och unga"])
    recorded = chat("/beslut registrera § 7 Lokalförsörjning dnr BU 26/12\n"
                    "förslag: Förvaltningen föreslår en ny förskola i Norra.\n"
                    "beslut: att uppdra åt förvaltningschefen att ta fram ett lokalprogram", user=SECRETARY)
    assert "✗" not in recorded, recorded
    for out in (recorded, chat("/beslut BU 26/12", user=SECRETARY)):
        assert "Förslag till beslut" in out and "Förvaltningen föreslår en ny förskola i Norra." in out, out
