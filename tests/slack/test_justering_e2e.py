"""Acceptance (issue 8): a full justering round through Slack, end to end against the fake Web API.

Three Slack users: the secretary (U0KRISTINA) and two justerare (U0LINA, U0ANNA) who have used
the bot before, so they have platform ids. Everything goes through the real ``/slack/events``
endpoint (signed slash commands, ``block_actions`` for the DM buttons, the «Begär ändring»
modal as a ``view_submission``), and every post the round causes is delivered by the real
outbox sweep through the notifier registry the server uses, pointed at the fake Slack.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.notifiers import build_registry
from schedules.planning_pass import run_planning_pass
from schedules.sweep import SweepConfig, SweepResult, run_sweep
from storage.models import Adjustment, Meeting, OutboxMessage, Paragraph, Person
from tests.conftest import seed_path
from tests.fakes.slack_api import Call, FakeSlack
from tests.scenarios.protocol_scripts import record_19, seed_000_protocol_script
from tests.scenarios.seed_scripts import seed_000_clauses
from tests.slack.validate import assert_blocks

pytestmark = pytest.mark.seeds

SECRETARY = ("U0KRISTINA", "kristina")
LINA = ("U0LINA", "lina")
ANNA = ("U0ANNA", "anna")
CHANNEL = "C0UTBAU"


def _text(call: Call) -> str:
    return json.dumps(call.args.get("blocks") or [], ensure_ascii=False) + "\n" + str(call.args.get("text") or "")


def _buttons(call: Call) -> dict[str, dict[str, Any]]:
    """Button label → decoded value of a posted message."""
    return {element["text"]["text"]: json.loads(element["value"])
            for block in call.args.get("blocks") or [] if block["type"] == "actions"
            for element in block["elements"] if element["type"] == "button"}


def _user(who: tuple[str, str]) -> dict[str, str]:
    return {"id": who[0], "username": who[1], "name": who[1], "team_id": "T0001"}


def _run(slack, fake: FakeSlack, line: str, *, who: tuple[str, str] = SECRETARY) -> str:  # type: ignore[no-untyped-def]
    """A slash command as ``who`` types it; the final answer (ack or, for lazy ones, the response_url post)."""
    word, _, rest = line.partition(" ")
    before = len(fake.of("response_url"))
    answer = slack.command(f"/{word}", rest, user_id=who[0], user_name=who[1]).json()
    if "arbetar" in (answer.get("text") or "") and not answer.get("blocks"):
        fake.wait_for(lambda f: len(f.of("response_url")) > before)
        answer = fake.of("response_url")[before].args
    assert_blocks(answer.get("blocks") or [])
    return json.dumps(answer, ensure_ascii=False)


def _click(slack, fake: FakeSlack, *, who: tuple[str, str], dm: str, label: str, value: dict[str, Any],  # type: ignore[no-untyped-def]
           ts: str | None = None) -> str:
    """Click a button of a message in ``who``'s DM with the bot; returns the response_url answer.
    With ``ts`` the click names its message as Slack does (``container.message_ts``)."""
    name = f"click-{uuid.uuid4().hex[:8]}"
    payload = {
        "type": "block_actions", "user": _user(who), "api_app_id": "A0001", "token": "legacy",
        "team": {"id": "T0001", "domain": "ange"}, "trigger_id": f"{uuid.uuid4().hex}.1.x",
        "container": {"type": "message", "channel_id": dm, "is_ephemeral": False,
                      **({"message_ts": ts} if ts else {})},
        "channel": {"id": dm, "name": "directmessage"}, "response_url": fake.response_url(name),
        "actions": [{"type": "button", "action_id": "samverkan:button:0", "block_id": "b1",
                     "text": {"type": "plain_text", "text": label}, "value": json.dumps(value),
                     "action_ts": str(time.time())}],
    }
    response = slack.interaction(payload)
    assert response.status_code == 200 and response.text == "", response.text
    if value.get("input"):
        return name  # a modal was opened instead; the answer follows its submission
    fake.wait_for(lambda f: any(c.path == f"/response/{name}" for c in f.of("response_url")))
    return _text(next(c for c in fake.of("response_url") if c.path == f"/response/{name}"))


def _submit_input(slack, fake: FakeSlack, *, who: tuple[str, str], view: dict[str, Any], text: str) -> None:  # type: ignore[no-untyped-def]
    """Submit the one-field modal a needs-input button opened."""
    [block] = [b for b in view["blocks"] if b["type"] == "input"]
    state = {block["block_id"]: {block["element"]["action_id"]: {"type": block["element"]["type"], "value": text}}}
    payload = {"type": "view_submission", "user": _user(who), "api_app_id": "A0001", "token": "legacy",
               "team": {"id": "T0001", "domain": "ange"}, "trigger_id": f"{uuid.uuid4().hex}.1.x",
               "view": {**view, "id": "V0009", "state": {"values": state}}}
    response = slack.interaction(payload)
    assert response.status_code == 200 and response.text == "", response.text


def _sweep(services) -> SweepResult:  # type: ignore[no-untyped-def]
    """What the scheduler in ``serve`` does on a tick: a planning pass, then a sweep, same registry."""
    registry = build_registry(settings=services.extras["settings"], services=services,
                              intervals={"slack": 0.0, "teams": 0.0})
    assert "slack" in registry.platforms
    run_planning_pass(sessions=services.sessions, now=services.now())
    return run_sweep(sessions=services.sessions, registry=registry, clock=services.clock, config=SweepConfig(),
                     rng=random.Random(8))


def _new_posts(fake: FakeSlack, seen: int) -> list[Call]:
    return fake.of("chat.postMessage")[seen:]


def _platform_ids(session, meeting: Meeting) -> dict[str, Adjustment]:  # type: ignore[no-untyped-def]
    """The meeting's justerare by the Slack user id of the person each row is linked to."""
    return {session.get(Person, a.person_id).platform_user_id: a for a in meeting.adjustments}


