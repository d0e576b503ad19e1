"""Property: whatever bodies, sekretess §§ and assignments exist, no output for a place or a non-member
contains a word of a secret.

Hypothesis draws the secret words, the dnr, whether the secret uppdrag reports back to another
body (and whether that body is public), and a distribution list. Each example is its own tenant in
one database behind the real web server; every surface is then read as the people who may not
read the secret: the other body's member, an outsider, and every channel post (a reply that is
neither ephemeral nor private) — also the secretary's own, since a channel has readers she does
not choose. Digests and reminders come from the real planning pass and sweep.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from handlers.reply import Reply
from tests.server_thread import ServerThread
from tests.web.conftest import WebClient

_tenants = itertools.count(1)
CONSONANTS = "bdfghjklmnprstvxz"
SARA, OLLE, OUTSIDER = ("U0SARA", "Sara"), ("U0OLLE", "Olle"), ("U0UTE", "Ute")


def _word(prefix: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=CONSONANTS + "aeiouyåäö", min_size=5, max_size=9).map(lambda w: prefix + w)


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, object]:
    return {"child": draw(_word("Qbarn")), "case": draw(_word("Qfall")), "place": draw(_word("Qhem")),
            "dnr": draw(st.integers(min_value=100, max_value=999)),
            "report_back": draw(st.booleans()), "public": draw(st.booleans()),
            "distribution": draw(st.lists(_word("Qmott"), max_size=2)),
            "extra_clause": draw(st.booleans())}


class Probe:
    """Sends commands in one tenant and collects every text a non-member or a place sees."""

    def __init__(self, services: object, tenant: str) -> None:
        self.services = services
        self.tenant = tenant
        self.seen: list[tuple[str, str]] = []

    def send(self, who: tuple[str, str], channel: str | None, line: str, *, reader: str) -> Reply:
        from bot.render_text import render_text
        from handlers.commandline import split_command
        from handlers.dispatch import dispatch

        command, text = split_command(line)
        where = ChannelRef(channel_id=channel or f"D{who[0]}", name=channel, is_direct=channel is None)
        reply = dispatch(Invocation(command=command, text=text, tenant=TenantRef(platform="slack", external_id=self.tenant),
                                    actor=ActorRef(user_id=who[0], display_name=who[1]), channel=where),
                         services=self.services)  # type: ignore[arg-type]
        shown = render_text(reply) + " " + " ".join(reply.link or ())
        if reader == "non-member" or (channel is not None and not reply.ephemeral and not reply.private):
            self.seen.append((f"{who[1]}@{channel}: {line}", shown))
        return reply


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, WebClient]]:
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade
    from tests.conftest import FixedClock

    url = f"sqlite:///{tmp_path_factory.mktemp('prop') / 'prop.db'}"
    upgrade(url)
    clock = FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=url, SAMVERKAN_LINK_SECRET="prop"),
                              clock=clock)
    with ServerThread(build_app(services=services)) as running:
        services.public_url = running.url
        yield services, WebClient(running.url)
    services.extras["engine"].dispose()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_no_surface_outside_the_members_shows_sekretess_text(server: tuple[object, WebClient],
                                                           world: dict[str, object]) -> None:
    services, web = server
    services.clock.set(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))  # type: ignore[attr-defined]
    tenant = f"TPROP{next(_tenants)}"
    probe = Probe(services, tenant)
    secrets = [str(world["child"]), str(world["case"]), str(world["place"]), f"SOC 22/{world['dnr']}",
               *[str(d) for d in world["distribution"]]]  # type: ignore[attr-defined]
    report = " och återrapportera till styrgruppen 2022-05-10" if world["report_back"] else ""
    clauses = [f"1. Barnet {world['child']} placeras i {world['place']}.",
               f"2. uppdra åt socialchef att utreda {world['case']} senast 2022-04-30{report}."]
    if world["extra_clause"]:
        clauses.append(f"3. ge förvaltningschef i uppdrag att följa {world['child']} senast 2022-04-20.")
    distribution = "; ".join(world["distribution"]) or "Socialchef"  # type: ignore[arg-type]
    setup = [
        (SARA, "CSOC", 'samverkan organ ny "Socialnämndens individutskott" kort SOC typ arbetsutskott'),
        (SARA, "CSOC", "samverkan kanal SOC"),
        (SARA, "CSTY", 'samverkan organ ny "Styrgruppen" kort STY typ styrgrupp'),
        (SARA, "CSTY", "samverkan kanal Styrgruppen"),
        (SARA, "CSTY", f"samverkan medlem lägg till <@{OLLE[0]}|olle> som ledamot"),
        (SARA, "CSOC", "mote ny 2022-03-30 kl. 15:00"),
        (SARA, "CSTY", "mote ny 2022-05-10 kl. 09:00"),
        (SARA, "CSOC", f"beslut registrera § 20 Placering av {world['child']}\ndnr: SOC 22/{world['dnr']}\n"
                       "möte: 2022-03-30\nbeslut:\n" + "\n".join(clauses) + f"\nskickas till: {distribution}\nsekretess"),
        (SARA, "CSOC", "beslut registrera § 21 Öppen förskola dnr SOC 22/1000 möte 2022-03-30: "
                       "1. uppdra åt förvaltningschef att öppna förskolan senast 2022-04-15."),
    ]
    for who, channel, line in setup:
        assert probe.send(who, channel, line, reader="member").tone != "error", line
    with services.sessions() as session:  # type: ignore[attr-defined]
        from storage.models import Body, Tenant

        row = session.scalars(select(Tenant).where(Tenant.external_id == tenant)).one()
        sty = session.scalars(select(Body).where(Body.tenant_id == row.id, Body.short_name == "STY")).one()
        sty.is_public = bool(world["public"])
        session.commit()
        tenant_id, sty_id = row.id, sty.id

    for who in (OLLE, OUTSIDER):
        for channel in ("CSTY", None):
            for line in ("dagordning organ STY", "mote nästa STY", "mote lista STY", "uppdrag lista SOC",
                         "uppdrag lista STY", "uppdrag försenade", "uppdrag mina", f"beslut {world['child']}",
                         f"beslut {str(world['case'])[:-1]}", f"beslut SOC 22/{world['dnr']}",
                         "beslut § 20 2022 organ SOC", "protokoll utdrag § 20 2022 organ SOC",
                         "protokoll visa 2022-03-30 organ SOC", "samverkan medlem lista SOC"):
                probe.send(who, channel, line, reader="non-member")
    for line in ("dagordning", "mote nästa", "uppdrag lista", "uppdrag försenade", "protokoll visa 2022-03-30",
                 f"beslut SOC 22/{world['dnr']}", f"beslut {world['case']}"):
        probe.send(SARA, "CSOC", line, reader="member")  # kept only where it became a channel post
        probe.send(SARA, "CSTY", line + (" organ SOC" if line.startswith(("dagordning", "protokoll")) else ""),
                   reader="member")

    _sweep(services, probe)
    _web(services, web, probe, tenant_id=tenant_id, sty_id=sty_id, world=world)
    for where, text in probe.seen:
        found = [s for s in secrets if _contains(text, s) and not _contains(where, s)]
        assert not found, (where, found, text[:600])


def _contains(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def _sweep(services: object, probe: Probe) -> None:
    from bot.notifiers import NotifierRegistry
    from handlers.notify import Destination  # noqa: F401 - the recorded posts carry it
    from schedules.calendar import STOCKHOLM
    from schedules.planning_pass import run_planning_pass
    from schedules.sweep import SweepConfig, run_sweep
    from tests.recording_notifier import RecordingNotifier

    notifier = RecordingNotifier()
    registry = NotifierRegistry(notifiers={"slack": notifier}, intervals={"slack": 0.0})
    for moment in (datetime(2022, 4, 4, 8, 5, tzinfo=STOCKHOLM), datetime(2022, 4, 25, 8, 5, tzinfo=STOCKHOLM),
                   datetime(2022, 5, 2, 8, 5, tzinfo=STOCKHOLM), datetime(2022, 5, 9, 8, 5, tzinfo=STOCKHOLM)):
        services.clock.set(moment)  # type: ignore[attr-defined]
        run_planning_pass(sessions=services.sessions, now=moment, force_full=True)  # type: ignore[attr-defined]
        run_sweep(sessions=services.sessions, registry=registry, clock=lambda m=moment: m,  # type: ignore[attr-defined]
                  config=SweepConfig(workers=1), rng=random.Random(1))
    for destination, text in notifier.posts:
        if destination.kind != "person":
            probe.seen.append((f"sweep → {destination.kind} {destination.address}", text))


def _web(services: object, web: WebClient, probe: Probe, *, tenant_id: int, sty_id: int,
         world: dict[str, object]) -> None:
    from bot.web.links import signer_for
    from handlers.exports.links import link_secret, tenant_key
    from storage.models import Person, Tenant

    signer = signer_for(services)  # type: ignore[arg-type]
    slug = signer.tenant_slug(tenant_id)
    with services.sessions() as session:  # type: ignore[attr-defined]
        tenant = session.get(Tenant, tenant_id)
        key = tenant_key(secret=link_secret(services), tenant=tenant)  # type: ignore[arg-type]
        people = {p.platform_user_id: p.id for p in session.scalars(select(Person).where(Person.tenant_id == tenant_id))}
    paths = [f"/feeds/{key}/{sty_id}.ics", f"/oparl/{key}/body/{sty_id}", f"/oparl/{key}/body/{sty_id}/meeting",
             f"/oparl/{key}/body/{sty_id}/paper", f"/anslagstavla/{slug}", f"/anslagstavla/{slug}/atom.xml"]
    now = services.now()  # type: ignore[attr-defined]
    for user in (OLLE[0], OUTSIDER[0]):
        if user not in people:
            continue
        for purpose, extra in (("arkiv", f"&q={quote(str(world['case'])[:-1])}"),
                               ("arkiv", f"&q={quote(str(world['child']))}"),
                               ("uppfoljning", ""), ("uppfoljning", "&format=csv")):
            paths.append(signer.make_link(tenant_id=tenant_id, person_id=people[user], purpose=purpose, now=now)
                         + extra)
    for path in paths:
        page = web.get(path)
        assert page.status < 500, path
        probe.seen.append((f"web {unquote(path)}", page.text))  # a page may echo the asker's own query
