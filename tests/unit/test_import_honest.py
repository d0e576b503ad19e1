"""Honest import outcomes (issue 16): what a secretary is told must be what was stored.

A file with no paragraph is «inget protokoll hittades», never «importerad»; a table of contents
costs no § (and never the whole file); undated protocols of one body keep each other's §§; an
improved parser re-reads files it read before; a diarienummer asked in the spellings protocols
use finds its case and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.console import CONSOLE_TENANT
from handlers.archive import protocol_parser, texts
from handlers.archive.batch import import_file
from handlers.archive.importer import describe
from handlers.parsing.dnr import find_dnrs, parse_dnr
from storage.models import Paragraph

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
VISITOR = "Besökare Utan Uppdrag"

UNDATED = """Socialnämnden

§ 1 Mötets öppnande

Ordföranden öppnar mötet.

§ 2 Ekonomi

Beslut

att lägga rapporten till handlingarna.
"""

WITH_CONTENTS = """Protokoll kulturnämnden 2023-05-10

Innehållsförteckning

§ 5 Bibliotekets öppettider
§ 6 Övriga frågor

§ 5 Bibliotekets öppettider

Beslut

att utreda öppettiderna.

§ 6 Övriga frågor

Inga övriga frågor.
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(services, path: Path):  # type: ignore[no-untyped-def]
    return import_file(services, tenant=CONSOLE_TENANT, path=path, source_name=path.name)


def test_a_file_without_paragraphs_is_no_protocol_and_writes_nothing(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _import(services, REAL / "016_soderhamn_asn_2019-01-28.txt")
    assert result.status == "empty" and texts.STATUS[result.status] == "inget protokoll hittades"
    assert result.warnings[0] == texts.NO_PROTOCOL
    assert result.meeting_day is not None and result.meeting_day.isoformat() == "2019-01-28"
    with services.sessions() as session:
        assert session.scalars(select(Paragraph)).first() is None


def test_the_summary_says_what_was_found_and_guessed(services) -> None:  # type: ignore[no-untyped-def]
    result = _import(services, REAL / "001_tyreso_bun_2023-08-30.txt")
    assert result.status == "imported"
    line = describe(result)
    assert line.startswith("3 §, 3 dnr, ") and line.endswith(", datum 2023-08-30, organ Barn- och utbildningsnämnden")
    assert "gissat" not in line
    undated = _import(services, REAL / "012_amnesty_styrelse_2008-10-26.txt")
    assert "datum 2008-10-26" in describe(undated)


def test_a_table_of_contents_costs_no_paragraph(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _import(services, _write(tmp_path, "innehall.txt", WITH_CONTENTS))
    assert result.status == "imported" and result.paragraphs == 2
    with services.sessions() as session:
        stored = session.scalars(select(Paragraph).order_by(Paragraph.number)).all()
        assert [(p.number, p.title) for p in stored] == [(5, "Bibliotekets öppettider"), (6, "Övriga frågor")]
        assert [c.text.rstrip(".") for c in stored[0].clauses] == ["utreda öppettiderna"]


def test_undated_protocols_of_one_body_keep_each_others_paragraphs(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = _import(services, _write(tmp_path, "a.txt", UNDATED))
    second = _import(services, _write(tmp_path, "b.txt", UNDATED.replace("Ekonomi", "Budget")))
    assert (first.paragraphs, second.paragraphs) == (2, 2)
    assert any("utan möte och utan nummer" in w for w in second.warnings)  # not "§ 1 of the import year"
    with services.sessions() as session:
        titles = sorted(p.title for p in session.scalars(select(Paragraph)))
    assert titles == ["Budget", "Ekonomi", "Mötets öppnande", "Mötets öppnande"]
    dated = UNDATED.replace("§ 2 Ekonomi", "§ 2 Ekonomi (SN 2019/12)")
    third = _import(services, _write(tmp_path, "c.txt", dated))
    fourth = _import(services, _write(tmp_path, "d.txt", dated.replace("Ekonomi", "Budget")))
    assert (third.paragraphs, fourth.paragraphs) == (2, 2)  # § 2 of 2019 (its case's year) twice: kept unnumbered
    assert any("sparades den utan nummer" in w for w in fourth.warnings)


def test_an_improved_parser_rereads_a_file_it_read_before(services, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, "k.txt", WITH_CONTENTS)
    assert _import(services, path).status == "imported"
    assert _import(services, path).status == "unchanged"
    monkeypatch.setattr(protocol_parser, "PARSER_VERSION", protocol_parser.PARSER_VERSION + "-next")
    assert _import(services, path).status == "updated"


def test_diarienummer_spellings_of_real_protocols() -> None:
    spellings = {
        "2023/BUN 0214": "BUN:2023:214", "2023/BUN 0203 40": "BUN:2023:203", "Dnr: 2023/BUN 0214": "BUN:2023:214",
        "Diarienummer 2021/KS 0280 013": "KS:2021:280", "06/KS 006 012": "KS:2006:6", "LS/33/2006": "LS:2006:33",
        "Dnr KS 2023/145": "KS:2023:145", "BUN/2016:360": "BUN:2016:360", "2023/bun 0192": "BUN:2023:192",
        "Dnr 1.6-0463/2011": ":2011:463", "002 – 443 / 05": ":2005:443",
    }  # fmt: skip
    for written, key in spellings.items():
        dnr = parse_dnr(written)
        assert dnr is not None and dnr.key == key, written
    assert [d.key for d in find_dnrs("ärendet 2022/23 och läsåret 2023/24 samt 2023/BUN 0214")] == ["BUN:2023:214"]
    assert find_dnrs("klockan 1-12/05 och punkt 2-3/4") == []  # a classified number only after "Dnr"
    assert [d.key for d in find_dnrs("Svar på remiss, Dnr 1.6-0539/2011")] == [":2011:539"]


def test_lookup_by_a_year_first_diarienummer_finds_that_case_only(services, chat) -> None:  # type: ignore[no-untyped-def]
    assert _import(services, REAL / "001_tyreso_bun_2023-08-30.txt").status == "imported"
    found = chat("/beslut 2023/BUN 0192", user=VISITOR, channel="allmänt")
    assert "Tillsynsrapport Unike förskolor AB" in found
    assert "Informationsärende" not in found and "konfessionell" not in found
    missing = chat("/beslut 2023/BUN 0999", user=VISITOR, channel="allmänt")
    assert not any(title in missing for title in ("Tillsynsrapport", "Informationsärende", "konfessionell"))
