"""A protocol of ~800 §§ exports to PDF and pages cleanly (issue #15).

fpdf2 refuses a table row taller than a page; the header's «Protokollet omfattar» listed every §
number and a long attendance list made one row, so a large meeting crashed the export.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from handlers.protocol.model import ParagraphView, ProtocolView
from handlers.protocol.pdf import render_pdf

CLAUSES = ("att uppdra åt förvaltningschefen att ta fram ett underlag om lokalförsörjningen senast 31/10",
           "att återrapportering sker till ett gemensamt möte (skola, socialtjänst och region) 9/12 kl. 9",
           "att lägga informationen till handlingarna")


def _paragraph(number: int) -> ParagraphView:
    return ParagraphView(number=number, title=f"Ärende {number} om samverkan", dnr=f"UTB 22/{number}",
                         clauses=tuple(f"{c} (§ {number})" for c in CLAUSES), distribution=("Kent Ylvesson, skolchef",),
                         documents=("Tjänsteskrivelse",), locked=True)


def _text(pdf: bytes) -> tuple[int, str, str]:
    reader = PdfReader(BytesIO(pdf))
    return len(reader.pages), reader.pages[0].extract_text(), "\n".join(p.extract_text() for p in reader.pages[-8:])


def test_800_paragraphs_with_a_moved_one_page_cleanly() -> None:
    numbers = [n for n in range(1, 802) if n != 400]  # § 400 was moved to another meeting
    view = ProtocolView(body="Utbildningsnämnden", day=date(2022, 3, 30), place_time="Stadshuset kl. 13:00",
                        decision_makers=("Mikael Johansson (S) (ordförande)",), adjusters=("Lina Lindman",),
                        paragraphs=tuple(_paragraph(n) for n in numbers))
    pages, first, tail = _text(render_pdf(view))
    assert pages > 100
    assert "§§ 1–399, 401–801" in first
    assert "§ 801 Ärende 801 om samverkan" in tail and "(§ 801)" in tail and "Underskrifter" in tail


def test_rows_longer_than_a_page_are_split_into_continuation_rows() -> None:
    view = ProtocolView(body="Socialnämnden", day=date(2022, 5, 2), place_time="Digitalt",
                        decision_makers=tuple(f"Ledamot Nummer{i} (S)" for i in range(150)),
                        paragraphs=tuple(_paragraph(n) for n in range(1, 1600, 2)))  # every other number: no runs
    assert len(view.paragraphs) == 800
    pages, first, tail = _text(render_pdf(view))
    assert pages > 100
    assert "Ledamot Nummer0 (S)" in first
    assert "§ 1599 Ärende 1599 om samverkan" in tail and "(§ 1599)" in tail
