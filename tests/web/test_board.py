"""The public anslagstavla: notices with the right dates, the archive, sekretess, Atom, tenants."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from sqlalchemy import select

from bot.web.links import signer_for
from storage.models import AgendaItem, Body, Meeting, Tenant
from tests.web.conftest import adjust_seed_000

ATOM = "{http://www.w3.org/2005/Atom}"


def _slug(services, meeting) -> str:  # type: ignore[no-untyped-def]
    return signer_for(services).tenant_slug(meeting.tenant_id)


def test_notice_shows_the_legal_facts_and_the_protocol(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    meeting = adjust_seed_000(chat, services, clock)
    slug = _slug(services, meeting)
    clock.set(datetime(2022, 4, 5, 7, 0, tzinfo=UTC))
    page = client.get(f"/anslagstavla/{slug}")
    assert page.status == 200 and 'lang="sv"' in page.text
    html = page.text
    for fact in ("Utbildningsnämndens arbetsutskott", "30 mars 2022", "§§ 19–20", "4 april 2022", "5 april 2022",
                 "26 april 2022", "Centralarkivet Ånge", "13 kapitlet kommunallagen", "förvaltningsrätten"):
        assert fact in html, fact
    assert 'datetime="2022-04-26"' in html and 'datetime="2022-04-05"' in html
    # the appeal end date is the one the chat and the protocol show
    assert "2022-04-26" in chat("protokoll anslag 2022-03-30", user="Kristina Kamsten")
    protocol = client.get(f"/anslagstavla/{slug}/protokoll/{meeting.id}")
    assert protocol.status == 200
    assert "§ 19 Ny samverkansmodell i länet" in protocol.text and "åiterrapportering" in protocol.text
    assert "§ 20 Sekretess" in protocol.text
    for secret in ("HEMLIGTNAMN", "HEMLIGTBESLUT", "Placering av elev"):
        assert secret not in protocol.text
    for fmt in ("html", "pdf"):
        rendered = client.get(f"/anslagstavla/{slug}/protokoll/{meeting.id}.{fmt}")
        assert rendered.status == 200, fmt
        assert b"HEMLIGTNAMN" not in rendered.body and b"HEMLIGTBESLUT" not in rendered.body
    assert client.get(f"/anslagstavla/{slug}/protokoll/{meeting.id}.pdf").body.startswith(b"%PDF")


def test_notice_is_up_until_d_plus_three_weeks_then_only_in_the_archive(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    meeting = adjust_seed_000(chat, services, clock)
    slug = _slug(services, meeting)
    marker = f'/anslagstavla/{slug}/protokoll/{meeting.id}"'
    timeline = [(datetime(2022, 4, 4, 20, 0, tzinfo=UTC), False, False),   # justerad, anslag is tomorrow
                (datetime(2022, 4, 5, 6, 0, tzinfo=UTC), True, False),     # D
                (datetime(2022, 4, 26, 21, 0, tzinfo=UTC), True, False),   # D + 3 weeks, 23:00 in Stockholm
                (datetime(2022, 4, 26, 22, 30, tzinfo=UTC), False, True),  # 00:30 the day after
                (datetime(2023, 1, 1, 12, 0, tzinfo=UTC), False, True)]
    for moment, on_board, in_archive in timeline:
        clock.set(moment)
        board = client.get(f"/anslagstavla/{slug}").text
        archive = client.get(f"/anslagstavla/{slug}/arkiv").text
        assert (marker in board, marker in archive) == (on_board, in_archive), moment
    assert client.get(f"/anslagstavla/{slug}/protokoll/{meeting.id}").status == 200  # archived protocols stay readable


def test_private_bodies_and_unjusterade_meetings_are_not_published(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    meeting = adjust_seed_000(chat, services, clock, public=False)
    slug = _slug(services, meeting)
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    assert "samverkansmodell" not in client.get(f"/anslagstavla/{slug}").text
    assert client.get(f"/anslagstavla/{slug}/protokoll/{meeting.id}").status == 404
    assert "samverkansmodell" not in client.get(f"/anslagstavla/{slug}/atom.xml").text


def test_kallelse_is_shown_until_the_meeting(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    chat('samverkan organ ny "Socialnämnden" kort SN typ nämnd', user="Kristina Kamsten")
    chat("samverkan kanal Socialnämnden", user="Kristina Kamsten", channel="sn")
    assert "✗" not in chat("mote ny 2022-04-20 kl. 18:00 plats Kommunhuset", user="Kristina Kamsten", channel="sn")
    with services.sessions() as session:
        body = session.scalars(select(Body)).one()
        body.is_public = True
        meeting = session.scalars(select(Meeting)).one()
        session.add(AgendaItem(tenant_id=body.tenant_id, meeting_id=meeting.id, position=1, title="Budget 2023"))
        session.commit()
        slug = signer_for(services).tenant_slug(body.tenant_id)
    clock.set(datetime(2022, 4, 20, 15, 59, tzinfo=UTC))  # 17:59 in Stockholm
    board = client.get(f"/anslagstavla/{slug}").text
    assert "Kallelser" in board and "Socialnämnden" in board and "Budget 2023" in board and "Kommunhuset" in board
    assert "kl. 18:00" in board
    feed = ET.fromstring(client.get(f"/anslagstavla/{slug}/atom.xml").body)
    assert any("Kallelse: Socialnämnden" in (e.findtext(f"{ATOM}title") or "") for e in feed.iter(f"{ATOM}entry"))
    clock.set(datetime(2022, 4, 20, 16, 1, tzinfo=UTC))
    assert "Budget 2023" not in client.get(f"/anslagstavla/{slug}").text


def test_atom_feed_is_valid_and_lists_the_notice(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    meeting = adjust_seed_000(chat, services, clock)
    slug = _slug(services, meeting)
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    page = client.get(f"/anslagstavla/{slug}/atom.xml")
    assert page.status == 200 and page.headers["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(page.body)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert "Utbildningsnämndens arbetsutskott 2022-03-30" in entry.findtext(f"{ATOM}title", "")
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/protokoll/{meeting.id}")
    datetime.fromisoformat(entry.findtext(f"{ATOM}updated", ""))
    assert "2022-04-26" not in entry.findtext(f"{ATOM}summary", "") and "26 april 2022" in entry.findtext(
        f"{ATOM}summary", "")
    assert "HEMLIG" not in page.text


def test_other_tenants_board_shows_nothing_of_this_one(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    meeting = adjust_seed_000(chat, services, clock)
    with services.sessions() as session:
        other = Tenant(platform="slack", external_id="TB", name="Kommun B")
        session.add(other)
        session.commit()
        other_id = other.id
    other_slug = signer_for(services).tenant_slug(other_id)
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    for path in ("", "/arkiv", "/atom.xml", f"/protokoll/{meeting.id}", f"/protokoll/{meeting.id}.pdf"):
        page = client.get(f"/anslagstavla/{other_slug}{path}")
        assert b"samverkansmodell" not in page.body and b"Utbildningsn" not in page.body, path
    assert client.get(f"/anslagstavla/{other_slug}/protokoll/{meeting.id}").status == 404
    forged_slug = f"{meeting.tenant_id}-0000000000"
    assert client.get(f"/anslagstavla/{forged_slug}").status == 404
    assert client.get(f"/anslagstavla/{meeting.tenant_id}").status == 404


def test_notice_names_paragraphs_with_gaps(chat, services, clock, client) -> None:  # type: ignore[no-untyped-def]
    from storage.models import Paragraph

    meeting = adjust_seed_000(chat, services, clock)
    with services.sessions() as session:
        session.add(Paragraph(tenant_id=meeting.tenant_id, body_id=meeting.body_id, meeting_id=meeting.id, year=2022,
                              number=25, title="Övrigt", locked=True))
        session.commit()
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    assert "§§ 19, 20, 25" in client.get(f"/anslagstavla/{_slug(services, meeting)}").text
