"""No command in one organisation ever shows or changes another organisation's data."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.render_text import render_text
from handlers import registry
from handlers.commandline import split_command
from handlers.context import ActorRef, ChannelRef, Invocation, TenantRef
from handlers.dispatch import dispatch
from storage.models import Assignment, Paragraph
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import SECRETARY, seed_000_script

TENANT_A = TenantRef(platform="slack", external_id="TA", name="Kommun A")
TENANT_B = TenantRef(platform="slack", external_id="TB", name="Kommun B")
SECRETS = ("samverkansmodell i länet", "SocialRekos", "Utbildningsnämndens", "åiterrapportering", "Lina Lindman",
           "2022-03-30")  # facts of tenant A that no help text contains


def _send(services, tenant: TenantRef, line: str, *, user: str = SECRETARY, channel: str = "C1") -> str:  # type: ignore[no-untyped-def]
    command, rest = split_command(line)
    inv = Invocation(command=command, text=rest, tenant=tenant, actor=ActorRef(user_id=user, display_name=user),
                     channel=ChannelRef(channel_id=channel, name=channel))
    return render_text(dispatch(inv, services=services))


def test_every_command_in_tenant_b_sees_nothing_of_tenant_a(services) -> None:  # type: ignore[no-untyped-def]
    for line in seed_000_script(seed_path("000")):
        assert "✗" not in _send(services, TENANT_A, line)
    _send(services, TENANT_A, "uppdrag ny skolchef: ta fram förslag senast 31/10")
    probes = ["/beslut UTB 22/30", "/beslut utb 2022/30", "/beslut § 19", "/beslut § 19 2022", "/beslut samverkansmodell",
              "/beslut samverkansmodel", "/uppdrag mina", "/uppdrag försenade", "/uppdrag klar 1", "/uppdrag klar 3",
              "/uppdrag flytta 1 till 1/12 eftersom test", "/samverkan organ lista",
              "/samverkan kanal Utbildningsnämndens arbetsutskott", "/mote nästa Utbildningsnämndens arbetsutskott",
              "/dagordning organ Utbildningsnämndens arbetsutskott", "/beslut rätta § 19 2022: att ändra",
              "/samverkan medlemmar Utbildningsnämndens arbetsutskott"]
    probes += [spec.slash for spec in registry.COMMANDS]
    # the same user name and the same channel id in another workspace are different people and channels
    for probe in probes:
        out = _send(services, TENANT_B, probe)
        out = re.sub(r"«([^»]*)»", lambda m, p=probe: "" if m.group(1) in p else m.group(0), out)  # own echo
        for secret in SECRETS:
            assert secret not in out, (probe, out)
    with services.sessions() as session:
        a_rows = session.scalars(select(Assignment)).all()
        assert all(row.status == "open" for row in a_rows)
        assert {p.tenant_id for p in session.scalars(select(Paragraph))} == {a_rows[0].tenant_id}
