"""Acceptance: a full justering round in the terminal chat with two justerare.

Lina asks for a change, the secretary corrects § 19 and sends it again, both adjust; the
paragraphs are locked, a later edit is refused with the way to correct, and every post the
round causes is an outbox row (DMs, channel mentions, the channel notice, the extract).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from handlers.reply_codec import reply_from_dict
from storage.models import Adjustment, Meeting, OutboxMessage, Paragraph
from tests.conftest import seed_path
from tests.scenarios.protocol_scripts import record_19, seed_000_protocol_script
from tests.scenarios.seed_scripts import SECRETARY, seed_000_clauses

ORGAN = 'organ "Utbildningsnämndens arbetsutskott"'


def _outbox(services) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_two_justerare_change_correct_adjust_lock(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("000")
    chat("beslut UTB 22/30", user="Anna Arvidson")  # Anna has written in chat: she can get a DM
    for line in seed_000_protocol_script(path):
        assert "✗" not in chat(line, user=SECRETARY), line
    assert "✓" in chat("mote justerare Lina Lindman, Anna Arvidson möte 2022-03-30", user=SECRETARY)

    refused = chat("protokoll klart 2022-03-30", user="Anna Arvidson")
    assert "behörighet" in refused
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    sent = chat("protokoll klart 2022-03-30", user=SECRETARY)
    assert "Lina Lindman (i kanalen)" in sent and "Anna Arvidson (direktmeddelande)" in sent
    first = _outbox(services)
    dm = next(r for r in first if r.audience == "person")
    assert (dm.platform, dm.destination, dm.kind, dm.state) == ("console", "Anna Arvidson", "justering_request", "pending")
    card = reply_from_dict(dm.payload["reply"])
    assert [b.label for b in card.buttons] == ["Justera", "Begär ändring"]
    assert card.buttons[0].command == f"protokoll justera 2022-03-30 {ORGAN}"
    assert card.buttons[1].needs_input == "Vad behöver ändras?"
    mention = next(r for r in first if r.audience == "channel")
    assert mention.destination == "utb-au" and "Lina Lindman:" in reply_from_dict(mention.payload["reply"]).text

    outsider = chat(f"protokoll justera 2022-03-30 {ORGAN}", user="Marita Westin")
    assert "inte utsedd att justera" in outsider and "Lina Lindman, Anna Arvidson" in outsider

    # Lina clicks "Begär ändring" in a DM: the button's command plus her comment, no channel binding needed.
    from bot.console import invocation_for
    from bot.render_text import render_text
    from handlers.context import ChannelRef
    from handlers.dispatch import dispatch

    inv = invocation_for(f"protokoll ändring 2022-03-30 {ORGAN} Andra att-satsen har ett stavfel",
                         user="Lina Lindman", channel="dm")
    inv = type(inv)(command=inv.command, text=inv.text, tenant=inv.tenant, actor=inv.actor,
                    channel=ChannelRef(channel_id="dm-lina", is_direct=True))
    changed = render_text(dispatch(inv, services=services))
    assert "skickad till sekreteraren" in changed, changed
    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        assert meeting.state == "genomfört"
        lina = session.scalars(select(Adjustment).where(Adjustment.name == "Lina Lindman")).one()
        assert (lina.state, lina.comment) == ("ändring", "Andra att-satsen har ett stavfel")
    notice = [r for r in _outbox(services) if r.kind == "justering_change"]
    assert notice and notice[0].destination == SECRETARY
    assert "stavfel" in reply_from_dict(notice[0].payload["reply"]).text

    clauses = seed_000_clauses(path)
    fixed = [clauses[0], clauses[1].replace("åiterrapportering", "återrapportering")]
    assert "✓" in chat(record_19(path, replace=True, clauses=fixed), user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 9, 0, tzinfo=UTC))
    again = chat("protokoll klart", user=SECRETARY)
    assert "Lina Lindman (direktmeddelande)" in again  # she has written since, so now she gets a DM

    clock.set(datetime(2022, 4, 4, 10, 30, tzinfo=UTC))
    one = chat("protokoll justera", user="Anna Arvidson")
    assert "Du har justerat" in one and "Väntar på: Lina Lindman" in one
    assert "redan justerat" in chat("protokoll justera", user="Anna Arvidson")
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    done = chat(f"protokoll justera 2022-03-30 {ORGAN}", user="Lina Lindman")
    assert "är justerat" in done and "Digital justering 2022-04-04 13:00" in done

    with services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        assert meeting.state == "justerat" and meeting.adjusted_at is not None
        assert meeting.adjustment_place_time == "Digital justering 2022-04-04 13:00"
        assert (meeting.posted_on, meeting.appeal_ends_on) == (date(2022, 4, 5), date(2022, 4, 26))
        assert all(a.state == "justerad" and a.decided_at for a in meeting.adjustments)
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.locked and paragraph.clauses[1].text.startswith("återrapportering")

    later = chat(record_19(path, replace=True), user=SECRETARY)
    assert "justerad och låst" in later and "/beslut rätta § 19 2022" in later
    assert "✓" in chat("beslut rätta § 19 2022: att ge skolchef i uppdrag; att återrapportering ges", user=SECRETARY)
    assert "redan justerat" in chat("protokoll klart 2022-03-30", user=SECRETARY)

    rows = _outbox(services)
    kinds = [r.kind for r in rows]
    assert kinds.count("protocol_adjusted") == 1 and kinds.count("protocol_extract") == 1
    extract = reply_from_dict(next(r for r in rows if r.kind == "protocol_extract").payload["reply"])
    assert "Kent Ylvefson, skolchef" in extract.text and extract.sections[0].heading.startswith("§ 19")
    assert all(r.send_at is not None and r.state == "pending" for r in rows)


def test_last_justering_of_a_public_body_links_to_its_notice(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    from aiohttp.test_utils import TestClient, TestServer

    from bot.server import build_app
    from storage.models import Body

    path = seed_path("000")
    for line in seed_000_protocol_script(path):
        assert "✗" not in chat(line, user=SECRETARY), line
    with services.sessions() as session:
        session.scalars(select(Body)).one().is_public = True
        session.commit()
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    chat("protokoll klart 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    done = chat(f"protokoll justera 2022-03-30 {ORGAN}", user="Lina Lindman")
    assert "Tillkännagivandet på anslagstavlan: http" in done, done
    url = done.split("Tillkännagivandet på anslagstavlan: ", 1)[1].split()[0]
    path_only = url.split("://", 1)[1].split("/", 1)[1]

    async def fetch() -> tuple[int, str]:
        async with TestClient(TestServer(build_app(services=services))) as client:
            response = await client.get("/" + path_only)
            return response.status, await response.text()

    import asyncio

    status, page = asyncio.run(fetch())
    assert status == 200 and "Ny samverkansmodell i länet" in page and "2022-04-04" in page
