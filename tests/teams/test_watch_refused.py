"""``/samverkan bevakning på`` in a Teams channel is refused with a reason, not a silent ✓ (issue 21).

The package asks for no resource-specific consent, so Teams delivers only messages that @mention the
bot: a «watch» would never see a diarienummer. The refusal says so and shows what works instead.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ChannelBinding
from tests.teams import payloads
from tests.teams.conftest import visible_text


def test_watch_in_a_teams_channel_is_refused_and_nothing_is_stored(server, connector, services) -> None:  # type: ignore[no-untyped-def]
    for line in ('samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB',
                 "samverkan kanal Utbildningsnämndens arbetsutskott"):
        assert server.post(payloads.channel_message(line, service_url=connector.url)).status_code in (200, 201)
    before = len(connector.delivered)

    server.post(payloads.channel_message("samverkan bevakning på", service_url=connector.url))
    [reply] = connector.delivered[before:]
    text = visible_text(reply.activity)
    assert "Bevakning finns inte i Teams" in text
    assert "@Samverkan beslut UTB 22/30" in text  # the way that works, in the channel's own syntax
    with services.sessions() as session:
        binding = session.scalars(select(ChannelBinding)).one()
        assert binding.body is not None, "the channel is bound: only the watch itself is refused"
        assert "watch" not in (binding.settings or {})
