"""A hostile or careless member, through the handlers every platform uses and the real web server.

Each test builds one situation a tester reproduced against ``samverkan serve``: sekretess text
carried by a report-back onto another body's agenda, a personal link posted in a channel, a
secret word confirmed by a suggestion, a display name taking over a seat. They run on SQLite and,
when configured, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from handlers.reply import Reply
from storage.models import Membership, Person, Tenant
from tests.server_thread import ServerThread
from tests.web.conftest import WebClient

TEAM = "T0HOSTILE"
SARA = ("U0SARA", "Sara Sekreterare")  # sekreterare of both bodies
OLLE = ("U0OLLE", "Olle Ledamot")  # member of the styrgrupp only
NISSE = ("U0NISSE", "Nisse Namnsson")  # the real Nisse
FAKE_NISSE = ("U0FAKE", "Nisse Namnsson")  # another user who set the same display name
EVA, OLOF = ("U0EVA", "Eva Ek"), ("U0OLOF", "Olof Ohlin")
SOC, STY = "C0SOC", "C0STY"
SECRETS = ("Kalle Karlsson", "Kallefallet", "familjehem", "SOC 22/999", "Placering enligt LVU")

SETUP = [
    (SARA, SOC, 'samverkan organ ny "Socialnämndens individutskott" kort SOC typ arbetsutskott'),
    (SARA, SOC, "samverkan kanal SOC"),
    (SARA, STY, 'samverkan organ ny "Styrgruppen" kort STY typ styrgrupp'),
    (SARA, STY, "samverkan kanal Styrgruppen"),
    (SARA, STY, f"samverkan medlem lägg till <@{OLLE[0]}|olle> som ledamot"),
    (SARA, SOC, "mote ny 2022-03-30 kl. 15:00"),
    (SARA, STY, "mote ny 2022-05-10 kl. 09:00 plats Stadshuset"),
    (SARA, SOC, "beslut registrera § 20 Placering enligt LVU\ndnr: SOC 22/999\nmöte: 2022-03-30\nbeslut:\n"
                "1. Barnet Kalle Karlsson placeras i familjehem.\n"
                "2. uppdra åt socialchef att utreda Kallefallet senast 2022-04-30 och återrapportera till "
                "styrgruppen 2022-05-10.\nskickas till: Socialchef\nsekretess"),
    (SARA, SOC, "beslut registrera § 21 Öppen förskola i Ånge dnr SOC 22/100 möte 2022-03-30: "
                "1. uppdra åt förvaltningschef att öppna förskolan senast 2022-04-15."),
]


@dataclass
class World:
    services: object
    web: WebClient
    url: str

    def send(self, who: tuple[str, str], channel: str | None, line: str) -> Reply:
        """One command as a Slack user in a channel (None: the user's direct chat with the bot)."""
        from handlers.commandline import split_command
        from handlers.dispatch import dispatch

        command, text = split_command(line)
        where = ChannelRef(channel_id=channel or f"D{who[0]}", name=channel, is_direct=channel is None)
        return dispatch(Invocation(command=command, text=text, tenant=TenantRef(platform="slack", external_id=TEAM),
                                   actor=ActorRef(user_id=who[0], display_name=who[1]), channel=where),
                        services=self.services)  # type: ignore[arg-type]


def shown(reply: Reply) -> str:
    """Everything a reply would put on screen, links included."""
    from bot.render_text import render_text

    return render_text(reply) + " " + " ".join(reply.link or ())


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


@pytest.fixture
def world(any_db_url: str, clock) -> Iterator[World]:  # type: ignore[no-untyped-def]
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade

    upgrade(any_db_url)
    services = build_services(settings=Settings(SAMVERKAN_DATABASE_URL=any_db_url,
                                                SAMVERKAN_LINK_SECRET="hostile-link-secret"), clock=clock)
    try:
        with ServerThread(build_app(services=services)) as server:
            services.public_url = server.url
            made = World(services=services, web=WebClient(server.url), url=server.url)
            for who, channel, line in SETUP:
                reply = made.send(who, channel, line)
                assert reply.tone != "error", (line, shown(reply))
            yield made
    finally:
        services.extras["engine"].dispose()


def test_sekretess_report_back_never_reaches_the_receiving_bodys_agenda_or_exports(world: World) -> None:
    agenda = world.send(OLLE, STY, "dagordning")
    assert "Återrapportering" in shown(agenda) and "§ 20" in shown(agenda)  # the item is there …
    assert not leaked(shown(agenda)), shown(agenda)  # … without a word of the secret
    assert not leaked(shown(world.send(OLLE, STY, "mote nästa")))
    assert not leaked(shown(world.send(OLLE, STY, "mote lista")))
    services = world.services
    with services.sessions() as session:  # type: ignore[attr-defined]
        from handlers.exports.links import link_secret, tenant_key
        from storage.models import Body

        tenant = session.scalars(select(Tenant).where(Tenant.external_id == TEAM)).one()
        sty = session.scalars(select(Body).where(Body.short_name == "STY")).one()
        sty.is_public = True  # its kallelser go on the public anslagstavla
        session.commit()
        key = tenant_key(secret=link_secret(services), tenant=tenant)  # type: ignore[arg-type]
        slug = services.link_signer.tenant_slug(tenant.id)  # type: ignore[attr-defined]
        sty_id = sty.id
    for path in (f"/feeds/{key}/{sty_id}.ics", f"/oparl/{key}/body/{sty_id}/meeting",
                 f"/oparl/{key}/body/{sty_id}", f"/anslagstavla/{slug}", f"/anslagstavla/{slug}/atom.xml"):
        page = world.web.get(path)
        assert page.status == 200, path
        assert not leaked(page.text), (path, leaked(page.text))


def test_a_channel_post_never_carries_a_personal_link(world: World) -> None:
    in_channel = world.send(SARA, SOC, "beslut SOC 22/100")
    assert not in_channel.ephemeral and "Öppen förskola" in shown(in_channel)
    assert in_channel.link is None or "t=" not in in_channel.link[1], in_channel.link  # no token of Sara's
    direct = world.send(SARA, None, "beslut SOC 22/100")
    assert direct.link is not None and "t=" in direct.link[1]  # her own chat gets her own link


def test_assignment_lists_in_a_channel_mask_sekretess_tasks(world: World) -> None:
    for who, channel in ((OLLE, STY), (SARA, SOC), (SARA, STY)):
        listing = world.send(who, channel, "uppdrag lista SOC")
        assert "förskolan" in shown(listing)  # the public uppdrag is listed (positive control)
        assert not leaked(shown(listing)), (who, channel, shown(listing))
    overdue = world.send(SARA, SOC, "uppdrag försenade")
    assert not leaked(shown(overdue))


def test_non_members_cannot_probe_secret_words_or_dnr(world: World) -> None:
    for query in ("Kallefalet", "familjehemm", "familjehem", "SOC 22/999", "Kallefallet"):
        answer = shown(world.send(OLLE, STY, f"beslut {query}"))
        assert "sekretess" not in answer.lower(), (query, answer)  # no «finns men omfattas av sekretess»
        assert not [s for s in leaked(answer) if s.lower() not in query.lower()], (query, answer)
        assert "kallefallet" not in answer.lower().replace(query.lower(), ""), (query, answer)
    # the web archive's «Menade du …?» is computed over what the asker may read
    link = world.send(OLLE, None, "uppdrag tavla").link
    assert link is not None
    from bot.web.links import signer_for

    with world.services.sessions() as session:  # type: ignore[attr-defined]
        olle = session.scalars(select(Person).where(Person.platform_user_id == OLLE[0])).one()
        tenant_id = olle.tenant_id
        token_link = signer_for(world.services).make_link(  # type: ignore[arg-type]
            tenant_id=tenant_id, person_id=olle.id, purpose="arkiv", now=datetime.now(UTC))
    for query in ("Kallefalet", "familjehemm", "Kallefallet"):
        page = world.web.get(f"{token_link}&q={query}")
        assert page.status == 200 and "kallefallet" not in page.text.lower().replace(query.lower(), ""), query
        assert "paragraf/" not in page.text, query
    # a member still finds the § by its words (positive control)
    assert "Kalle Karlsson" in shown(world.send(SARA, None, "beslut Kallefallet"))


def test_the_dnr_watcher_answers_for_the_channel_not_for_its_author(world: World) -> None:
    from dataclasses import replace

    from handlers.commandline import split_command
    from handlers.dispatch import dispatch

    command, text = split_command("beslut SOC 22/999")
    inv = Invocation(command=command, text=text, tenant=TenantRef(platform="slack", external_id=TEAM),
                     actor=ActorRef(user_id=SARA[0], display_name=SARA[1]),
                     channel=ChannelRef(channel_id=SOC, name="soc"))
    as_member = dispatch(inv, services=world.services)  # type: ignore[arg-type]
    assert as_member.private and leaked(shown(as_member))  # Sara herself may read it …
    for_channel = dispatch(replace(inv, answer_in_place=True), services=world.services)  # type: ignore[arg-type]
    # … the channel thread may not: nothing found, which the watcher answers with silence
    assert for_channel.tone == "warning" and not for_channel.private
    assert not leaked(shown(for_channel).replace("SOC 22/999", "")), shown(for_channel)


def test_a_display_name_never_takes_over_a_seat_given_by_name(world: World) -> None:
    added = world.send(SARA, STY, "samverkan medlem lägg till Nisse Namnsson som sekreterare")
    assert "koppla" in shown(added)  # the secretary is told the seat is not linked to anyone yet
    world.send(SARA, STY, "mote justerare Nisse Namnsson möte 2022-05-10")
    attempts = ("beslut registrera § 5 Kapningen möte 2022-05-10: att Nisse tar över",
                f"samverkan medlem lägg till <@{FAKE_NISSE[0]}|x> som ordförande",
                "mote ny 2022-06-01 kl. 10:00")
    for line in attempts:
        answer = world.send(FAKE_NISSE, STY, line)
        assert answer.tone == "error", (line, shown(answer))
    with world.services.sessions() as session:  # type: ignore[attr-defined]
        fake = session.scalars(select(Person).where(Person.platform_user_id == FAKE_NISSE[0])).first()
        assert fake is None or not session.scalars(select(Membership).where(Membership.person_id == fake.id)).all()
    # a name alone cannot be linked, and a non-manager cannot link
    assert world.send(SARA, STY, "samverkan medlem koppla Nisse Namnsson till Nisse").tone == "error"
    assert world.send(OLLE, STY, f"samverkan medlem koppla Nisse Namnsson till <@{OLLE[0]}|o>").tone == "error"
    linked = world.send(SARA, STY, f"samverkan medlem koppla Nisse Namnsson till <@{NISSE[0]}|nisse>")
    assert linked.tone == "success", shown(linked)
    assert world.send(NISSE, STY, "mote ny 2022-06-01 kl. 10:00").tone == "success"  # the real Nisse now may
    assert world.send(FAKE_NISSE, STY, "mote ny 2022-06-02 kl. 10:00").tone == "error"  # the other still not
    assert "ej kopplad" not in shown(world.send(SARA, STY, "samverkan medlem lista"))


def test_a_function_seat_follows_whoever_holds_the_function_and_keeps_its_history(world: World) -> None:
    assert world.send(SARA, SOC, "samverkan medlem lägg till funktion socialchef som ledamot").tone == "success"
    assert world.send(EVA, None, "beslut § 20 2022 organ SOC").private is False  # not yet a member: no text
    assert world.send(SARA, SOC, f"samverkan medlem koppla funktion socialchef till <@{EVA[0]}|eva>").tone == "success"
    as_eva = world.send(EVA, None, "beslut § 20 2022 organ SOC")
    assert "Kalle Karlsson" in shown(as_eva) and as_eva.private
    mine = shown(world.send(EVA, None, "uppdrag mina"))
    assert "Kallefallet" in mine  # the uppdrag given to «socialchef» is hers while she holds the function
    relinked = world.send(SARA, SOC, f"samverkan medlem koppla funktion socialchef till <@{OLOF[0]}|olof>")
    assert relinked.tone == "success" and "eva" in shown(relinked).lower(), shown(relinked)
    assert not leaked(shown(world.send(EVA, None, "beslut § 20 2022 organ SOC")))
    assert "Kallefallet" not in shown(world.send(EVA, None, "uppdrag mina"))
    assert "Kalle Karlsson" in shown(world.send(OLOF, None, "beslut § 20 2022 organ SOC"))
    with world.services.sessions() as session:  # type: ignore[attr-defined]
        seats = session.scalars(select(Membership).where(Membership.function == "socialchef")
                                .order_by(Membership.id)).all()
        holders = [(s.person.name if s.person else None, s.end_on is not None) for s in seats]
    assert holders == [("Eva Ek", True), ("olof", False)], holders  # who held it when is kept