def _outbox(services) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_justering_round_through_slack(slack, fake_slack: FakeSlack, slack_services, clock) -> None:  # type: ignore[no-untyped-def]
    path = seed_path("000")
    for who in (LINA, ANNA):  # the justerare have used the bot before: Slack ids are known
        assert "Samverkan" in _run(slack, fake_slack, "samverkan hjälp", who=who)
    for line in seed_000_protocol_script(path):
        if line.startswith("mote justerare"):
            continue
        assert '"ephemeral"' not in _run(slack, fake_slack, line), line
    named = _run(slack, fake_slack, "mote justerare <@U0LINA|lina>, <@U0ANNA|anna> möte 2022-03-30")
    assert '"in_channel"' in named and "lina" in named and "anna" in named, named
    with slack_services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        assert sorted(_platform_ids(session, meeting)) == ["U0ANNA", "U0LINA"]

    # The secretary sends the protocol for justering: each justerare gets a DM with the buttons.
    clock.set(datetime(2022, 4, 1, 8, 0, tzinfo=UTC))
    sent = _run(slack, fake_slack, "protokoll klart 2022-03-30")
    assert "lina (direktmeddelande)" in sent and "anna (direktmeddelande)" in sent, sent
    assert fake_slack.of("chat.postMessage") == []  # nothing leaves before the sweep
    swept = _sweep(slack_services)
    assert swept.sent == 2 and swept.failed == 0, swept
    opened = {c.args["users"] for c in fake_slack.of("conversations.open")}
    assert opened == {"U0LINA", "U0ANNA"}
    dms = {c.args["channel"]: c for c in fake_slack.of("chat.postMessage")}
    assert set(dms) == {"D0LINA", "D0ANNA"}
    for call in dms.values():
        assert_blocks(call.args["blocks"])
        assert "§ 19" in _text(call) and "Ny samverkansmodell i länet" in _text(call)
        buttons = _buttons(call)
        assert set(buttons) == {"Justera", "Begär ändring"}
        assert buttons["Begär ändring"]["input"] == "Vad behöver ändras?"
    assert _sweep(slack_services).claimed == 0  # delivered once
    seen = len(fake_slack.of("chat.postMessage"))

    # Lina clicks «Begär ändring» in her DM: a modal asks for the comment.
    _click(slack, fake_slack, who=LINA, dm="D0LINA", label="Begär ändring",
           value=_buttons(dms["D0LINA"])["Begär ändring"])
    [modal] = fake_slack.of("views.open")
    assert modal.args["view"]["callback_id"] == "samverkan:input"
    before = len(fake_slack.of("response_url"))
    _submit_input(slack, fake_slack, who=LINA, view=modal.args["view"], text="Andra att-satsen har ett stavfel")
    fake_slack.wait_for(lambda f: len(f.of("response_url")) > before)
    assert "skickad till sekreteraren" in _text(fake_slack.of("response_url")[before])
    with slack_services.sessions() as session:
        assert session.scalars(select(Meeting)).one().state == "genomfört"
        lina = session.scalars(select(Adjustment).where(Adjustment.name == "lina")).one()
        assert (lina.state, lina.comment) == ("ändring", "Andra att-satsen har ett stavfel")
    # issue 17: the secretary gets a DM and the body's channel sees it too, with her @mentioned
    assert _sweep(slack_services).sent == 2
    notice, in_channel = sorted(_new_posts(fake_slack, seen), key=lambda c: c.args["channel"] != "D0KRISTINA")
    assert notice.args["channel"] == "D0KRISTINA" and "stavfel" in _text(notice)
    assert in_channel.args["channel"] == CHANNEL and "<@U0KRISTINA>" in _text(in_channel)
    seen += 2

    # The secretary corrects § 19 and sends it again; both justerare get a new DM.
    clauses = seed_000_clauses(path)
    fixed = [clauses[0], clauses[1].replace("åiterrapportering", "återrapportering")]
    assert "§ 19" in _run(slack, fake_slack, record_19(path, replace=True, clauses=fixed))
    clock.set(datetime(2022, 4, 4, 9, 0, tzinfo=UTC))
    assert "direktmeddelande" in _run(slack, fake_slack, "protokoll klart")
    assert _sweep(slack_services).failed == 0
    again = {c.args["channel"]: c for c in _new_posts(fake_slack, seen) if c.args["channel"].startswith("D")}
    assert set(again) == {"D0LINA", "D0ANNA"}
    # Monday 08:00 has also passed: the channel's weekly digest is all that went elsewhere.
    others = [c for c in _new_posts(fake_slack, seen) if c.args["channel"] not in again]
    assert [(c.args["channel"], c.args["text"].startswith("Veckosammanfattning")) for c in others] == [(CHANNEL, True)]
    assert all("återrapportering" in _text(c) for c in again.values())
    seen = len(fake_slack.of("chat.postMessage"))

    # Both adjust with the «Justera» button of the new DM.
    clock.set(datetime(2022, 4, 4, 10, 30, tzinfo=UTC))
    card_ts = fake_slack.history["D0ANNA"][-1]["ts"]
    one = _click(slack, fake_slack, who=ANNA, dm="D0ANNA", label="Justera", value=_buttons(again["D0ANNA"])["Justera"],
                 ts=card_ts)
    assert "Du har justerat" in one and "Väntar på: lina" in one, one
    # issue 17: the request Anna clicked is edited in place – her answer shown, no live buttons left
    [edited] = fake_slack.of("chat.update")
    assert (edited.args["channel"], edited.args["ts"]) == ("D0ANNA", card_ts)
    assert not [b for b in edited.args["blocks"] if b["type"] == "actions"]
    assert "Justerat 2022-04-04" in _text(edited) and "Väntar" in _text(edited)
    clock.set(datetime(2022, 4, 4, 11, 0, tzinfo=UTC))
    done = _click(slack, fake_slack, who=LINA, dm="D0LINA", label="Justera", value=_buttons(again["D0LINA"])["Justera"])
    assert "är justerat" in done and "Digital justering 2022-04-04 13:00" in done, done

    # The sweep tells the channel and posts the extract of § 19 for its distribution list.
    assert _sweep(slack_services).failed == 0
    channel_posts = [c for c in _new_posts(fake_slack, seen) if c.args["channel"] == CHANNEL]
    texts = [_text(c) for c in channel_posts]
    assert any("är justerat" in t and "2022-04-05" in t and "2022-04-26" in t for t in texts), texts
    extract = [t for t in texts if "Kent Ylvefson, skolchef" in t]
    assert len(extract) == 1 and "§ 19" in extract[0]
    assert all(not c.args["channel"].startswith("D") for c in _new_posts(fake_slack, seen))
    assert _sweep(slack_services).claimed == 0
    assert {r.state for r in _outbox(slack_services)} == {"sent"}

    with slack_services.sessions() as session:
        meeting = session.scalars(select(Meeting)).one()
        assert meeting.state == "justerat"
        assert meeting.adjustment_place_time == "Digital justering 2022-04-04 13:00"
        assert (meeting.posted_on, meeting.appeal_ends_on) == (date(2022, 4, 5), date(2022, 4, 26))
        decided = {uid: (a.state, a.decided_at) for uid, a in _platform_ids(session, meeting).items()}
        assert decided["U0ANNA"][0] == decided["U0LINA"][0] == "justerad"
        assert decided["U0ANNA"][1].replace(tzinfo=UTC) == datetime(2022, 4, 4, 10, 30, tzinfo=UTC)
        assert decided["U0LINA"][1].replace(tzinfo=UTC) == datetime(2022, 4, 4, 11, 0, tzinfo=UTC)
        paragraph = session.scalars(select(Paragraph)).one()
        assert paragraph.locked and paragraph.clauses[1].text.startswith("återrapportering")

    # A later edit of the locked § is refused, pointing to the audited correction.
    refused = _run(slack, fake_slack, record_19(path, replace=True))
    assert "justerad och låst" in refused and "/beslut rätta § 19 2022" in refused, refused
    with slack_services.sessions() as session:
        assert session.scalars(select(Paragraph)).one().clauses[1].text.startswith("återrapportering")
