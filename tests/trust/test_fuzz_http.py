"""Fuzz every route of the real server: whatever comes in, the answer is never a 5xx.

The web routes are read from the aiohttp router, so a route added tomorrow is fuzzed without
anyone touching this file. Path parameters, query strings and headers are drawn from valid
values (the tenant's slug, feed key, signed links, real ids) and from arbitrary text, so both
the refusals and the pages behind them are reached. Slack gets correctly signed requests of any
shape; Teams gets activities whose parts are replaced by arbitrary JSON. One server serves the
whole module, on SQLite, with the platforms faked on 127.0.0.1 as in ``running_trio``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.web.links import signer_for
from handlers.exports.links import link_secret, tenant_key
from storage.models import Body, Meeting, Paragraph, Person, Tenant
from tests.conftest import FixedClock
from tests.teams import payloads
from tests.trust.conftest import CHANNEL_A, SCENARIO_A, SECRETARY_A, TEAM_A, Trio, line_of, running_trio

PLATFORM_PATHS = ("/api/messages", "/slack/events")
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])
_ids = itertools.count(1)


@dataclass
class Fuzz:
    """The running server and the valid values a visitor could hold for tenant A."""

    trio: Trio
    valid: dict[str, list[str]]  # path parameter or query key → values that open something real

    def request(self, method: str, path: str, *, headers: dict[str, bytes] | None = None) -> requests.Response:
        return requests.request(method, self.trio.url + path, headers=headers, timeout=30, allow_redirects=False)


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'samverkan.db'}"
    with running_trio(url, FixedClock(datetime(2022, 3, 30, 9, 0, tzinfo=UTC))) as trio:
        for line in SCENARIO_A:
            assert trio.a(*line_of(line)).status_code == 200, line
        trio.settle()
        signer = signer_for(trio.services)
        now = trio.services.now()
        with trio.services.sessions() as s:
            tenant = s.scalars(select(Tenant).where(Tenant.platform == "slack", Tenant.external_id == TEAM_A)).one()
            person = s.scalars(select(Person).where(Person.tenant_id == tenant.id)).first()
            assert person is not None
            ids = {"body_id": [str(i) for i in s.scalars(select(Body.id))],
                   "paper_id": [str(i) for i in s.scalars(select(Paragraph.id))],
                   "meeting_id": [str(i) for i in s.scalars(select(Meeting.id))]}
            key = tenant_key(secret=link_secret(trio.services), tenant=tenant)
            tokens = [signer.token(tenant_id=tenant.id, person_id=person.id, purpose=purpose, ttl=None, now=now)
                      for purpose in ("arkiv", "uppfoljning")]
        ids["meeting_id"] += [f"{i}.{fmt}" for i in ids["meeting_id"] for fmt in ("pdf", "html")]
        valid = {"slug": [signer.tenant_slug(tenant.id)], "key": [key], "t": tokens,
                 "paragraph_id": ids["paper_id"], "kind": ["organization", "person", "meeting", "paper"],
                 "filename": ["site.css", "../../config.py", "%2e%2e/x"], "format": ["csv", "pdf", "html"],
                 "q": ["UTB 22/777", "§ 19", "Kvantfysikskolan", '"', "*", "NEAR(", "AND OR NOT"],
                 "organ": ids["body_id"], "status": ["open", "overdue", "done"], "fran": ["2022-01-01"],
                 "till": ["2022-12-31"], **ids}
        yield Fuzz(trio=trio, valid=valid)


def web_routes(fuzz: Fuzz) -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, path template, parameter names) of every route except the two platform endpoints."""
    found = []
    for route in fuzz.trio.server.app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        if "prefix" in info:  # a static directory: one file name below the prefix
            template = info["prefix"] + "/{filename}"
        else:
            template = info.get("formatter") or info.get("path") or ""
        if template in PLATFORM_PATHS or not template:
            continue
        found.append((route.method, template, tuple(re.findall(r"{(\w+)}", template))))
    return sorted(set(found))


def test_the_router_is_what_the_fuzzers_cover(fuzz: Fuzz) -> None:
    templates = {template for _method, template, _params in web_routes(fuzz)}
    assert {"/healthz", "/arkiv", "/uppfoljning", "/anslagstavla/{slug}/protokoll/{meeting_id}",
            "/feeds/{key}/{body_id}.ics", "/static/{filename}"} <= templates
    paths = {route.resource.canonical for route in fuzz.trio.server.app.router.routes() if route.resource}
    assert set(PLATFORM_PATHS) <= paths


