"""PDF copies that lost line breaks keep their §§: flattened pages and headings glued to a line."""

from __future__ import annotations

from datetime import date

from handlers.archive.protocol_parser import parse_document

PAGE = (
    "Protokoll fört vid styrelsemöte 2021-04-19 Närvarande: Anna Berg, Erik Lund, Sara Ek "
    "Mötesordförande Anna Berg §§ 1-3 § 1 Mötets öppnande Anna Berg förklarar mötet öppnat och hälsar alla "
    "välkomna till dagens möte som hålls digitalt. § 2 Val av justerare Beslut att välja Erik Lund till "
    "justerare av protokollet tillsammans med ordföranden. § 3 Budget för 2022 Styrelsen går igenom förslaget "
    "och noterar att under § 103 i fjol beslutades en ram. Beslut att anta budgeten enligt förslaget från kassören "
    "med de ändringar som framgår av protokollet."
)


def test_a_page_on_one_line_keeps_its_items() -> None:
    document = parse_document(PAGE, source_name="sida.txt", reference=date(2021, 1, 1))
    assert [p.number for p in document.paragraphs] == [1, 2, 3]
    assert document.paragraphs[1].title.startswith("Val av justerare")


def test_a_heading_glued_to_the_line_before_is_found() -> None:
    text = (
        "Protokoll fört vid styrelsemöte 2021-04-19\n\nMötesordförande\nAnna Berg §1 2, 4§1 Mötets öppnande\n\n"
        "Beslut att förklara mötet öppnat.§2 Val av justerare\n\nBeslut att välja Erik Lund.\n\n"
        "§3 Övriga frågor\n\nInga.\n"
    )
    document = parse_document(text, source_name="x.txt", reference=date(2021, 1, 1))
    assert [p.number for p in document.paragraphs] == [1, 2, 3]


def test_references_in_prose_stay_where_they_are() -> None:
    text = (
        "Protokoll fört vid styrelsemöte 2021-04-19\n\n§ 1 Uppföljning\n\n"
        "Styrelsen påpekar att beslut § 36 (2015) är otydligt och att under § 103 och § 104 gäller annat.\n\n"
        "§ 2 Övriga frågor\n\nInga.\n"
    )
    document = parse_document(text, source_name="x.txt", reference=date(2021, 1, 1))
    assert [p.number for p in document.paragraphs] == [1, 2]
