"""Bodies come from what the protocol says and are matched across files, spellings and renames."""

from __future__ import annotations

from datetime import date

from handlers.archive.import_meeting import find_or_create_body
from handlers.archive.protocol_parser import parse_document


def test_a_page_header_is_no_body_and_the_real_one_is_found_under_it() -> None:
    text = ("SAMMANTRÄDESPROTOKOLL\nSida\n1(14)\nSocialnämndens arbetsutskott\nSammanträdesdatum\n2019-03-12\n\n"
            "§ 12 Budget\n\nBeslut\n\natt godkänna budgeten\n")
    document = parse_document(text, source_name="x.pdf", reference=date(2024, 1, 1))
    assert (document.body_name, document.meeting.day if document.meeting else None) == (
        "Socialnämndens arbetsutskott", date(2019, 3, 12))


def test_sammantradesprotokoll_sida_1_av_6_alone_gives_no_body() -> None:
    text = ("SAMMANTRÄDESPROTOKOLL Sida 1 av 6\nSammanträdesdatum 2019-03-12\n\n§ 12 Budget\n\nBeslut\n\n"
            "att godkänna budgeten\n")
    document = parse_document(text, source_name="x.pdf", reference=date(2024, 1, 1))
    assert document.body_name is None and "organ" in document.guessed


def test_bodies_are_matched_across_spellings_and_the_landsting_to_region_rename(services) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        from bot.console import CONSOLE_TENANT
        from handlers.archive.batch import tenant_for

        tenant = tenant_for(session, ref=CONSOLE_TENANT)
        first = find_or_create_body(session, tenant_id=tenant.id, name="Landstingsstyrelsen")
        assert find_or_create_body(session, tenant_id=tenant.id, name="Regionstyrelsen").id == first.id
        assert find_or_create_body(session, tenant_id=tenant.id, name="REGIONSTYRELSEN").id == first.id
        council = find_or_create_body(session, tenant_id=tenant.id, name="Landstinget Kronoberg")
        assert find_or_create_body(session, tenant_id=tenant.id, name="Region  Kronoberg").id == council.id
        committee = find_or_create_body(session, tenant_id=tenant.id, name="Socialnämndens arbetsutskott")
        assert find_or_create_body(session, tenant_id=tenant.id, name="Socialnämnden").id != committee.id
