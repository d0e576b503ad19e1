"""SAMVERKAN_SEKRETESS_I_CHATT=aldrig: no sekretess text reaches the chat, not even a member's own DM.

The surfaces are those of ``test_sekretess_property.py`` (lookups by words, dnr and §, extracts,
protocols, agendas, meetings, assignment lists, member lists, digests and reminders), read here by
the *members* — in their direct chat and in the body's channel. A member asking for the § gets its
title and a personal link; the web page behind that link shows the text (the web is not chat).
With the default (``medlemmar``) the same member reads the text in chat: the test can tell.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from handlers.reply import Reply
from tests.server_thread import ServerThread
from tests.web.conftest import WebClient

SARA, MIA = ("U0SARA", "Sara"), ("U0MIA", "Mia")
SECRETS = ("Qbarnet", "Qhemmet", "Qutredning", "Qmottagare")
TITLE = "Placering enligt LVU"


def _send(services: object, tenant: str, who: tuple[str, str], channel: str | None, line: str) -> Reply:
    from handlers.commandline import split_command
    from handlers.dispatch import dispatch

    command, text = split_command(line)
    where = ChannelRef(channel_id=channel or f"D{who[0]}", name=channel, is_direct=channel is None)
    return dispatch(Invocation(command=command, text=text, tenant=TenantRef(platform="slack", external_id=tenant),
                               actor=ActorRef(user_id=who[0], display_name=who[1]), channel=where),
                    services=services)  # type: ignore[arg-type]


def _contains(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture(params=["aldrig", "medlemmar"])
def world(request: pytest.FixtureRequest, tmp_path) -> Iterator[tuple[str, object, WebClient]]:  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade
    from tests.conftest import FixedClock

    url = f"sqlite:///{tmp_path / 'policy.db'}"
    upgrade(url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url, SAMVERKAN_LINK_SECRET="policy",
                                                SAMVERKAN_SEKRETESS_I_CHATT=request.param),
                              clock=FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC)))
    with ServerThread(build_app(services=services)) as running:
        services.public_url = running.url
        for who, channel, line in [
            (SARA, "CSOC", 'samverkan organ ny "Socialnämndens individutskott" kort SOC typ arbetsutskott'),
            (SARA, "CSOC", "samverkan kanal SOC"),
            (SARA, "CSOC", f"samverkan medlem lägg till <@{MIA[0]}|mia> som ledamot"),
            (SARA, "CSOC", "mote ny 2022-03-30 kl. 15:00"),
            (SARA, "CSOC", f"beslut registrera § 20 {TITLE}\ndnr: SOC 22/77\nmöte: 2022-03-30\nbeslut:\n"
                           "1. Qbarnet placeras i Qhemmet.\n"
                           "2. uppdra åt socialchef att slutföra Qutredning senast 2022-04-30.\n"
                           "skickas till: Qmottagare\nsekretess"),
        ]:
            assert _send(services, "TPOL", who, channel, line).tone != "error", line
        yield request.param, services, WebClient(running.url)
    services.extras["engine"].dispose()


SURFACES = ("beslut SOC 22/77", "beslut Qbarnet", "beslut Qutredning", "beslut § 20 2022 organ SOC",
            "protokoll utdrag § 20 2022 organ SOC", "protokoll visa 2022-03-30 organ SOC", "dagordning organ SOC",
            "mote nästa SOC", "mote lista SOC", "uppdrag lista SOC", "uppdrag försenade", "uppdrag mina",
            "samverkan medlem lista SOC")


def test_members_read_sekretess_only_on_the_web_when_chat_is_closed_to_it(world) -> None:  # type: ignore[no-untyped-def]
    from bot.render_text import render_text

    policy, services, web = world
    seen: list[tuple[str, str]] = []
    for channel in (None, "CSOC"):
        for line in SURFACES:
            reply = _send(services, "TPOL", MIA, channel, line)
            seen.append((f"Mia@{channel}: {line}", render_text(reply) + " " + " ".join(reply.link or ())))
    seen.extend(_swept(services))
    leaked = [(where, word) for where, text in seen for word in SECRETS if _contains(text, word)]

    lookup = _send(services, "TPOL", MIA, None, "beslut SOC 22/77")
    if policy == "medlemmar":  # the default: a member reads the § in her own chat
        assert any(where.startswith("Mia@None: beslut SOC 22/77") for where, _ in leaked), leaked
        return
    assert not leaked, leaked
    assert TITLE in render_text(lookup) and lookup.private and lookup.ephemeral
    assert lookup.link is not None, "a member is sent to the web page"
    page = web.get(lookup.link[1].removeprefix(services.public_url))
    assert page.status == 200 and "Qhemmet" in page.text  # the web page (not chat) shows the text


def _swept(services: object) -> list[tuple[str, str]]:
    """Digests and reminders, to channels and to people's direct chats, from the real planner and sweep."""
    from bot.notifiers import NotifierRegistry
    from schedules.calendar import STOCKHOLM
    from schedules.planning_pass import run_planning_pass
    from schedules.sweep import SweepConfig, run_sweep
    from tests.recording_notifier import RecordingNotifier

    notifier = RecordingNotifier()
    registry = NotifierRegistry(notifiers={"slack": notifier}, intervals={"slack": 0.0})
    for moment in (datetime(2022, 4, 4, 8, 5, tzinfo=STOCKHOLM), datetime(2022, 4, 25, 8, 5, tzinfo=STOCKHOLM)):
        services.clock.set(moment)  # type: ignore[attr-defined]
        run_planning_pass(sessions=services.sessions, now=moment, force_full=True)  # type: ignore[attr-defined]
        run_sweep(sessions=services.sessions, registry=registry, clock=lambda m=moment: m,  # type: ignore[attr-defined]
                  config=SweepConfig(workers=1), rng=random.Random(1))
    return [(f"sweep → {d.kind} {d.address}", text) for d, text in notifier.posts]
