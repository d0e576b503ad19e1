"""A protocol file sent to the bot in Teams, through the real server and the fake connector."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.teams.uploads import FILE_DOWNLOAD_INFO
from storage.models import Paragraph, SourceDocument
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import BODY_000
from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text

pytestmark = pytest.mark.seeds


def _with_file(activity: dict[str, Any], *, name: str, url: str, download_info: bool = True) -> dict[str, Any]:
    """Attach a file as Teams does in a personal chat (download info), or as a plain attachment."""
    if download_info:
        attachment = {"contentType": FILE_DOWNLOAD_INFO, "contentUrl": "https://contoso.sharepoint.com/x", "name": name,
                      "content": {"downloadUrl": url, "uniqueId": "u-1", "fileType": name.rsplit(".", 1)[-1]}}
    else:
        attachment = {"contentType": "text/plain", "contentUrl": url, "name": name}
    return activity | {"text": "", "attachments": [attachment]}


def _send(server, connector, activity: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    connector.clear()
    assert server.post(activity).status_code in (200, 201)
    [reply] = connector.delivered
    return reply.activity


def _paragraphs(services) -> int:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalar(select(func.count(Paragraph.id)))


@pytest.fixture
def secretary(server, connector):  # type: ignore[no-untyped-def]
    """Kristina creates the body in the team channel, which makes her its sekreterare."""
    line = f'samverkan organ ny "{BODY_000}" kort UTB typ arbetsutskott'
    assert "är skapat" in visible_text(_send(server, connector, payloads.channel_message(line, service_url=connector.url)))
    return server


def test_secretary_sends_a_protocol_in_personal_chat_and_gets_the_summary(secretary, connector, services,
                                                                          card_validator) -> None:
    path = seed_path("000")
    url = connector.add_file(path.name, path.read_bytes())
    upload = _with_file(payloads.personal_message("", service_url=connector.url), name=path.name, url=url)
    reply = _send(secretary, connector, upload)
    [card] = cards_of(reply)
    assert not list(card_validator.iter_errors(card))
    text = visible_text(reply)
    assert f"Import av «{path.name}»" in text and "Filen är importerad" in text
    assert "Möten: 1" in text and "Paragrafer: 1" in text, text
    assert connector.downloads == [f"/files/{url.rsplit('/', 2)[1]}/{path.name}"]
    # the channel re-delivers the same activity: imported and answered once
    connector.clear()
    assert secretary.post(upload).status_code in (200, 201)
    assert connector.delivered == [] and len(connector.downloads) == 1

    found = visible_text(_send(secretary, connector, payloads.personal_message("beslut UTB 22/30",
                                                                               service_url=connector.url)))
    assert "§ 19" in found and "Ny samverkansmodell i länet" in found

    again = _with_file(payloads.personal_message("", service_url=connector.url), name=path.name,
                       url=connector.add_file(path.name, path.read_bytes()))
    assert "redan importerad" in visible_text(_send(secretary, connector, again))
    assert _paragraphs(services) == 1
    with services.sessions() as session:
        assert session.scalars(select(SourceDocument.source_name)).one() == f"uppladdad/{path.name}"


def test_group_chat_plain_attachment_is_imported_too(secretary, connector, services) -> None:
    path = seed_path("000")
    upload = _with_file(payloads.group_message("", service_url=connector.url), name=path.name,
                        url=connector.add_file(path.name, path.read_bytes()), download_info=False)
    assert "Paragrafer: 1" in visible_text(_send(secretary, connector, upload))
    assert _paragraphs(services) == 1


def test_non_secretary_is_refused_and_nothing_is_imported(secretary, connector, services) -> None:
    path = seed_path("000")
    upload = _with_file(payloads.personal_message("", service_url=connector.url, user=payloads.LINA),
                        name=path.name, url=connector.add_file(path.name, path.read_bytes()))
    assert "Bara sekreterare eller ordförande" in visible_text(_send(secretary, connector, upload))
    assert _paragraphs(services) == 0


def test_unsupported_type_is_refused_without_downloading(secretary, connector, services) -> None:
    upload = _with_file(payloads.personal_message("", service_url=connector.url), name="protokoll.docx",
                        url=connector.add_file("protokoll.docx", b"PK\x03\x04 word"))
    text = visible_text(_send(secretary, connector, upload))
    assert "«protokoll.docx» kunde inte importeras" in text and "bara .txt, .md och .pdf" in text, text
    assert connector.downloads == []
    assert _paragraphs(services) == 0


def test_a_file_in_a_channel_gets_the_personal_chat_hint(secretary, connector, services) -> None:
    path = seed_path("000")
    post = payloads.channel_message("importera", service_url=connector.url)
    post["attachments"] = [{"contentType": "text/html",
                            "content": '<p>importera</p><attachment id="abc-123"></attachment>'}]
    text = visible_text(_send(secretary, connector, post))
    assert "skicka filen i ett personligt meddelande till boten" in text
    unaddressed = payloads.channel_message("här är protokollet", service_url=connector.url, mention=False)
    unaddressed["attachments"] = [{"contentType": "reference", "name": path.name,
                                   "contentUrl": connector.add_file(path.name, path.read_bytes())}]
    connector.clear()
    assert secretary.post(unaddressed).status_code in (200, 201)
    assert connector.delivered == [] and connector.downloads == []
    assert _paragraphs(services) == 0


def test_a_broken_download_is_reported_and_imports_nothing(secretary, connector, services) -> None:
    upload = _with_file(payloads.personal_message("", service_url=connector.url), name="p.txt",
                        url=f"{connector.url}files/missing/p.txt")
    text = visible_text(_send(secretary, connector, upload))
    assert "«p.txt» kunde inte hämtas" in text and "404" in text, text
    assert _paragraphs(services) == 0
