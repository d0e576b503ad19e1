"""Issue 17: people concerned are notified (mentions), and a change request reaches the channel."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from handlers.reply_codec import reply_from_dict
from storage.models import OutboxMessage
from tests.conftest import seed_path
from tests.scenarios.protocol_scripts import seed_000_protocol_script
from tests.scenarios.seed_scripts import SECRETARY

ORGAN = 'organ "Utbildningsnämndens arbetsutskott"'


def test_a_change_request_is_posted_in_the_channel_mentioning_the_secretary(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("000")
    for line in seed_000_protocol_script(path):
        assert "✗" not in chat(line, user=SECRETARY), line
    assert "✓" in chat("mote justerare Lina Lindman möte 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    chat("protokoll klart 2022-03-30", user=SECRETARY)
    answer = chat(f"protokoll ändring 2022-03-30 {ORGAN} Andra att-satsen har ett stavfel", user="Lina Lindman")
    assert "skickad till sekreteraren" in answer
    with services.sessions() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "justering_change")))
    in_channel = [r for r in rows if r.audience == "channel"]
    assert in_channel, [(r.audience, r.destination) for r in rows]
    notice = reply_from_dict(in_channel[0].payload["reply"])
    assert "stavfel" in (notice.text or "")
    assert [m.name for m in notice.mentions] == [SECRETARY] and f"@{SECRETARY}" in (notice.text or "")


def test_a_justerare_who_looks_up_the_protocol_gets_the_justera_button(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("000")
    for line in seed_000_protocol_script(path):
        assert "✗" not in chat(line, user=SECRETARY), line
    assert "✓" in chat("mote justerare Lina Lindman möte 2022-03-30", user=SECRETARY)
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    chat("protokoll klart 2022-03-30", user=SECRETARY)
    seen_by_lina = chat(f"protokoll 2022-03-30 {ORGAN}", user="Lina Lindman")
    assert "[Justera]" in seen_by_lina and "[Begär ändring]" in seen_by_lina, seen_by_lina
    assert "[Justera]" not in chat(f"protokoll 2022-03-30 {ORGAN}", user=SECRETARY)  # not a justerare
