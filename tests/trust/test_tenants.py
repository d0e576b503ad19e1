"""Tenants: Slack workspaces A and B and a Teams tenant on one database, through the real endpoints.

Workspace A records bodies, a meeting, a § with assignments and a confidential §. Then every
registry command × subcommand (plus probes aimed at A's dnr, §§, words and ids) is sent from
workspace B and from the Teams tenant; the reminder sweep runs; B's feed key and B's signed links
are tried against A's feeds and pages. Nothing B or Teams sees contains A's data, and A's rows
are unchanged.
"""

from __future__ import annotations

import json
import random
from datetime import datetime

import pytest
from sqlalchemy import select

from bot.notifiers import build_registry
from bot.web.links import signer_for
from handlers import registry
from handlers.exports.links import link_secret, tenant_key
from schedules.calendar import STOCKHOLM
from schedules.planning_pass import run_planning_pass
from schedules.sweep import SweepConfig, run_sweep
from storage.models import (
    AgendaItem,
    Assignment,
    Body,
    Clause,
    Meeting,
    Membership,
    Paragraph,
    Person,
    Tenant,
)
from tests.teams import payloads
from tests.trust.conftest import (
    CHANNEL_A,
    CHANNEL_A_SOC,
    CHANNEL_B,
    SCENARIO_A,
    SCENARIO_A_SOC,
    SECRETS_A,
    TEAM_A,
    TEAM_B,
    Trio,
    line_of,
)

TARGETED = [
    "/beslut UTB 22/777", "/beslut utb 2022/777", "/beslut § 19", "/beslut § 19 2022", "/beslut § 20 2022",
    "/beslut Kvantfysikskolan", "/beslut kvantfysikskola", "/beslut SOC 22/999", "/beslut Zebralund",
    "/beslut rätta § 19 2022: att ändra", "/beslut registrera § 19 Annat dnr UTB 22/777: att pröva",
    "/dagordning visa", "/dagordning lägg till Zebralund", "/dagordning flytta 1 till 2", "/dagordning ta bort 1",
    "/uppdrag mina", "/uppdrag lista", "/uppdrag försenade", "/uppdrag klar 1", "/uppdrag klar 2", "/uppdrag klar 3",
    "/uppdrag flytta 1 till 1/12 eftersom test", "/uppdrag tavla",
    "/mote nästa", "/mote lista", "/mote justerare Ingrid Ödegaard", "/mote närvaro",
    "/protokoll visa", "/protokoll visa 2022-03-30", "/protokoll utdrag § 19", "/protokoll utdrag § 20",
    "/protokoll klart", "/protokoll justera", "/protokoll ändring § 19", "/protokoll anslag", "/protokoll förvaring",
    "/samverkan organ lista", "/samverkan medlemmar", "/samverkan bevakning på",
    "/samverkan kanal Utbildningsnämndens arbetsutskott", "/uppdrag lista Utbildningsnämndens arbetsutskott",
    "/mote nästa Utbildningsnämndens arbetsutskott", "/dagordning organ Socialnämndens individutskott",
    "/samverkan medlem lägg till Ingrid Ödegaard som ledamot",
]


def probes() -> list[str]:
    """Every registry command, bare and with each subcommand, then the probes aimed at A."""
    lines = [spec.slash for spec in registry.COMMANDS]
    lines += [f"{spec.slash} {sub}" for spec in registry.COMMANDS for sub in spec.subcommands]
    return lines + TARGETED


def leaks(probe: str, seen: str) -> list[str]:
    """A's facts in ``seen`` that the probe itself did not contain (an echo of one's own words is no leak)."""
    return [secret for secret in SECRETS_A if secret in seen and secret.lower() not in probe.lower()]


def readable(response) -> str:  # type: ignore[no-untyped-def]
    """An ack's body with JSON escapes undone (empty acks are empty)."""
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.text


def snapshot(services, tenant_id: int) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """A's rows that any command could change."""
    with services.sessions() as s:
        def rows(model, *cols):  # type: ignore[no-untyped-def]
            return sorted(tuple(r) for r in s.execute(select(*cols).where(model.tenant_id == tenant_id)).all())
        return {
            "paragraph": rows(Paragraph, Paragraph.id, Paragraph.title, Paragraph.number, Paragraph.locked,
                              Paragraph.confidential),
            "clause": sorted(tuple(r) for r in s.execute(select(Clause.id, Clause.text).join(Paragraph).where(
                Paragraph.tenant_id == tenant_id)).all()),
            "assignment": rows(Assignment, Assignment.id, Assignment.status, Assignment.due_on, Assignment.task),
            "meeting": rows(Meeting, Meeting.id, Meeting.starts_at, Meeting.place, Meeting.state, Meeting.adjusted_at),
            "agenda": rows(AgendaItem, AgendaItem.id, AgendaItem.title, AgendaItem.position),
            "membership": rows(Membership, Membership.id, Membership.person_id, Membership.role),
            "body": rows(Body, Body.id, Body.name, Body.settings),
        }