TEXT = st.text(max_size=40)
HEADER_NAMES = ("Accept", "Accept-Language", "Accept-Encoding", "If-Modified-Since", "If-None-Match", "Range",
                "Cookie", "Authorization", "Content-Type", "X-Forwarded-For", "Host", "Referer", "Origin")
HEADER_VALUE = st.text(alphabet=st.characters(min_codepoint=0x21, blacklist_categories=("Cs", "Cc")), max_size=60)


def _value(fuzz: Fuzz, name: str) -> st.SearchStrategy[str]:
    valid = fuzz.valid.get(name, [])
    tricky = st.sampled_from(["²", "٣", "１", "99999999999999999999999", "-1", "0", "åäö", "1.pdf", ".", "..",
                              "%00", "1-" + "a" * 10, "\x00"])
    return st.one_of(st.sampled_from(valid), tricky, TEXT) if valid else st.one_of(tricky, TEXT)


@st.composite
def web_request(draw: st.DrawFn, fuzz: Fuzz) -> tuple[str, str, dict[str, bytes]]:
    method, template, params = draw(st.sampled_from(web_routes(fuzz)))
    path = template
    for name in params:
        path = path.replace("{" + name + "}", quote(draw(_value(fuzz, name)), safe=""), 1)
    keys = draw(st.lists(st.sampled_from(["t", "q", "organ", "status", "fran", "till", "format", "sig"]) | TEXT,
                         max_size=5))
    query = [(key, draw(_value(fuzz, key))) for key in keys]
    if query:
        path += "?" + urlencode(query)
    headers = draw(st.dictionaries(st.sampled_from(HEADER_NAMES), HEADER_VALUE, max_size=3))
    return method, path, {name: value.encode() for name, value in headers.items()}


def test_fuzzed_web_requests_never_5xx(fuzz: Fuzz) -> None:
    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        method, path, headers = data.draw(web_request(fuzz))
        response = fuzz.request(method, path, headers=headers)
        assert response.status_code < 500, (method, path, headers, response.status_code, response.text[:300])

    run()


# --- Slack: correctly signed requests of any shape ----------------------------------------------

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["id", "type", "text", "value", "action_id", "callback_id",
                                                       "state", "values", "name", "domain"]) | st.text(max_size=6),
                                      inner, max_size=4),
                    max_leaves=12)


def _button_value() -> st.SearchStrategy[Any]:
    command = st.sampled_from(["uppdrag lista", "beslut § 19", "mote lista", "samverkan hjälp"]) | st.text(max_size=20)
    return st.one_of(st.builds(lambda c, i: json.dumps({"command": c, "input": i}), command,
                               st.none() | st.sampled_from(["Datum", ""]) | st.integers()),
                     st.text(max_size=30), JSON)


@st.composite
def slack_payload(draw: st.DrawFn, fuzz: Fuzz) -> dict[str, Any]:
    action = st.fixed_dictionaries(
        {"action_id": st.sampled_from(["samverkan:button:0", "okand"]) | JSON},
        optional={"value": _button_value(), "text": JSON | st.just({"type": "plain_text", "text": "Klar"}),
                  "block_id": JSON, "type": JSON})
    return draw(st.fixed_dictionaries(
        {"type": st.sampled_from(["block_actions", "view_submission", "view_closed", "shortcut", "message_action",
                                  "block_suggestion", "interactive_message", "dialog_submission"]) | JSON},
        optional={"team": st.just({"id": TEAM_A, "domain": "a"}) | JSON,
                  "user": st.just({"id": SECRETARY_A[0], "name": SECRETARY_A[1]}) | JSON,
                  "channel": st.just({"id": CHANNEL_A, "name": "utb-au"}) | JSON,
                  "actions": st.lists(action, max_size=2) | JSON,
                  "view": st.fixed_dictionaries({"type": st.just("modal") | JSON,
                                                 "callback_id": st.sampled_from(["samverkan:form", "samverkan:input"])
                                                 | JSON},
                                                optional={"private_metadata": st.text(max_size=40) | JSON,
                                                          "state": JSON}) | JSON,
                  "response_url": st.sampled_from([fuzz.trio.fake_slack.response_url("fuzz"), "", "inte-en-adress"]),
                  "trigger_id": st.text(max_size=10) | JSON, "callback_id": JSON, "container": JSON}))


