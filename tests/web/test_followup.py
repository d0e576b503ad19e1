"""The follow-up board: seed 003's six deadlines, the chart's counts, filters and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from bot.web.links import signer_for
from tests.scenarios.seed_scripts import SECRETARY
from tests.web.conftest import person_id, record_seed_003

SVG = "{http://www.w3.org/2000/svg}"
DEADLINES = ("2022-04-08", "2022-05-01", "2022-06-03 09:00", "2022-09-23 09:00", "2022-10-31", "2022-12-09 09:00")


def _link(services, name: str = SECRETARY) -> str:  # type: ignore[no-untyped-def]
    tenant, person = person_id(services, name)
    return signer_for(services).make_link(tenant_id=tenant, person_id=person, purpose="uppfoljning",
                                          now=services.now())


def _chart_counts(html: str) -> dict[str, int]:
    svg = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))  # type: ignore[union-attr]
    assert svg.findtext(f"{SVG}title") and svg.findtext(f"{SVG}desc")
    totals: dict[str, int] = {}
    for rect in svg.iter(f"{SVG}rect"):
        if rect.get("data-status"):
            totals[rect.get("data-status")] = totals.get(rect.get("data-status"), 0) + int(rect.get("data-count"))
    return totals


def _table_rows(html: str) -> dict[str, list[int]]:
    table = re.search(r'<table id="diagramtabell">.*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    out = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td>(.*?)</tr>", table, re.S):
        out[f"{row[0]} {row[1]}"] = [int(n) for n in re.findall(r'data-status="\w+">(\d+)<', row[2])]
    return out


def test_board_lists_seed_003_deadlines_and_the_chart_counts_them(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    record_seed_003(chat)
    page = client.get(_link(services))
    assert page.status == 200
    for deadline in DEADLINES:
        assert deadline in page.text, deadline
    assert page.text.count('<tr class="') == 5  # five uppdrag carry the six deadlines
    assert "Fortsatt arbete med samverkansmodellen" in page.text and "gemensamt möte" in page.text
    assert _chart_counts(page.text) == {"open": 5}
    assert _table_rows(page.text) == {  # columns: Pågår, Försenad, Klar, Avbruten
        "Beredningsgruppen 2022-04": [1, 0, 0, 0, 0], "Beredningsgruppen 2022-05": [1, 0, 0, 0, 0],
        "Beredningsgruppen 2022-09": [1, 0, 0, 0, 0], "Beredningsgruppen 2022-10": [1, 0, 0, 0, 0],
        "Beredningsgruppen utan datum": [1, 0, 0, 0, 0]}

    assert "✓" in chat("uppdrag klar 2", user=SECRETARY)
    clock.set(datetime(2022, 6, 1, 9, 0, tzinfo=UTC))
    later = client.get(_link(services))
    assert _chart_counts(later.text) == {"open": 3, "overdue": 1, "done": 1}
    assert _table_rows(later.text)["Beredningsgruppen 2022-05"] == [0, 1, 0, 0, 0]
    assert _table_rows(later.text)["Beredningsgruppen 2022-04"] == [0, 0, 1, 0, 0]
    assert "1 försenade" in later.text and "status-overdue" in later.text


def test_filters_and_csv_export(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    record_seed_003(chat)
    clock.set(datetime(2022, 6, 1, 9, 0, tzinfo=UTC))
    link = _link(services)
    overdue = client.get(link + "&status=overdue")
    assert overdue.text.count('<tr class="') == 2 and "2022-04-08" in overdue.text and "2022-10-31" not in overdue.text
    period = client.get(link + "&fran=2022-09-01&till=2022-12-31")
    assert period.text.count('<tr class="') == 2 and "2022-09-23 09:00" in period.text
    assert 'value="2022-09-01"' in period.text  # the form keeps its values
    nothing = client.get(link + "&organ=999999")
    assert "Inga uppdrag matchar filtret." in nothing.text
    exported = client.get(link + "&format=csv")
    assert exported.status == 200 and exported.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in exported.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Uppdrag", "Organ", "Beslut"] and len(rows) == 6
    flat = ";".join(";".join(r) for r in rows)
    for deadline in DEADLINES:
        assert deadline in flat, deadline
    assert [r[-1] for r in rows[1:]].count("Försenad") == 2
    filtered = client.get(link + "&format=csv&status=overdue")
    assert len(list(csv.reader(io.StringIO(filtered.body.decode("utf-8-sig")), delimiter=";"))) == 3


def test_board_needs_a_valid_link(chat, services, client) -> None:  # type: ignore[no-untyped-def]
    record_seed_003(chat)
    link = _link(services)
    assert client.get("/uppfoljning").status == 401
    for bad in (link.replace("t=", "t=A"), link[:-3]):
        page = client.get(bad)
        assert page.status == 403 and "samverkansmodellen" not in page.text and "skolchef" not in page.text
    tenant, person = person_id(services, SECRETARY)
    archive_only = signer_for(services).make_link(tenant_id=tenant, person_id=person, purpose="arkiv",
                                                  now=services.now(), path="/uppfoljning")
    assert client.get(archive_only).status == 403
    assert client.get(link + "&format=csv").status == 200
    assert client.get(link.replace("t=", "t=A") + "&format=csv").status == 403


def test_verkstallighetsrapport_pdf_has_the_same_rows(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    record_seed_003(chat)
    clock.set(datetime(2022, 6, 1, 9, 0, tzinfo=UTC))
    link = _link(services)
    assert "format=pdf" in client.get(link).text
    report = client.get(link + "&format=pdf")
    assert report.status == 200 and report.body.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.body)).pages)
    assert "Verkställighetsrapport" in text and "5 uppdrag, varav 2 försenade" in text
    for deadline in DEADLINES:
        assert deadline in text, deadline
    assert client.get(link.replace("t=", "t=A") + "&format=pdf").status == 403
