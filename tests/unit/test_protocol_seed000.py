"""Acceptance: the protocol of seed 000, recorded through the terminal chat and justerad there,
contains every fact of the seed in the right place — in Markdown, HTML and PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from handlers.protocol.model import build_protocol
from handlers.protocol.render import render
from storage.models import Meeting
from tests.conftest import seed_path
from tests.scenarios.protocol_scripts import DOCUMENTS, INTRO, seed_000_protocol_script
from tests.scenarios.seed_scripts import BODY_000, SECRETARY, seed_000_clauses

HEADER = [("Plats och tid", "Digitalt möte kl. 13:00-14:30"),
          ("Beslutande ledamöter", "Mikael Johansson (S) (ordförande)"),
          ("Beslutande ledamöter", "Anna Arvidson (S) (vice ordförande)"),
          ("Beslutande ledamöter", "Lina Lindman (VF)"),
          ("Övriga närvarande", "Kent Ylvesson (skolchef)"), ("Övriga närvarande", "Marita Westin (verksamhetsplanerare)"),
          ("Övriga närvarande", "Ann-Christine Sundqvist Gunnar (utvecklingsledare)"),
          ("Övriga närvarande", "Kristina Kamsten (sekreterare)"),
          ("Utses att justera", "Lina Lindman"), ("Justeringens plats och tid", "Digital justering 2022-04-04 13:00"),
          ("Protokollet omfattar", "§ 19")]


@pytest.fixture
def justerad(chat, services, clock):  # type: ignore[no-untyped-def]
    """Seed 000 typed in chat, sent for justering and justerad by Lina Lindman on 4 April at 13:00."""
    path = seed_path("000")
    for line in seed_000_protocol_script(path):
        out = chat(line, user=SECRETARY)
        assert "✗" not in out, (line, out)
    clock.set(datetime(2022, 4, 4, 10, 0, tzinfo=UTC))
    assert "skickat för justering" in chat("protokoll klart 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))  # 13:00 in Stockholm (summer time)
    out = chat('protokoll justera 2022-03-30 organ "Utbildningsnämndens arbetsutskott"', user="Lina Lindman")
    assert "är justerat" in out, out
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        yield build_protocol(session, meeting, zone=services.zone), path


def _rows(markdown: str) -> list[tuple[str, str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("| **"):
            label, value = line[4:].split("** | ", 1)
            rows += [(label, part) for part in value.rstrip(" |").split("<br>")]
    return rows


def test_every_fact_of_seed_000_in_its_place(justerad) -> None:  # type: ignore[no-untyped-def]
    view, path = justerad
    md = render(view, fmt="md").decode()
    rows = _rows(md)
    for fact in HEADER:
        assert fact in rows, fact
    assert ("Sammanträdesdatum", "2022-03-30") in rows and f"**{BODY_000}**" in md
    paragraph = md.split("## § 19 Ny samverkansmodell i länet (UTB 22/30)", 1)[1].split("## Underskrifter")[0]
    decision = paragraph.split("### Beslut\n", 1)[1].split("###")[0]
    clauses = seed_000_clauses(path)
    assert INTRO in decision and f"1. {clauses[0]}" in decision and f"2. {clauses[1]}" in decision
    assert "### Beslutet ska skickas till\n\nKent Ylvefson, skolchef" in paragraph
    assert all(f"- {doc}" in paragraph.split("### Beslutsunderlag")[1] for doc in DOCUMENTS)
    assert "*Paragrafen är justerad*" in paragraph
    signatures = md.split("## Underskrifter", 1)[1].split("## ANSLAG/BEVIS")[0]
    for label, name in (("Sekreterare", "Kristina Kamsten"), ("Ordförande", "Mikael Johansson"),
                        ("Justerande", "Lina Lindman")):
        assert any(line.startswith(label) and line.endswith(name) for line in signatures.splitlines()), label
    anslag = md.split("## ANSLAG/BEVIS", 1)[1]
    assert "Protokollet är justerat. Justeringen har tillkännagivits genom anslag." in anslag
    for fact in (("Organ", BODY_000), ("Sammanträdesdatum", "2022-03-30"),
                 ("Datum för anslagets uppsättande", "2022-04-05"), ("Datum för anslagets nedtagande", "2022-04-26"),
                 ("Sista dag för överklagande", "2022-04-26"),
                 ("Förvaringsplats för protokollet", "Centralarkivet Ånge")):
        assert fact in _rows(anslag), fact


def test_html_is_semantic_swedish_and_escaped(justerad, chat) -> None:  # type: ignore[no-untyped-def]
    view, _path = justerad
    html = render(view, fmt="html").decode()
    assert '<html lang="sv">' in html and "<article" in html and '<th scope="row">Utses att justera</th>' in html
    assert "<h2>§ 19 Ny samverkansmodell i länet (UTB 22/30)</h2>" in html
    assert "<li>ge skolchef i uppdrag" in html and "Digital justering 2022-04-04 13:00" in html
    from dataclasses import replace

    hostile = replace(view, body='<script>alert("x")</script>')
    assert "<script>alert" not in render(hostile, fmt="html").decode()


def test_pdf_text_has_swedish_characters_and_layout(justerad, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, _path = justerad
    data = render(view, fmt="pdf")
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages)
    for needle in ("Utbildningsnämndens arbetsutskott", "§ 19 Ny samverkansmodell i länet (UTB 22/30)",
                   "åiterrapportering", "Övriga närvarande", "Förvaringsplats för protokollet", "Centralarkivet Ånge",
                   "Digital justering 2022-04-04 13:00", "Kristina Kamsten", "Datum för anslagets uppsättande",
                   "2022-04-05", "Sida 1 av"):
        assert needle in text, needle
    assert all(ch in text for ch in "åäöÅÖ§")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm saknas – sidan renderas inte till PNG")
    pdf = tmp_path / "protokoll.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "sida")],
                   check=True, timeout=60)
    png = next(tmp_path.glob("sida*.png"))
    from PIL import Image

    with Image.open(png) as image:
        assert image.size[0] > 300 and image.size[1] > image.size[0]  # A4 portrait
        low, high = image.convert("L").getextrema()
        assert low < 100 < high  # black text on a white page, not blank