@st.composite
def slack_event(draw: st.DrawFn) -> dict[str, Any]:
    return draw(st.fixed_dictionaries(
        {"type": st.sampled_from(["message", "app_mention", "app_home_opened", "file_shared"]) | JSON},
        optional={"text": st.sampled_from(["vad blev det med UTB 22/777?", "UTB 22/30"]) | JSON,
                  "channel": st.just(CHANNEL_A) | JSON, "user": st.just(SECRETARY_A[0]) | JSON,
                  "ts": st.just("1700000000.000100") | JSON, "subtype": JSON, "message": JSON, "files": JSON,
                  "previous_message": JSON, "tab": JSON}))


def test_fuzzed_signed_slack_requests_never_5xx(fuzz: Fuzz) -> None:
    slack = fuzz.trio.slack_a

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["interaction", "event", "form", "raw"]))
        if kind == "interaction":
            body = urlencode({"payload": json.dumps(data.draw(slack_payload(fuzz)))})
            response = slack.post(body, content_type="application/x-www-form-urlencoded")
        elif kind == "event":
            response = slack.event(data.draw(slack_event()))
        elif kind == "form":
            fields = data.draw(st.dictionaries(st.sampled_from(["command", "text", "team_id", "user_id", "channel_id",
                                                                "payload", "type", "ssl_check", "token"]) | TEXT,
                                               st.text(max_size=60) | st.sampled_from(["/beslut", "/uppdrag"]),
                                               max_size=8))
            response = slack.post(urlencode(fields), content_type="application/x-www-form-urlencoded")
        else:
            body = data.draw(st.text(max_size=200))
            content_type = data.draw(st.sampled_from(["application/json", "application/x-www-form-urlencoded",
                                                      "text/plain", ""]))
            headers = data.draw(st.dictionaries(st.sampled_from(["X-Slack-Request-Timestamp", "X-Slack-Signature",
                                                                 "X-Slack-Retry-Num"]), HEADER_VALUE, max_size=2))
            response = slack.post(body, content_type=content_type,
                                  headers={k: v.encode() for k, v in headers.items()})  # type: ignore[misc]
        assert response.status_code < 500, (kind, response.status_code, response.text[:300])

    run()
    fuzz.trio.settle()


# --- Teams: activities with any part replaced ---------------------------------------------------


@st.composite
def teams_activity(draw: st.DrawFn, fuzz: Fuzz) -> Any:
    url = fuzz.trio.connector.url
    base = draw(st.sampled_from([payloads.personal_message("hjälp", service_url=url),
                                 payloads.channel_message("uppdrag lista", service_url=url),
                                 payloads.bot_added_to_team(service_url=url)]))
    overrides = draw(st.dictionaries(
        st.sampled_from(["type", "text", "value", "channelData", "entities", "from", "conversation", "recipient",
                         "membersAdded", "serviceUrl", "attachments", "timestamp", "name", "channelId"]),
        st.one_of(JSON, st.sampled_from(["message", "invoke", "conversationUpdate", "installationUpdate", "event"]),
                  st.sampled_from([url, "http://10.255.255.1/", "http://[::1", "inte-en-adress"]),
                  st.just([{"type": "mention", "mentioned": "x"}]),
                  st.just({"tenant": {"id": 5}, "team": "x"})),
        max_size=4))
    activity = {**base, **overrides, "id": f"fuzz-{next(_ids)}"}
    return draw(st.just(activity) | st.sampled_from([[], "x", None, 5]))


def test_fuzzed_teams_activities_never_5xx(fuzz: Fuzz) -> None:
    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        activity = data.draw(teams_activity(fuzz))
        response = fuzz.trio.teams(activity)
        # an invoke nobody handles is answered 501 by botbuilder, as the Bot Framework protocol asks
        unhandled_invoke = isinstance(activity, dict) and activity.get("type") == "invoke"
        assert response.status_code < 500 or (unhandled_invoke and response.status_code == 501), (
            activity, response.status_code)

    run()
    fuzz.trio.settle()