def setup_a(trio: Trio) -> None:
    for line in SCENARIO_A:
        answer = trio.a(*line_of(line))
        assert answer.status_code == 200 and "✗" not in answer.text and ":x:" not in answer.text, answer.text
    for line in SCENARIO_A_SOC:
        answer = trio.a(*line_of(line), channel=CHANNEL_A_SOC)
        assert answer.status_code == 200 and ":x:" not in answer.text, answer.text


def setup_others(trio: Trio) -> None:
    """B and the Teams tenant have their own bound bodies, so sweeps and digests serve them too."""
    assert trio.b("/samverkan", 'organ ny "Styrgruppen B" kort SGB typ styrgrupp').status_code == 200
    assert trio.b("/samverkan", "kanal Styrgruppen B").status_code == 200
    assert trio.teams(payloads.channel_message('samverkan organ ny "Teamsgruppen" kort TG typ arbetsgrupp',
                                               service_url=trio.connector.url)).status_code in (200, 201)
    assert trio.teams(payloads.channel_message("samverkan kanal Teamsgruppen",
                                               service_url=trio.connector.url)).status_code in (200, 201)


def test_no_command_feed_page_or_reminder_of_b_or_teams_shows_a(trio: Trio) -> None:
    setup_a(trio)
    setup_others(trio)
    trio.settle()
    with trio.services.sessions() as s:
        tenants = {(t.platform, t.external_id): t for t in s.scalars(select(Tenant))}
        tenant_a, tenant_b = tenants[("slack", TEAM_A)], tenants[("slack", TEAM_B)]
        teams_tenant = tenants[("teams", payloads.TENANT)]
        a_bodies = list(s.scalars(select(Body.id).where(Body.tenant_id == tenant_a.id)))
        a_papers = list(s.scalars(select(Paragraph.id).where(Paragraph.tenant_id == tenant_a.id)))
        person_b = s.scalars(select(Person).where(Person.tenant_id == tenant_b.id)).first()
        assert len(a_bodies) == 2 and len(a_papers) == 2
    before = snapshot(trio.services, tenant_a.id)
    assert len(before["assignment"]) == 3  # two from the § clauses, one typed

    slack_mark, teams_mark = len(trio.fake_slack.calls), len(trio.connector.received)
    for probe in probes():
        command, _, text = probe.partition(" ")
        # B in its own bound channel, and B in a channel id that A uses (ids are per workspace)
        for channel in (CHANNEL_B, CHANNEL_A):
            answer = trio.b(command, text, channel=channel)
            assert answer.status_code == 200, (probe, answer.status_code)
            assert not leaks(probe, readable(answer)), (probe, readable(answer))
        teams = trio.teams_line(probe.lstrip("/"))
        assert teams.status_code in (200, 201), (probe, teams.status_code)
    trio.settle()
    after_ack = trio.fake_slack.calls[slack_mark:]
    for call in after_ack:  # further pages, lazy answers, opened forms
        blob = json.dumps(call.args, ensure_ascii=False)
        assert not [s for s in SECRETS_A if s in blob and s not in TARGETED_TEXT], (call.method, blob[:500])
    teams_seen = trio.connector.received[teams_mark:]
    assert len(teams_seen) >= len(probes())  # every probe was answered in Teams
    for item in teams_seen:
        blob = json.dumps(item.activity, ensure_ascii=False)
        assert not [s for s in SECRETS_A if s in blob and s not in TARGETED_TEXT], blob[:500]
    assert snapshot(trio.services, tenant_a.id) == before

    # --- reminders: the sweep posts A's reminders to A's channels only --------------------------
    slack_mark, teams_mark = len(trio.fake_slack.calls), len(trio.connector.received)
    registry_ = build_registry(settings=trio.services.extras["settings"], services=trio.services,
                               intervals={"slack": 0.0, "teams": 0.0})
    for moment in (datetime(2022, 4, 1, 8, 5, tzinfo=STOCKHOLM), datetime(2022, 4, 4, 8, 5, tzinfo=STOCKHOLM)):
        run_planning_pass(sessions=trio.services.sessions, now=moment, force_full=True)
        run_sweep(sessions=trio.services.sessions, registry=registry_, clock=lambda m=moment: m,
                  config=SweepConfig(workers=4), rng=random.Random(3))
    posts = [c for c in trio.fake_slack.calls[slack_mark:] if c.method == "chat.postMessage"]
    by_channel: dict[str, str] = {}
    for post in posts:
        by_channel[post.args["channel"]] = by_channel.get(post.args["channel"], "") + json.dumps(
            post.args, ensure_ascii=False)
    assert "Zebralund" in by_channel.get(CHANNEL_A, "")  # A's reminder reached A
    assert CHANNEL_B in by_channel  # B got its own (empty) weekly digest …
    assert not leaks("", by_channel[CHANNEL_B])  # … with nothing of A in it
    assert set(by_channel) <= {CHANNEL_A, CHANNEL_A_SOC, CHANNEL_B}
    teams_posts = trio.connector.received[teams_mark:]
    assert teams_posts, "the Teams tenant's digest was not posted"
    for item in teams_posts:
        assert not leaks("", json.dumps(item.activity, ensure_ascii=False))

    # --- feeds: B's key opens nothing of A ------------------------------------------------------
    secret = link_secret(trio.services)
    with trio.services.sessions() as s:
        key_b = tenant_key(secret=secret, tenant=s.get(Tenant, tenant_b.id))
        key_a = tenant_key(secret=secret, tenant=s.get(Tenant, tenant_a.id))
        key_teams = tenant_key(secret=secret, tenant=s.get(Tenant, teams_tenant.id))
    import requests

    def get(path: str) -> requests.Response:
        return requests.get(trio.url + path, timeout=10)

    assert get(f"/feeds/{key_a}/{a_bodies[0]}.ics").status_code == 200  # the right key works (test can fail)
    for key in (key_b, key_teams, "0" * 32):
        for body_id in a_bodies:
            for path in (f"/feeds/{key}/{body_id}.ics", f"/oparl/{key}/body/{body_id}",
                         *(f"/oparl/{key}/body/{body_id}/{kind}" for kind in ("organization", "person", "meeting",
                                                                               "paper"))):
                response = get(path)
                assert response.status_code == 404, (path, response.status_code)
        for paper in a_papers:
            assert get(f"/oparl/{key}/paper/{paper}").status_code == 404
    system_b = get(f"/oparl/{key_b}/system")
    assert system_b.status_code == 200 and not leaks("", system_b.text)

    # --- web pages with B's signed link ---------------------------------------------------------
    signer = signer_for(trio.services)
    now = trio.services.now()
    token_b = signer.token(tenant_id=tenant_b.id, person_id=person_b.id, purpose="uppfoljning", ttl=None, now=now)
    slug_a, slug_b = signer.tenant_slug(tenant_a.id), signer.tenant_slug(tenant_b.id)
    for path in ("/arkiv?t=" + token_b + "&q=Kvantfysikskolan", "/arkiv?t=" + token_b + "&q=UTB+22%2F777",
                 "/uppfoljning?t=" + token_b, f"/anslagstavla/{slug_b}", f"/anslagstavla/{slug_b}/arkiv",
                 f"/anslagstavla/{slug_b}/atom.xml"):
        page = get(path)
        assert page.status_code == 200, (path, page.status_code)
        echo = "Kvantfysikskolan UTB 22/777"  # the search box shows one's own query back
        assert not leaks(echo, page.text), (path, leaks(echo, page.text))
    for paper in a_papers:
        for slug in (slug_a, slug_b):
            page = get(f"/arkiv/{slug}/paragraf/{paper}?t={token_b}")
            assert page.status_code in (401, 403, 404), (slug, paper, page.status_code)
            assert not leaks("", page.text)


TARGETED_TEXT = " ".join(TARGETED)


@pytest.mark.postgres
def test_same_isolation_of_commands_on_postgresql(postgres_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    """The command half on PostgreSQL (different SQL: ILIKE, trigram-free search, SKIP LOCKED)."""
    from tests.trust.conftest import running_trio

    with running_trio(postgres_url, clock) as trio:
        setup_a(trio)
        setup_others(trio)
        with trio.services.sessions() as s:
            tenant_a = s.scalars(select(Tenant).where(Tenant.external_id == TEAM_A)).one()
        before = snapshot(trio.services, tenant_a.id)
        for probe in TARGETED:
            command, _, text = probe.partition(" ")
            answer = trio.b(command, text, channel=CHANNEL_A)
            assert answer.status_code == 200 and not leaks(probe, readable(answer)), (probe, readable(answer))
            assert trio.teams_line(probe.lstrip("/")).status_code in (200, 201)
        trio.settle()
        for item in trio.connector.received:
            blob = json.dumps(item.activity, ensure_ascii=False)
            assert not [s for s in SECRETS_A if s in blob and s not in TARGETED_TEXT], blob[:500]
        assert snapshot(trio.services, tenant_a.id) == before
