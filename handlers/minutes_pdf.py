"""Minnesanteckningar as PDF, in the protocol's type and margins but without its formal blocks.

A styrgrupp's arbetsgrupp archives its notes like the nämnd archives its protocol, so the file
looks the same (A4, the protocol's font, page numbers) — only justering, signatures and anslag,
which minutes do not have, are left out.
"""

from __future__ import annotations

from fpdf import FPDF

from handlers import messages as msg
from handlers.minutes import MinutesView
from handlers.protocol.fonts import find_font
from handlers.protocol.pdf import FAMILY


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FAMILY, "", 8)
        self.cell(0, 10, f"Sida {self.page_no()} av {{nb}}", align="C")


def _text(pdf: FPDF, text: str, *, style: str = "", size: float = 10, indent: float = 0) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def render_minutes_pdf(view: MinutesView) -> bytes:
    """The minutes as PDF bytes: title, place and who was there, then each point with notes and actions."""
    fonts = find_font()
    pdf = _Document(format="A4", unit="mm")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font(FAMILY, "", str(fonts.regular))
    pdf.add_font(FAMILY, "B", str(fonts.bold))
    pdf.add_font(FAMILY, "I", str(fonts.italic))
    title = msg.MINUTES_TITLE.format(body=view.body, when=view.when)
    pdf.set_title(title)
    pdf.set_lang("sv")
    pdf.set_creator("Samverkan")
    pdf.add_page()
    _text(pdf, title, style="B", size=16)
    pdf.ln(2)
    if view.place:
        _text(pdf, f"{msg.KALLELSE_PLACE}: {view.place}")
    if view.present:
        _text(pdf, f"{msg.MINUTES_PRESENT}: {', '.join(view.present)}")
    for number, point in enumerate(view.points, start=1):
        pdf.ln(3)
        _text(pdf, f"{number}. {point.title}", style="B", size=12)
        _text(pdf, point.notes or msg.MINUTES_NO_NOTE, style="" if point.notes else "I")
        for action in point.actions:
            _text(pdf, f"• {msg.MINUTES_ACTION}: {action}", indent=4)
    pdf.ln(6)
    _text(pdf, msg.MINUTES_NO_JUSTERING, style="I", size=9)
    return bytes(pdf.output())
