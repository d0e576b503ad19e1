"""The archive importer against the five seed documents and our own awkward fixtures."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.archive.model import ParsedDocument, ParsedPerson
from handlers.archive.protocol_parser import parse_document
from handlers.archive.text import ImportReadError, normalise_text, read_document
from handlers.parsing.dnr import parse_dnr
from tests.conftest import seed_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "protocols"


def parse_seed(prefix: str, *, reference: date | None = None) -> ParsedDocument:
    path = seed_path(prefix)
    return parse_document(read_document(path), source_name=path.name, reference=reference)


def parse_fixture(name: str) -> ParsedDocument:
    path = FIXTURES / name
    return parse_document(read_document(path), source_name=name)


# --- seed 000: Utbildningsnämndens arbetsutskott, one § with repeated page header -----------------


def test_seed_000_meeting_header() -> None:
    doc = parse_seed("000")
    assert doc.kind == "protocol"
    assert doc.body_name == "Utbildningsnämndens arbetsutskott"
    meeting = doc.meeting
    assert meeting is not None
    assert (meeting.day, meeting.start, meeting.end) == (date(2022, 3, 30), time(13, 0), time(14, 30))
    assert meeting.place == "Digitalt möte"
    assert meeting.decision_makers == [
        ParsedPerson("Mikael Johansson", party="S", role="ordförande"),
        ParsedPerson("Anna Arvidson", party="S", role="vice ordförande"),
        ParsedPerson("Lina Lindman", party="VF"),
    ]
    others = {p.name: p.role for p in meeting.others_present}
    assert others["Kent Ylvesson"] == "skolchef"
    assert others["Kristina Kamsten"] == "sekreterare"
    assert others["Ann-Christine Sundqvist Gunnar"] == "utvecklingsledare"
    assert meeting.adjusters == ["Lina Lindman"]
    assert meeting.adjustment_place_time == "Digital justering 2022-04-04 13:00"
    assert meeting.adjusted_at == datetime(2022, 4, 4, 13, 0)
    assert (meeting.posted_on, meeting.taken_down_on) == (date(2022, 4, 5), date(2022, 4, 5))
    assert (meeting.chair, meeting.secretary) == ("Mikael Johansson", "Kristina Kamsten")
    assert meeting.paragraph_range == (19, 19)
    assert meeting.storage_place == "Centralarkivet Ånge"
    assert doc.warnings == []


def test_seed_000_paragraph_19() -> None:
    doc = parse_seed("000")
    assert len(doc.paragraphs) == 1
    para = doc.paragraphs[0]
    assert (para.number, para.title) == (19, "Ny samverkansmodell i länet")
    expected = parse_dnr("UTB 22/30")
    assert para.dnr is not None and expected is not None and para.dnr.key == expected.key
    assert para.decision_intro == "Utbildningsnämndens arbetsutskott föreslår utbildningsnämnden besluta att"
    assert para.clauses == [
        "ge skolchef i uppdrag att i samarbete med SocialRekos beredningsgrupp arbeta vidare med förslag på "
        "samverkansmodell.",
        "åiterrapportering av ärendet ges fortlöpande till utbildningsnämnden.",
    ]
    assert para.proposal is not None and para.proposal.startswith("Utbildningsförvaltningen föreslår")
    assert para.distribution == ["Kent Ylvefson, skolchef"]
    assert para.documents == [
        "Tjänsteskrivelse ny samverkansmodell",
        "Förslag till resonemang och beslut av ny samverkansmodell",
    ]
    assert para.body_text.startswith("SocialReko består av")
    # the repeated page header and footer never leak into the paragraph
    for noise in ("Mötesdatum", "Justerandes sign", "Utdragsbestyrkande", "Beslut\n"):
        assert noise not in para.body_text
    assert not para.confidential
    assert [a.assignee for a in para.assignments][:1] == ["skolchef"]


# --- seed 001: Socialnämnden, § without header --------------------------------------------------


def test_seed_001_socialnamnden() -> None:
    doc = parse_seed("001")
    assert doc.kind == "protocol"
    assert doc.body_name == "Socialnämnden"
    assert doc.meeting is not None and doc.meeting.day is None
    assert any("datum" in warning for warning in doc.warnings)
    (para,) = doc.paragraphs
    assert (para.number, para.title) == (14, "Samverkansorganisation -information")
    assert para.dnr_written == "SN/2022:61"
    assert para.dnr is not None and para.dnr.key == "SN:2022:61"
    assert para.decision_intro == "Socialnämnden beslutar:"
    assert len(para.clauses) == 2
    assert para.clauses[0].startswith("Inriktning för fortsatt samarbete")
    assert para.clauses[0].endswith("vuxna samt äldre.")
    assert para.clauses[1].startswith("Uppdra till förvaltningschef")
    assert para.distribution == ["Kommunstyrelsen"]
    assert [a.assignee for a in para.assignments] == ["förvaltningschef"]
    assert "Ärendets behandling" not in para.body_text and "ersätta socialreko" in para.body_text


# --- seed 002: Skol- och utbildningschefer, §§ 100–110 -------------------------------------------


def test_seed_002_header() -> None:
    doc = parse_seed("002")
    assert doc.kind == "protocol"
    assert doc.body_name == "Skol- och utbildningschefer"
    meeting = doc.meeting
    assert meeting is not None
    assert (meeting.day, meeting.place) == (date(2024, 9, 20), "Regionens Hus")
    assert len(meeting.decision_makers) == 13
    assert ParsedPerson("Pär Arvidsson Fäldt", organisation="Lidköping") in meeting.decision_makers
    assert [(p.name, p.organisation) for p in meeting.absent] == [
        ("Tina Hededal", "Essunga"),
        ("Linda Edling", "Grästorps"),
        ("Mari-Louise Brage", "Hjo"),
        ("Zophia Zander Norell", "Tibro"),
        ("Leif Carlsson", "Töreboda"),
    ]
    others = {p.name: p for p in meeting.others_present}
    assert others["Daniel Ekman"].organisation == "Skaraborgs Kommunalförbund"
    assert others["Bertil Jonsson"].organisation == "Lidköping"
    assert others["Zelal-Sara Yesildeniz"].organisation == "Tidaholm"
    assert meeting.adjusters == ["Catarina Higgins"]
    assert meeting.secretary == "Daniel Ekman"
    assert meeting.chair == "Katarina Lindberg/Pär Arvidsson Fältdt"
    assert meeting.next_meeting == "2024-10-24--25"
    assert meeting.next_meeting_day == date(2024, 10, 24)


def test_seed_002_paragraphs() -> None:
    doc = parse_seed("002")
    assert [p.number for p in doc.paragraphs] == list(range(100, 111))
    titles = [p.title for p in doc.paragraphs]
    assert titles[0] == "Mötets öppnande" and titles[-1] == "Avslutning"
    assert titles[2] == "Förra mötets protokoll"
    by_number = {p.number: p for p in doc.paragraphs}
    assert by_number[105].title == "Statsbidrag regionalt yrkesvux 2025"
    assert by_number[105].item_marker == "B"
    assert by_number[102].decision_intro == "Mötet beslutar att:"
    assert by_number[102].clauses == ["Lägga förra mötets protokoll till handlingarna."]
    assert by_number[105].decision_intro == "Mötet beslutar att:"
    assert len(by_number[105].clauses) == 2
    assert by_number[105].clauses[0].startswith("Skolchefsgruppen beslutar medfinansiering")
    assert by_number[105].clauses[1].startswith("Yrkesbyråns ledningsgrupp")
    assert "Mötet beslutar" not in by_number[105].body_text
    assert by_number[110].body_text == "Ordförande avslutar mötet"
    assert all(not p.clauses for n, p in by_number.items() if n not in (102, 105))


# --- seed 003: beslutsförslag with two clause lists ---------------------------------------------


def test_seed_003_proposal() -> None:
    doc = parse_seed("003", reference=date(2022, 3, 1))
    assert doc.kind == "proposal"
    assert doc.title == "Ny samverkansmodell"
    (para,) = doc.paragraphs
    assert para.number is None
    assert para.title == "Förslag till beslut om fortsatt arbete med samverkansmodellen"
    assert len(para.clauses) == 12
    assert para.clauses[0] == para.clauses[6]
    assert para.clauses[1].startswith("ge i skolcheferna i uppdrag")
    assert para.clauses[7].startswith("ge i beredningsgruppen i uppdrag")
    deadlines = {(a.due, a.due_time) for a in para.assignments} | {
        (a.report_at, a.report_time) for a in para.assignments if a.report_at
    }
    for expected in [
        (date(2022, 4, 8), None),
        (date(2022, 5, 1), None),
        (date(2022, 6, 3), time(9, 0)),
        (date(2022, 9, 23), time(9, 0)),
        (date(2022, 10, 31), None),
        (date(2022, 12, 9), time(9, 0)),
    ]:
        assert expected in deadlines
    assignees = {a.assignee for a in para.assignments}
    assert assignees == {"skolcheferna", "beredningsgruppen"}


# --- seed 004: samverkansavtal -------------------------------------------------------------------


def test_seed_004_agreement() -> None:
    doc = parse_seed("004")
    assert doc.kind == "agreement" and doc.paragraphs == [] and doc.meeting is None
    agreement = doc.agreement
    assert agreement is not None
    assert agreement.title.startswith("Samverkansavtal mellan Bildningsförvaltningen")
    assert agreement.parties == ["Bildningsförvaltningen", "Socialförvaltningen"]
    assert agreement.period == "läsåren 2018/2019 till läsåret 2020/2021"
    assert agreement.body_kind == "styrgrupp"
    assert agreement.meetings_per_year == 6
    assert agreement.member_functions == [
        "Utbildningschef för förskola",
        "Utbildningschef för grundskola och grundsärskola",
        "Utbildningschef för gymnasiet och vuxenutbildningen",
        "Kvalitetschef",
        "Avdelningschef för Individ och familjeomsorg",
        "Verksamhetsutvecklare för Individ och familjeomsorg",
    ]
    assert len(agreement.duties) == 2
    assert "årligen" in agreement.duties[0] and "sista styrgruppsmötet" in agreement.duties[0]
    assert "2020/2021" in agreement.duties[1]
    assert "Bildningsnämnden och Socialnämnden" in agreement.duties[1]
    assert agreement.signed_place_date == "Trelleborg den 18/5-18"
    assert agreement.signed_on == date(2018, 5, 18)
    assert agreement.signatories == [
        ParsedPerson("Linda Abrahamsson", role="förvaltningschef", organisation="Bildningsförvaltningen"),
        ParsedPerson("Annikki Tinmark", role="förvaltningschef", organisation="Socialförvaltningen"),
    ]


# --- own fixtures ---------------------------------------------------------------------------------


def test_missing_paragraph_signs_follow_declared_range() -> None:
    doc = parse_fixture("missing_paragraph_signs.txt")
    assert doc.body_name == "Kultur- och fritidsnämnden"
    assert [(p.number, p.title) for p in doc.paragraphs] == [
        (45, "Val av justerare"),
        (46, "Föreningsbidrag 2024"),
        (47, "Biblioteksplan"),
        (48, "Övriga frågor"),
    ]
    para = doc.paragraphs[1]
    assert para.dnr is not None and para.dnr.key == "KFN:2023:88"
    assert para.clauses == [
        "fördela föreningsbidrag för 2024 enligt bilaga 1,",
        "ge förvaltningschefen i uppdrag att redovisa utfallet senast 31/3.",
    ]
    assert "12 Föreningar har sökt" in para.body_text  # a number at line start is no § here
    assert para.assignments[-1].due == date(2024, 3, 31)  # 31/3 after a meeting in November
    assert para.distribution == ["Föreningarna", "Ekonomienheten"]
    assert doc.meeting is not None and doc.meeting.storage_place == "Kultur- och fritidsförvaltningen"


def test_page_furniture_inside_sentences_and_clauses() -> None:
    doc = parse_fixture("page_breaks.txt")
    para = doc.paragraphs[0]
    assert (
        para.clauses[1] == "ge förvaltningschefen i uppdrag att återkomma med en handlingsplan senast 30/9."
    )
    assert para.assignments[-1].due == date(2023, 9, 30)
    assert para.body_text == (
        "Elevhälsan har under våren arbetat med att samordna insatserna mellan skolorna och\n"
        "socialtjänsten. Samverkan sker nu i fasta team."
    )
    assert para.documents == ["Tjänsteskrivelse 2023-04-20"]
    meeting = doc.meeting
    assert meeting is not None
    assert (meeting.posted_on, meeting.taken_down_on) == (date(2023, 5, 16), date(2023, 6, 7))
    assert meeting.place == "Stadshuset, sal Ljusdal"
    assert (meeting.start, meeting.end) == (time(13, 0), time(15, 30))
    assert [p.title for p in doc.paragraphs] == ["Elevhälsans organisation", "Läsårstider 2024/2025"]
    assert doc.paragraphs[1].distribution == ["Rektorerna"]


def test_confidential_paragraph_is_flagged() -> None:
    doc = parse_fixture("sekretess.txt")
    flags = {p.number: p.confidential for p in doc.paragraphs}
    assert flags == {31: True, 32: False}
    assert doc.paragraphs[0].title == "Ansökan om bistånd enligt 4 kap. 1 § SoL"
    assert [p.dnr.key for p in doc.paragraphs if p.dnr] == ["SN:2023:112", "SN:2023:97"]
    assert doc.paragraphs[1].assignments[0].assignee == "enhetschefen"


def test_markdown_minutes() -> None:
    doc = parse_fixture("styrgrupp_minnesanteckningar.md")
    assert doc.kind == "protocol"
    assert doc.body_name == "Styrgruppen för samverkan skola–socialtjänst"
    meeting = doc.meeting
    assert meeting is not None
    assert (meeting.day, meeting.start, meeting.end) == (date(2023, 2, 14), time(9, 0), time(11, 0))
    assert meeting.place == "Stadshuset, rum Kullen"
    assert meeting.secretary == "Lisa Ek"
    assert [p.name for p in meeting.others_present] == ["Eva Berg", "Omar Haddad", "Lisa Ek"]
    assert [p.name for p in meeting.absent] == ["Jonas Lind"]
    assert meeting.next_meeting_day == date(2023, 4, 18)
    para = doc.paragraphs[1]
    assert para.title == "Rutin för orosanmälan" and para.dnr_written == "Dnr BIF 2023/14"
    assert para.body_text == "Rutinen för orosanmälan har reviderats efter förra läsåret."
    assert para.assignments[-1].assignee == "Omar Haddad"
    assert para.assignments[-1].due == date(2023, 3, 15)


# --- reading files ------------------------------------------------------------------------------


def _write_pdf(text: str, path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.split("\n"):
        pdf.multi_cell(0, 5, line.replace("\t", "  ") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_gives_the_same_protocol_as_the_text(tmp_path: Path) -> None:
    source = FIXTURES / "page_breaks.txt"
    pdf_path = tmp_path / "page_breaks.pdf"
    _write_pdf(source.read_text(encoding="utf-8"), pdf_path)
    from_pdf = parse_document(read_document(pdf_path), source_name=pdf_path.name)
    from_text = parse_fixture("page_breaks.txt")
    assert from_pdf.kind == "protocol"
    assert [(p.number, p.title, p.clauses) for p in from_pdf.paragraphs] == [
        (p.number, p.title, p.clauses) for p in from_text.paragraphs
    ]
    assert from_pdf.meeting is not None and from_pdf.meeting.day == date(2023, 5, 10)


def test_scanned_pdf_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a page with a picture and no text layer
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ImportReadError, match="inskannad"):
        read_document(path)


def test_unreadable_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text(" \n\t\n", encoding="utf-8")
    with pytest.raises(ImportReadError, match="tom"):
        read_document(empty)
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(b"inte en pdf")
    with pytest.raises(ImportReadError, match="PDF"):
        read_document(broken)
    docx = tmp_path / "protokoll.docx"
    docx.write_bytes(b"PK\x03\x04")
    with pytest.raises(ImportReadError, match="Filtypen"):
        read_document(docx)


def test_cp1252_and_nbsp_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "gammal.txt"
    path.write_bytes("§ 5\u00a0Val av justerare\r\n\r\nSocialnämnden\tbeslutar:".encode("cp1252"))
    assert read_document(path) == "§ 5 Val av justerare\n\nSocialnämnden beslutar:"


def test_content_hash_is_stable_across_reimport() -> None:
    path = seed_path("000")
    raw = path.read_text(encoding="utf-8")
    first = parse_document(raw, source_name=path.name)
    again = parse_document(read_document(path), source_name="annat namn")
    assert first.content_hash == again.content_hash
    assert normalise_text(normalise_text(raw)) == normalise_text(raw)
    assert parse_document(raw + "\n§ 20 Tillägg", source_name="x").content_hash != first.content_hash


# --- robustness -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_document_never_raises(text: str) -> None:
    doc = parse_document(text, source_name="slump.txt", reference=date(2024, 1, 1))
    assert doc.kind in {"protocol", "agreement", "proposal", "unknown"}
    assert len(doc.content_hash) == 64


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="xyzqwkjv .,;!?\n\t\u00a0", min_size=0, max_size=400))
def test_garbage_is_unknown_with_a_warning(text: str) -> None:
    doc = parse_document(text, source_name="slump.txt")
    assert doc.kind == "unknown"
    assert doc.paragraphs == [] and doc.meeting is None
    assert len(doc.warnings) == 1
