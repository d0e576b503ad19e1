"""Hostile HTTP against the real server: every route answers 2xx/4xx, never 500, and never obeys.

Explicit cases for the hardening rules (the fuzz test in ``test_fuzz_http`` covers the rest):
ids in paths and queries are ASCII digits in range or a 404; a signature that is not ASCII is
a forged link; Slack's signature headers and interaction payloads are checked before Bolt reads
them; Teams activities have to have the shapes botbuilder reads; a turn or listener that fails
anyway is answered with one polite Swedish sentence; a Teams deployment without an app id
refuses every activity unless local development is switched on, and then only from this
machine; the follow-up CSV cannot carry a formula into Excel; and every response sends the
security headers.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import requests
from sqlalchemy import func, select

from bot.web.links import signer_for
from handlers import messages as msg
from handlers.exports.links import link_secret, tenant_key
from storage.models import Body, Meeting, Paragraph, Person, ProcessedEvent, Tenant
from tests.conftest import FixedClock
from tests.fakes.bf_connector import FakeConnector
from tests.server_thread import ServerThread
from tests.teams import payloads
from tests.trust.conftest import SCENARIO_A, SECRETARY_A, TEAM_A, Trio, line_of, running_trio

ROOT = Path(__file__).resolve().parents[2]
BAD_IDS = ("²", "٣", "99999999999999999999999", "2147483648", "-1", "0", "1e3", " 1", "１")
FORMULAS = ('=HYPERLINK("http://evil.example";"klicka")', "+1+1", "-2+3", "@SUM(1+1)")


@dataclass
class World:
    """Tenant A of the trio with what a visitor could hold: slug, signed tokens, feed key, ids."""

    trio: Trio
    slug: str
    archive_token: str
    board_token: str
    feed_key: str
    body_id: int
    paper_id: int

    def get(self, path: str, **kwargs: object) -> requests.Response:
        return requests.get(self.trio.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'samverkan.db'}"
    clock = FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))
    with running_trio(url, clock) as trio:
        for line in SCENARIO_A:
            assert trio.a(*line_of(line)).status_code == 200, line
        for task in FORMULAS:
            answer = trio.a("/uppdrag", f"ny skolchef: {task} senast 2022-05-01")
            assert answer.status_code == 200 and ":x:" not in answer.text, answer.text
        trio.settle()
        signer = signer_for(trio.services)
        with trio.services.sessions() as s:
            tenant = s.scalars(select(Tenant).where(Tenant.platform == "slack", Tenant.external_id == TEAM_A)).one()
            person = s.scalars(select(Person).where(Person.tenant_id == tenant.id,
                                                    Person.name == SECRETARY_A[1])).first()
            person = person or s.scalars(select(Person).where(Person.tenant_id == tenant.id)).first()
            body_id = s.scalars(select(Body.id).where(Body.tenant_id == tenant.id)).first()
            paper_id = s.scalars(select(Paragraph.id).where(Paragraph.tenant_id == tenant.id)).first()
            feed_key = tenant_key(secret=link_secret(trio.services), tenant=tenant)
            tenant_id, person_id = tenant.id, person.id
        now = trio.services.now()
        yield World(trio=trio, slug=signer.tenant_slug(tenant_id), feed_key=feed_key, body_id=body_id,
                    paper_id=paper_id,
                    archive_token=signer.token(tenant_id=tenant_id, person_id=person_id, purpose="arkiv", ttl=None,
                                               now=now),
                    board_token=signer.token(tenant_id=tenant_id, person_id=person_id, purpose="uppfoljning",
                                             ttl=None, now=now))


# --- 1. ids in paths and query strings ---------------------------------------------------------


def test_unicode_digits_and_huge_ids_in_paths_are_404(world: World) -> None:
    assert world.get(f"/feeds/{world.feed_key}/{world.body_id}.ics").status_code == 200  # the real ones work
    assert world.get(f"/arkiv/{world.slug}/paragraf/{world.paper_id}?t={world.archive_token}").status_code == 200
    for bad in BAD_IDS:
        raw = quote(bad, safe="")
        for path in (f"/anslagstavla/{world.slug}/protokoll/{raw}", f"/anslagstavla/{world.slug}/protokoll/{raw}.pdf",
                     f"/arkiv/{world.slug}/paragraf/{raw}", f"/arkiv/{world.slug}/paragraf/{raw}?t={world.archive_token}",
                     f"/anslagstavla/{raw}", f"/anslagstavla/{raw}-{world.slug.split('-', 1)[1]}/arkiv",
                     f"/feeds/{world.feed_key}/{raw}.ics", f"/oparl/{world.feed_key}/body/{raw}",
                     f"/oparl/{world.feed_key}/body/{raw}/meeting", f"/oparl/{world.feed_key}/paper/{raw}"):
            response = world.get(path)
            assert response.status_code == 404, (path, response.status_code)


def test_unicode_digits_and_huge_ids_in_query_filters_are_ignored(world: World) -> None:
    for bad in BAD_IDS:
        for fmt in ("", "csv"):
            query = urlencode({"t": world.board_token, "organ": bad, "format": fmt})
            response = world.get(f"/uppfoljning?{query}")
            assert response.status_code == 200, (bad, fmt, response.status_code)


# --- 2. signed links and feed keys that are not ASCII ------------------------------------------


def test_non_ascii_signatures_slugs_and_feed_keys_are_refused(world: World) -> None:
    payload = world.archive_token.split(".", 1)[0]
    for token in (f"{payload}.åäö", f"{payload}.{world.archive_token.split('.', 1)[1][:-3]}å٣²", "åäö.åäö",
                  base64.urlsafe_b64encode("1.1.arkiv.99999999999999999999.٣".encode()).decode() + ".x"):
        for path in (f"/arkiv?t={quote(token)}", f"/uppfoljning?t={quote(token)}",
                     f"/arkiv/{world.slug}/paragraf/{world.paper_id}?t={quote(token)}"):
            response = world.get(path)
            assert response.status_code == 403, (path, response.status_code)
            assert "Ogiltig länk" in response.text
    head = world.slug.split("-", 1)[0]
    for slug in (f"{head}-åäö", f"{head}-{world.slug.split('-', 1)[1][:-2]}²٣", "²-abc"):
        assert world.get(f"/anslagstavla/{quote(slug)}").status_code == 404, slug
        assert world.get(f"/arkiv/{quote(slug)}/paragraf/{world.paper_id}").status_code == 404, slug
    for key in ("åäö", world.feed_key[:-1] + "²"):
        assert world.get(f"/feeds/{quote(key)}/{world.body_id}.ics").status_code == 404, key
        assert world.get(f"/oparl/{quote(key)}/system").status_code == 404, key


# --- 3. Slack: headers and signed payloads of the wrong shape ----------------------------------


def test_slack_timestamp_and_signature_headers_that_are_not_slacks_are_401(world: World) -> None:
    body = world.trio.slack_a.command_body("/beslut", "§ 19")
    for timestamp in ("abc", "²", "١٢٣", "1e9", ""):  # non-ASCII goes over the wire as UTF-8 bytes
        response = world.trio.slack_a.post(body, content_type="application/x-www-form-urlencoded",
                                           headers={"X-Slack-Request-Timestamp": timestamp.encode()})  # type: ignore[dict-item]
        assert response.status_code == 401, (timestamp, response.status_code)
    for signature in ("v0=åäö", "åäö", "v0=" + "é" * 64):
        response = world.trio.slack_a.post(body, content_type="application/x-www-form-urlencoded",
                                           headers={"X-Slack-Signature": signature.encode()})  # type: ignore[dict-item]
        assert response.status_code == 401, (signature, response.status_code)


def _interaction(**fields: object) -> dict[str, object]:
    return {"type": "block_actions", "team": {"id": TEAM_A, "domain": "a"}, "user": {"id": SECRETARY_A[0]},
            "api_app_id": "A0001", "trigger_id": "1.1.x", **fields}


def _button(value: object, **action: object) -> list[dict[str, object]]:
    return [{"type": "button", "action_id": "samverkan:button:0", "block_id": "b", "value": value,
             "text": {"type": "plain_text", "text": "Klar"}, **action}]


def test_signed_slack_interactions_of_the_wrong_shape_are_never_500(world: World) -> None:
    slack = world.trio.slack_a
    payloads_: list[object] = [
        "{not json", "[]", "null", "5", "{}", json.dumps({"type": 5}),
        json.dumps(_interaction(actions=[])), json.dumps(_interaction(actions=["x"])),
        json.dumps(_interaction(actions="x")), json.dumps(_interaction(actions=[{"value": "{}"}])),
        json.dumps(_interaction(actions=[{"action_id": 5}])),
        json.dumps(_interaction(actions=_button("inte json"))), json.dumps(_interaction(actions=_button("[1]"))),
        json.dumps(_interaction(actions=_button('{"command": 5}'))),
        json.dumps(_interaction(actions=_button('{"command": "uppdrag lista", "input": 5}'))),
        json.dumps(_interaction(actions=_button('{"command": "uppdrag lista", "input": "Datum"}', text="x"))),
        json.dumps(_interaction(actions=_button('{"command": "uppdrag lista", "input": "Datum"}', text={}))),
        json.dumps(_interaction(actions=_button(5))),
        json.dumps(_interaction(team="T", actions=_button("{}"))), json.dumps(_interaction(user=[1], actions=[])),
        json.dumps({"type": "view_submission", "team": {"id": TEAM_A}, "user": {"id": "U1"}}),
        json.dumps({"type": "view_submission", "team": {"id": TEAM_A}, "user": {"id": "U1"},
                    "view": {"callback_id": "samverkan:form", "state": "x"}}),
        json.dumps({"type": "view_submission", "team": {"id": TEAM_A}, "user": {"id": "U1"},
                    "view": {"type": "modal", "callback_id": 5}}),
        json.dumps({"type": "view_submission", "team": {"id": TEAM_A}, "user": {"id": "U1"},
                    "view": {"type": "modal", "callback_id": "samverkan:form", "private_metadata": "x",
                             "state": {"values": "x"}}}),
    ]
    for payload in payloads_:
        response = slack.post(urlencode({"payload": payload}), content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (payload, response.status_code, response.text[:200])
    for event in ("x", {}, {"type": 5}, {"type": "message", "message": "x"}, {"type": "message", "text": 5}):
        response = slack.event(event)  # type: ignore[arg-type]
        assert response.status_code < 500, (event, response.status_code)
    world.trio.settle()


def test_a_failing_slack_listener_gets_one_polite_sentence_and_no_exception_text(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.slack.commands as commands
    import bot.slack.interactions as interactions

    def explode(**_kwargs: object) -> object:
        raise RuntimeError("hemlig-intern-detalj")

    monkeypatch.setattr(commands, "render_pages", explode)
    answer = world.trio.a("/beslut", "§ 19")
    assert answer.status_code == 200, answer.status_code
    assert answer.json() == {"response_type": "ephemeral", "text": msg.ADAPTER_FAILURE}

    monkeypatch.setattr(interactions, "input_view", explode)
    mark = len(world.trio.fake_slack.calls)
    click = world.trio.slack_a.click(value=json.dumps({"command": "uppdrag lista", "input": "Datum"}),
                                     response_url=world.trio.fake_slack.response_url("polite"))
    assert click.status_code == 200, click.status_code
    world.trio.settle()
    posted = [json.dumps(call.args, ensure_ascii=False) for call in world.trio.fake_slack.calls[mark:]]
    assert any(msg.ADAPTER_FAILURE in blob for blob in posted), posted
    assert not any("hemlig-intern-detalj" in blob or "RuntimeError" in blob for blob in posted), posted
    assert "hemlig-intern-detalj" not in answer.text + click.text


# --- 4. Teams: activities of the wrong shape, failing turns ------------------------------------


def test_teams_activities_of_the_wrong_shape_are_400(world: World) -> None:
    good = payloads.personal_message("hjälp", service_url=world.trio.connector.url)
    bad = [{**good, "channelData": "x"}, {**good, "channelData": [1]}, {**good, "channelData": {"tenant": "x"}},
           {**good, "channelData": {"team": 5, "channel": "x"}}, {**good, "from": "x"}, {**good, "recipient": 5},
           {**good, "conversation": "x"}, {**good, "entities": ["x"]},
           {**good, "entities": [{"type": "mention", "mentioned": "x"}]}, {**good, "serviceUrl": 5},
           {**good, "serviceUrl": "inte en adress"}, {**good, "serviceUrl": "ftp://127.0.0.1/"},
           {**good, "serviceUrl": "http://127.0.0.1:abc/"}, {**good, "type": 5},
           {**good, "type": "conversationUpdate", "membersAdded": "x"},
           {**good, "type": "conversationUpdate", "membersAdded": ["x"]}, {**good, "attachments": [1]}]
    mark = len(world.trio.connector.received)
    for number, shape in enumerate(bad):
        activity = {**shape, "id": f"wrong-shape-{number}"}
        response = world.trio.teams(activity)
        assert response.status_code == 400, (activity, response.status_code)
    assert world.trio.connector.received[mark:] == []


def test_a_failing_teams_turn_gets_one_polite_sentence_and_no_exception_text(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.teams.bot as teams_bot

    def explode(_reply: object) -> object:
        raise RuntimeError("hemlig-intern-detalj")

    monkeypatch.setattr(teams_bot, "reply_activity", explode)
    mark = len(world.trio.connector.received)
    response = world.trio.teams_line("hjälp")
    assert response.status_code in (200, 201), response.status_code
    sent = [item.activity for item in world.trio.connector.received[mark:]]
    assert [activity.get("text") for activity in sent] == [msg.ADAPTER_FAILURE]
    assert "hemlig-intern-detalj" not in json.dumps(sent, ensure_ascii=False) + response.text


# --- 5. Teams without credentials ---------------------------------------------------------------


@pytest.fixture
def no_credentials(sqlite_url: str, clock: FixedClock, request: pytest.FixtureRequest) -> Iterator[tuple[str, object]]:
    """The server with no app id; ``request.param`` is the local-development setting."""
    from bot.bootstrap import build_services
    from bot.config import Settings
    from bot.server import build_app
    from storage.migrate import upgrade

    upgrade(sqlite_url)
    settings = Settings(SAMVERKAN_DATABASE_URL=sqlite_url, MICROSOFT_APP_ID="", SLACK_BOT_TOKEN="",
                        SLACK_SIGNING_SECRET="", SLACK_APP_TOKEN="", SLACK_CLIENT_ID="",
                        SAMVERKAN_TEAMS_UNAUTHENTICATED_LOCAL=getattr(request, "param", False))
    services = build_services(settings=settings, clock=clock)
    try:
        with ServerThread(build_app(services=services)) as server:
            yield server.url, services
    finally:
        services.extras["engine"].dispose()


def _rows(services) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with services.sessions() as s:
        return (s.scalar(select(func.count()).select_from(Tenant)), s.scalar(select(func.count()).select_from(Body)),
                s.scalar(select(func.count()).select_from(ProcessedEvent)))


def _post(url: str, activity: dict[str, object]) -> requests.Response:
    return requests.post(f"{url}/api/messages", data=json.dumps(activity),
                         headers={"Content-Type": "application/json"}, timeout=30)


def test_without_app_id_every_activity_is_refused_before_any_write_or_post(no_credentials) -> None:  # type: ignore[no-untyped-def]
    url, services = no_credentials
    with FakeConnector() as connector:
        for activity in (payloads.personal_message('samverkan organ ny "Otillåtet" kort OT', service_url=connector.url),
                         payloads.channel_message("hjälp", service_url=connector.url),
                         payloads.bot_added_to_team(service_url=connector.url)):
            response = _post(url, activity)
            assert response.status_code == 401, response.status_code
        assert connector.received == []
    assert _rows(services) == (0, 0, 0)


@pytest.mark.parametrize("no_credentials", [True], indirect=True)
def test_local_development_admits_only_a_service_url_on_this_machine(no_credentials) -> None:  # type: ignore[no-untyped-def]
    url, services = no_credentials
    with FakeConnector() as connector:
        port = connector.url.rsplit(":", 1)[1]
        for service_url in ("http://169.254.169.254/", "http://10.0.0.1:3978/", "https://evil.example/",
                            f"http://127.0.0.1.nip.io:{port}", f"http://user@evil.example:{port}/",
                            f"http://[::ffff:127.0.0.1]:{port}/", f"http://0.0.0.0:{port}/"):
            response = _post(url, payloads.personal_message("hjälp", service_url=service_url))
            assert response.status_code == 401, (service_url, response.status_code)
        assert connector.received == [] and _rows(services) == (0, 0, 0)
        for service_url in (connector.url, f"http://localhost:{port}", f"http://127.0.0.1:{port}/"):
            response = _post(url, payloads.personal_message("hjälp", service_url=service_url))
            assert response.status_code in (200, 201), (service_url, response.status_code)
        assert len(connector.delivered) == 3


def test_loopback_hosts_are_exactly_this_machine() -> None:
    from bot.teams.gate import is_loopback

    assert all(is_loopback(host) for host in ("localhost", "LOCALHOST", "127.0.0.1", "127.5.6.7", "::1"))
    assert not any(is_loopback(host) for host in ("0.0.0.0", "10.0.0.1", "169.254.169.254", "127.0.0.1.nip.io",
                                                  "localhost.evil.example", "::ffff:127.0.0.1", "::", ""))


# --- 6. the follow-up CSV ----------------------------------------------------------------------


def test_follow_up_csv_neutralises_formula_cells(world: World) -> None:
    response = world.get(f"/uppfoljning?{urlencode({'t': world.board_token, 'format': 'csv'})}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    tasks = [row[4] for row in rows[1:]]
    for formula in FORMULAS:
        assert "'" + formula in tasks, (formula, tasks)
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


def test_every_formula_start_owasp_names_gets_a_quote() -> None:
    from bot.web.followup import csv_cell

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(start + "1+1") == "'" + start + "1+1"
    assert csv_cell("Skolchef") == "Skolchef" and csv_cell(12) == "12" and csv_cell(None) == ""


# --- 7. security headers -----------------------------------------------------------------------

HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _assert_secure(response: requests.Response, what: str) -> str:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in policy.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", (what, policy)
    assert directives.get("default-src") == "default-src 'none'", (what, policy)
    assert "unsafe-inline" not in policy and "script-src" not in policy, (what, policy)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (what, name, response.headers.get(name))
    return policy


def test_every_response_sends_the_security_headers(chat, services, clock) -> None:  # type: ignore[no-untyped-def]
    from bot.server import build_app
    from bot.teams.manifest import build_manifest
    from tests.scenarios.seed_scripts import SECRETARY
    from tests.web.conftest import adjust_seed_000, person_id

    # No page is embedded as a Teams tab, so no page may be framed by anyone ('none' everywhere).
    for manifest in (json.loads((ROOT / "manifest.json").read_text(encoding="utf-8")), build_manifest()):
        assert not manifest.get("staticTabs") and not manifest.get("configurableTabs"), (
            "a Teams tab embeds a page: allow Teams in that page's frame-ancestors (bot/web/headers.py)")
    meeting: Meeting = adjust_seed_000(chat, services, clock)
    clock.set(datetime(2022, 4, 6, 9, 0, tzinfo=UTC))
    with ServerThread(build_app(services=services)) as server:
        services.public_url = server.url
        signer = signer_for(services)
        slug = signer.tenant_slug(meeting.tenant_id)
        tenant, person = person_id(services, SECRETARY)
        archive = signer.token(tenant_id=tenant, person_id=person, purpose="arkiv", ttl=None, now=services.now())
        board = signer.token(tenant_id=tenant, person_id=person, purpose="uppfoljning", ttl=None, now=services.now())
        with services.sessions() as s:
            key = tenant_key(secret=link_secret(services), tenant=s.get(Tenant, meeting.tenant_id))
            body_id = s.scalars(select(Body.id)).first()
        paths = [f"/anslagstavla/{slug}", f"/anslagstavla/{slug}/arkiv", f"/anslagstavla/{slug}/atom.xml",
                 f"/anslagstavla/{slug}/protokoll/{meeting.id}", f"/anslagstavla/{slug}/protokoll/{meeting.id}.pdf",
                 f"/anslagstavla/{slug}/protokoll/{meeting.id}.html", f"/arkiv?t={archive}&q=samverkansmodell",
                 "/arkiv", "/arkiv?t=forfalskad", f"/arkiv/{slug}/paragraf/1", f"/uppfoljning?t={board}",
                 f"/uppfoljning?t={board}&format=csv", f"/uppfoljning?t={board}&format=pdf",
                 f"/feeds/{key}/{body_id}.ics", f"/oparl/{key}/system", f"/oparl/{key}/body/{body_id}",
                 "/healthz", "/static/site.css", "/finns-inte", "/anslagstavla/okand"]
        for path in paths:
            response = requests.get(server.url + path, timeout=30)
            assert response.status_code < 500, (path, response.status_code)
            _assert_secure(response, path)
        assert _assert_secure(requests.post(server.url + "/healthz", timeout=30), "405")
        # the printable protocol keeps its one inline stylesheet: the policy allows exactly it by hash
        printable = requests.get(f"{server.url}/anslagstavla/{slug}/protokoll/{meeting.id}.html", timeout=30)
        assert printable.status_code == 200
        blocks = re.findall(r"<style>(.*?)</style>", printable.text, flags=re.DOTALL)
        assert blocks, "the printable protocol has no inline style any more: drop its hash from the policy"
        policy = printable.headers["Content-Security-Policy"]
        for block in blocks:
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy, policy
        assert "style=" not in requests.get(f"{server.url}/anslagstavla/{slug}", timeout=30).text
