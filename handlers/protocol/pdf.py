"""The protocol as a PDF (fpdf2 with an embedded Unicode font), laid out like the seeds.

A4, the header as a two-column table, each § under a rule, then the signature block with lines
to sign on and the ANSLAG/BEVIS table. Page numbers in the footer ("Sida 1 av 2") because a
printed protocol is archived and its pages must be accountable.

fpdf2 never splits a table row across pages and refuses a row taller than a page, so a long
value (800 §§ in «Protokollet omfattar», a long list of names) is cut into continuation rows of
at most ``ROW_LINES`` lines first; running text (§§, clauses) pages on its own.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.fonts import FontFace

from handlers import messages as msg
from handlers.protocol.fonts import find_font
from handlers.protocol.layout import (
    anslag_rows,
    anslag_statement,
    closing_rows,
    header_rows,
    paragraph_blocks,
    paragraph_footer,
    shows_anslag,
    signature_rows,
    title_of,
)
from handlers.protocol.model import ProtocolView

FAMILY = "Protokoll"
L = msg.PROTOCOL_LABELS
COL_WIDTHS = (66, 104)
LINE_HEIGHT = 5.5
PADDING = 1.5
ROW_LINES = 30
"""Lines per table row at most: 30 × 5.5 mm fits well inside the 259 mm between the A4 margins."""


class _Document(FPDF):
    """FPDF with the page footer of a protocol."""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 10, f"Sida {self.page_no()} av {{nb}}", align="C")


def _new_document(view: ProtocolView, *, compliance: str | None = None) -> _Document:
    fonts = find_font()
    pdf = _Document(format="A4", unit="mm", enforce_compliance=compliance)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FAMILY, "", str(fonts.regular))
    pdf.add_font(FAMILY, "B", str(fonts.bold))
    pdf.add_font(FAMILY, "I", str(fonts.italic))
    pdf.set_title(f"{title_of(view)} – {view.body} {view.day.isoformat()}")
    pdf.set_lang("sv")
    pdf.set_creator("Samverkan")
    pdf.add_page()
    return pdf


def _value_width(pdf: FPDF) -> float:
    """The text width of the value column: its share of the page width, less padding and cell margins."""
    return pdf.epw * COL_WIDTHS[1] / sum(COL_WIDTHS) - 2 * PADDING - 2 * pdf.c_margin


def _fitting_rows(pdf: FPDF, rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each row whose value wraps to more than ``ROW_LINES`` lines as several rows, label on the first."""
    out: list[tuple[str, str]] = []
    width = _value_width(pdf)
    for label, value in rows:
        lines = pdf.multi_cell(width, LINE_HEIGHT, value, dry_run=True, output=MethodReturnValue.LINES)
        if len(lines) <= ROW_LINES:
            out.append((label, value))
            continue
        for start in range(0, len(lines), ROW_LINES):
            out.append((label if start == 0 else "", "\n".join(lines[start : start + ROW_LINES])))
    return out


def _table(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    pdf.set_font(FAMILY, "", 10)
    heading = FontFace(emphasis="BOLD", fill_color=(240, 240, 240))
    with pdf.table(col_widths=COL_WIDTHS, first_row_as_headings=False, text_align="LEFT",
                   line_height=LINE_HEIGHT, padding=PADDING) as table:
        for label, value in _fitting_rows(pdf, rows):
            row = table.row()
            row.cell(label, style=heading)
            row.cell(value)
    pdf.ln(4)


def _text(pdf: FPDF, text: str, *, style: str = "", size: float = 10, indent: float = 0) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def _paragraphs(pdf: FPDF, view: ProtocolView) -> None:
    for paragraph in view.paragraphs:
        pdf.ln(2)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
        pdf.ln(3)
        _text(pdf, paragraph.heading, style="B", size=13)
        for block in paragraph_blocks(paragraph):
            pdf.ln(2)
            _text(pdf, block.heading, style="B", size=11)
            if block.intro:
                _text(pdf, block.intro)
            for index, line in enumerate(block.lines, start=1):
                if block.numbered:
                    _text(pdf, f"{index}. {line}", indent=4)
                else:
                    _text(pdf, f"• {line}" if len(block.lines) > 1 else line, indent=4 if len(block.lines) > 1 else 0)
        footer = paragraph_footer(paragraph)
        if footer:
            pdf.ln(2)
            _text(pdf, footer, style="I")


def _signatures(pdf: FPDF, view: ProtocolView) -> None:
    rows = signature_rows(view)
    if view.extract:
        rows = rows + [(L["certified"], view.secretary or "")]
    if pdf.get_y() + 14 * len(rows) + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    _text(pdf, L["signatures"], style="B", size=12)
    for label, name in rows:
        pdf.ln(6)
        pdf.set_font(FAMILY, "B", 10)
        pdf.cell(40, 6, label)
        y = pdf.get_y() + 5
        pdf.line(pdf.l_margin + 40, y, pdf.l_margin + 120, y)
        pdf.set_font(FAMILY, "", 10)
        pdf.cell(0, 6, "", new_x="LMARGIN", new_y="NEXT")
        pdf.set_x(pdf.l_margin + 40)
        pdf.cell(80, 5, name, new_x="LMARGIN", new_y="NEXT")


def render_pdf(view: ProtocolView, *, archival: bool = False) -> bytes:
    """The full protocol (or extract) as PDF bytes; ``archival``: PDF/A-2B for the e-archive.

    fpdf2 then writes XMP metadata with the pdfaid schema and an sRGB output intent, leaves out
    the Info dictionary, and refuses anything PDF/A forbids (unembedded fonts, encryption).
    """
    pdf = _new_document(view, compliance="PDFA_2B" if archival else None)
    _text(pdf, title_of(view), style="B", size=18)
    _text(pdf, view.body, style="B", size=12)
    pdf.ln(3)
    _table(pdf, header_rows(view))
    _paragraphs(pdf, view)
    _signatures(pdf, view)
    rows = anslag_rows(view) if shows_anslag(view) else closing_rows(view)
    if pdf.get_y() + 20 + 8 * len(rows) > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(8)
    if shows_anslag(view):
        _text(pdf, L["anslag"], style="B", size=12)
    _text(pdf, anslag_statement(view))
    if rows:
        pdf.ln(2)
        _table(pdf, rows)
    return bytes(pdf.output())
