"""Dated assignments written in running prose are read; dates that are no deadline are not."""

from __future__ import annotations

from datetime import date

from handlers.archive.protocol_parser import parse_document

MINUTES = """Protokoll styrgruppen för samverkan 2024-01-10

§ 4 Uppföljning av överenskommelsen

Styrgruppen diskuterade läget i kommunerna. Förvaltningen ska återrapportera till styrgruppen senast 2024-03-01.

§ 5 Rutiner för utvecklingssamtal

Förskolorna har gått igenom sina rutiner. Rutinen ska redovisas skriftligen till förvaltningen senast den 31 oktober 2024.

§ 6 Remiss om äldreomsorgen

Enligt skrivelse daterad 2024-02-01 ska arbetet vara klart senast 2024-02-15.
Beslutsunderlag: tjänsteskrivelse, senast reviderad 2024-02-20.
Kommunerna skulle inkomma med svar senast den 1 december 2023.
Styrgruppen beslutade den 5 maj 2023 att länen ska redovisa senast den 1 juni 2024.
"""


def _dates(number: int) -> list[date]:
    document = parse_document(MINUTES, source_name="styrgrupp.txt", reference=date(2024, 1, 1))
    paragraph = next(p for p in document.paragraphs if p.number == number)
    return [a.due or a.report_at for a in paragraph.assignments]  # type: ignore[misc]


def test_a_report_back_in_prose_is_an_assignment() -> None:
    assert _dates(4) == [date(2024, 3, 1)]


def test_a_written_report_with_a_deadline_in_prose_is_an_assignment() -> None:
    assert _dates(5) == [date(2024, 10, 31)]


def test_dates_of_documents_retold_decisions_and_past_deadlines_are_no_assignments() -> None:
    assert _dates(6) == []


def test_prose_is_not_read_when_the_paragraph_has_decision_points() -> None:
    text = MINUTES.replace(
        "Förskolorna har gått igenom sina rutiner.",
        "Beslut\n\natt godkänna rapporten\n\nBeskrivning av ärendet\nFörskolorna har gått igenom sina rutiner.")
    document = parse_document(text, source_name="styrgrupp.txt", reference=date(2024, 1, 1))
    paragraph = next(p for p in document.paragraphs if p.number == 5)
    assert all("senast" not in c for c in paragraph.clauses)
    assert paragraph.assignments == []
