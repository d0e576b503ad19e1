"""`samverkan arkiv`: justerade protocols as PDF/A-2B with JSON metadata and checksums.

No PDF/A validator is installable here (veraPDF needs a Java download), so the test checks what
PDF/A-2B requires and a reader can see: PDF 1.7, XMP metadata declaring pdfaid part 2 / B, an
sRGB output intent (GTS_PDFA1), every font embedded, no encryption, no Info-only metadata.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, date, datetime

import pypdf
from sqlalchemy import select

from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from tests.cli_runner import invoke


def _send(services, line):  # type: ignore[no-untyped-def]
    from handlers.commandline import split_command
    from handlers.dispatch import dispatch

    command, rest = split_command(line)
    reply = dispatch(Invocation(command=command, text=rest, tenant=TenantRef(platform="slack", external_id="TARK"),
                                actor=ActorRef(user_id="U0SARA", display_name="Sara"),
                                channel=ChannelRef(channel_id="CSOC", name="CSOC", is_direct=False)), services=services)
    assert reply.tone != "error", (line, reply)


def _fonts(reader: pypdf.PdfReader) -> list[dict]:  # type: ignore[type-arg]
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                found.append(descendant.get_object()["/FontDescriptor"].get_object())
    return found


def test_archive_package_is_pdfa_2b_with_metadata(sqlite_url: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from storage.migrate import upgrade
    from storage.models import Meeting
    from tests.conftest import FixedClock

    upgrade(sqlite_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=sqlite_url),
                              clock=FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC)))
    for line in ('samverkan organ ny "Socialnämndens utskott" kort SOC typ arbetsutskott', "samverkan kanal SOC",
                 "mote ny 2022-03-30 kl. 15:00", "mote ny 2022-05-10 kl. 15:00",
                 "beslut registrera § 19 Budget för läsåret\ndnr: SOC 22/19\nmöte: 2022-03-30\nbeslut:\n"
                 "1. Budgeten fastställs.",
                 "beslut registrera § 20 Qhemlig placering\ndnr: SOC 22/20\nmöte: 2022-03-30\nbeslut:\n"
                 "1. Qbarnet placeras i Qhemmet.\nsekretess"):
        _send(services, line)
    with services.sessions() as session, session.begin():
        held = session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
        held.state, held.adjusted_at, held.posted_on = "justerat", datetime(2022, 4, 4, 12, tzinfo=UTC), date(2022, 4, 5)
    services.extras["engine"].dispose()

    folder = tmp_path / "arkiv" / "soc-2022"
    env = {"SAMVERKAN_DATABASE_URL": sqlite_url}
    result = invoke(["arkiv", "--organ", "SOC", "--mapp", str(folder), "--år", "2022"], env=env, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    [entry] = metadata["möten"]  # only the justerat meeting is the record
    assert entry["datum"] == "2022-03-30" and entry["anslag_uppsatt"] == "2022-04-05"
    assert [(p["nummer"], p["rubrik"], p["sekretess"]) for p in entry["paragrafer"]] == [
        (19, "Budget för läsåret", False), (20, "Sekretess", True)]
    data = (folder / entry["fil"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["byte"]

    assert data.startswith(b"%PDF-1.7")
    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    [intent] = root["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent.get_object()
    assert "/Encrypt" not in reader.trailer
    descriptors = _fonts(reader)
    assert descriptors and all("/FontFile2" in d for d in descriptors)  # every font embedded
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Budgeten fastställs" in text and "Qbarnet" not in text and "Qhemlig" not in text

    again = invoke(["arkiv", "--organ", "SOC", "--mapp", str(folder)], env=env, monkeypatch=monkeypatch)
    assert again.exit_code == 1 and "finns redan" in again.output
    assert [p.name for p in folder.parent.iterdir()] == ["soc-2022"]  # no half-written staging folder left
