"""Assignments, deadlines and report-back meetings read from the seed protocols' att-clauses."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.parsing.assignments import ExtractedAssignment, extract_assignments, find_assignee
from handlers.parsing.clauses import split_clauses
from tests.conftest import seed_path

REF = date(2022, 3, 15)


def _block(prefix: str, start: str, end: str | None = None) -> list[str]:
    text = seed_path(prefix).read_text(encoding="utf-8")
    a = text.index(start)
    return split_clauses(text[a : text.index(end, a) if end else len(text)])


def _deadlines(found: list[ExtractedAssignment]) -> set[tuple[date, time | None]]:
    pairs = {(a.due, a.due_time) for a in found} | {(a.report_at, a.report_time) for a in found}
    return {(d, t) for d, t in pairs if d is not None}


def test_seed_003_school_block(seeds_dir: Path) -> None:
    clauses = _block("003", "Förslag till skolan att ta vidare", "Förslag till socialtjänst och region att")
    assert len(clauses) == 6
    found = extract_assignments(clauses, reference=REF)
    assert _deadlines(found) == {
        (date(2022, 4, 8), None),
        (date(2022, 5, 1), None),
        (date(2022, 6, 3), time(9)),
        (date(2022, 9, 23), time(9)),
        (date(2022, 10, 31), None),
        (date(2022, 12, 9), time(9)),
    }
    assert 0 not in {a.clause_index for a in found}  # "inriktning … är …" is a statement
    assert {a.assignee for a in found} == {"skolcheferna"}
    comeback = [a for a in found if clauses[a.clause_index].startswith("återkomma")]
    assert [a.clause_index for a in comeback] == [2, 3, 4, 5]
    assert all(a.report_to and a.report_to.startswith("gemensamt möte (") for a in comeback)
    by_index = {a.clause_index: a for a in found}
    assert by_index[1].kind == "uppdrag" and by_index[1].due is None
    assert by_index[2].kind == "deluppföljning" and by_index[2].due == by_index[2].report_at == date(
        2022, 4, 8
    )
    assert by_index[3].due == date(2022, 5, 1) and by_index[3].report_at == date(2022, 6, 3)
    assert by_index[3].report_to == "gemensamt möte (skola, socialtjänst och region)"
    assert (by_index[4].due, by_index[4].due_time) == (date(2022, 9, 23), time(9))
    assert by_index[5].due == date(2022, 10, 31) and by_index[5].report_time == time(9)


def test_seed_003_region_block(seeds_dir: Path) -> None:
    found = extract_assignments(_block("003", "Förslag till socialtjänst och region att"), reference=REF)
    assert {a.assignee for a in found} == {"beredningsgruppen"}
    first_follow_up = next(a for a in found if a.kind == "deluppföljning")
    assert (first_follow_up.report_at, first_follow_up.report_time) == (date(2022, 4, 8), time(9))
    assert (date(2022, 4, 8), time(9)) in _deadlines(found)


def test_seed_000(seeds_dir: Path) -> None:
    clauses = _block(
        "000", "Utbildningsnämndens arbetsutskott föreslår utbildningsnämnden besluta att", "Sammanfattning"
    )
    found = extract_assignments(clauses, reference=date(2022, 3, 30))
    assert [(a.clause_index, a.assignee, a.kind) for a in found] == [
        (0, "skolchef", "uppdrag"),
        (1, "skolchef", "återrapportering"),
    ]
    assert found[0].due is None and found[0].report_to is None
    assert found[1].report_to == "utbildningsnämnden" and found[1].due is None


def test_seed_001(seeds_dir: Path) -> None:
    found = extract_assignments(
        _block("001", "Socialnämnden beslutar:", "Ärendet"), reference=date(2022, 3, 30)
    )
    assert [(a.clause_index, a.assignee, a.kind) for a in found] == [(1, "förvaltningschef", "uppdrag")]
    assert found[0].task.startswith("Uppdra till förvaltningschef att") and not found[0].task.endswith(".")


@pytest.mark.parametrize(
    ("clause", "assignee"),
    [
        ("ge skolchef i uppdrag att utreda", "skolchef"),
        ("att ge i skolcheferna i uppdrag att utreda", "skolcheferna"),
        ("Uppdra åt skolchefen att utreda", "skolchefen"),
        ("nämnden uppdrar till förvaltningen att utreda", "förvaltningen"),
        ("ge i uppdrag åt kvalitetschef att utreda", "kvalitetschef"),
        ("BG får i uppdrag att ta fram förslag", "BG"),
        ("Styrgruppen ges i uppdrag att följa upp", "Styrgruppen"),
        ("Förvaltningschef uppdras att verkställa", "Förvaltningschef"),
        ("återkomma med förslag senast 1/5", None),
        ("i samarbete med beredningsgruppen", None),
    ],
)
def test_find_assignee(clause: str, assignee: str | None) -> None:
    assert find_assignee(clause) == assignee


def test_deadline_only_clause_and_no_inheritance_across_calls() -> None:
    found = extract_assignments(["Detta arbete ska vara klart senast 3/6"], reference=REF)
    assert [(a.assignee, a.due, a.kind) for a in found] == [(None, date(2022, 6, 3), "uppdrag")]
    statements = [
        "anta planen",
        "lägga informationen till handlingarna",
        "lägga redovisningen till handlingarna",
    ]
    assert extract_assignments(statements, reference=REF) == []


def test_meeting_date_after_due_and_body_report() -> None:
    clauses = ["uppdra åt skolchefen att redovisa till nämnden 2022-06-01 kl. 13"]
    (found,) = extract_assignments(clauses, reference=REF)
    assert (found.report_to, found.report_at, found.report_time) == ("nämnden", date(2022, 6, 1), time(13))
    assert (found.due, found.due_time) == (date(2022, 6, 1), time(13))


@given(st.lists(st.text(max_size=80), max_size=6), st.dates(max_value=date(2200, 1, 1)))
def test_never_raises(clauses: list[str], reference: date) -> None:
    for found in extract_assignments(clauses, reference=reference):
        assert 0 <= found.clause_index < len(clauses)
        assert found.kind in {"uppdrag", "återrapportering", "deluppföljning"}


def test_a_compound_that_contains_a_report_word_assigns_nothing() -> None:
    from datetime import date

    from handlers.parsing.assignments import extract_assignments

    assert extract_assignments(["Tillsynsrapporterna noteras.", "Årsredovisningen läggs till handlingarna."],
                               reference=date(2023, 1, 1)) == []
    assert extract_assignments(["att återrapportera till nämnden senast 1/5"], reference=date(2023, 1, 1))
