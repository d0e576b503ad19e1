"""Verkställighetsrapport: the follow-up board as a PDF for auditors (revisorer).

Auditors file reports, not links; the PDF carries the same rows and the same counts as the page
(it is rendered from ``followup_data``), with the filter and the date it was made, so a printed
copy says what it covers.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from fpdf import FPDF
from fpdf.fonts import FontFace

from bot.web.followup_data import STATUS_LABELS, Row
from handlers.protocol.fonts import find_font

FAMILY = "Rapport"


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 8, f"Verkställighetsrapport · sida {self.page_no()} av {{nb}}", align="C")


def report_pdf(*, org: str, rows: list[Row], counts: dict[tuple[str, str], Counter[str]], today: date,
               scope_text: str) -> bytes:
    """The report as PDF bytes (A4 landscape: the task column needs the width)."""
    fonts = find_font()
    pdf = _Report(orientation="L", format="A4", unit="mm")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FAMILY, "", str(fonts.regular))
    pdf.add_font(FAMILY, "B", str(fonts.bold))
    pdf.set_title(f"Verkställighetsrapport – {org} – {today.isoformat()}")
    pdf.set_lang("sv")
    pdf.set_creator("Samverkan")
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, "Verkställighetsrapport", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    overdue = sum(1 for r in rows if r.status == "overdue")
    pdf.multi_cell(0, 5.5, f"{org}. Uttag {today.isoformat()}. Urval: {scope_text}. "
                           f"{len(rows)} uppdrag, varav {overdue} försenade.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    heading = FontFace(emphasis="BOLD", fill_color=(235, 239, 244))
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 7, "Antal uppdrag per organ, månad och status", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    with pdf.table(col_widths=(80, 26, *([130 / len(STATUS_LABELS)] * len(STATUS_LABELS))), headings_style=heading, line_height=5, padding=1.2,
                   text_align="LEFT") as table:
        table.row(("Organ", "Månad", *STATUS_LABELS.values()))
        for (body, month), c in counts.items():
            table.row((body, month, *(str(c.get(k, 0)) for k in STATUS_LABELS)))
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 7, "Beslut och uppdrag", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8.5)
    with pdf.table(col_widths=(12, 50, 28, 90, 24, 46, 20), headings_style=heading, line_height=4.5, padding=1,
                   text_align="LEFT") as table:
        table.row(("Nr", "Beslut", "Ansvarig", "Uppgift", "Senast", "Återrapport", "Status"))
        for r in rows:
            report = f"{r.report_to} {r.report_at}".strip() or "–"
            table.row((f"#{r.id}", f"{r.body}: {r.decision}", r.assignee, r.task, r.due or "–", report,
                       ("⚠ " if r.status == "overdue" else "") + r.status_label))
    return bytes(pdf.output())
