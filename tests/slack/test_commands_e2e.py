"""Slash commands through the real server: signing, visibility, retries, paging, escaping."""

from __future__ import annotations

import json
import time

from sqlalchemy import func, select

from storage.models import Body, Person, ProcessedEvent, Tenant
from tests.slack.validate import assert_blocks


def count(services, model) -> int:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_help_is_answered_in_the_ack_as_valid_ephemeral_block_kit(slack, fake_slack, slack_services) -> None:
    response = slack.command("/samverkan", "hjälp")
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    parsed = assert_blocks(answer["blocks"])
    assert parsed[0].type == "header" and answer["blocks"][0]["text"]["text"] == "Samverkan – kommandon"
    assert "/beslut – Beslut" in json.dumps(answer["blocks"], ensure_ascii=False)
    assert "/beslut" in answer["text"]  # plain-text fallback
    with slack_services.sessions() as session:
        tenant = session.scalars(select(Tenant)).one()
        assert (tenant.platform, tenant.external_id, tenant.name) == ("slack", "T0001", "ange")
        person = session.scalars(select(Person)).one()
        assert (person.platform_user_id, person.name) == ("U0KRISTINA", "kristina")
    assert fake_slack.of("response_url") == []  # one page: nothing follows the ack


def test_unknown_subcommand_is_an_ephemeral_error_saying_how(slack) -> None:
    answer = slack.command("/samverkan", "orgn lista").json()
    assert answer["response_type"] == "ephemeral"
    text = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "orgn" in text and "Så här" in text
    assert_blocks(answer["blocks"])


def test_a_recorded_body_is_announced_in_channel(slack, slack_services) -> None:
    answer = slack.command("/samverkan", 'organ ny "Strategigrupp barn och unga" kort BU typ strategigrupp').json()
    assert answer["response_type"] == "in_channel"
    assert "Strategigrupp barn och unga" in answer["blocks"][0]["text"]["text"]
    assert count(slack_services, Body) == 1


def test_bad_signature_and_stale_timestamp_get_401_and_change_nothing(slack, slack_services, fake_slack) -> None:
    body = slack.command_body("/samverkan", 'organ ny "Styrgruppen" kort SG')
    forged = slack.post(body, content_type="application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
    stale_ts = int(time.time()) - 6 * 60
    stale = slack.post(body, content_type="application/x-www-form-urlencoded", timestamp=stale_ts)
    assert (forged.status_code, stale.status_code) == (401, 401)
    for model in (Tenant, Person, Body, ProcessedEvent):
        assert count(slack_services, model) == 0
    assert fake_slack.calls == []


def test_a_retried_command_records_nothing_twice(slack, slack_services) -> None:
    body = slack.command_body("/samverkan", 'organ ny "Styrgruppen" kort SG typ styrgrupp')
    first = slack.post(body, content_type="application/x-www-form-urlencoded")
    retry = slack.post(body, content_type="application/x-www-form-urlencoded",
                       headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status_code == retry.status_code == 200
    assert "Styrgruppen" in first.text
    assert retry.text == ""  # acknowledged, not answered again
    assert count(slack_services, Body) == 1
    assert count(slack_services, ProcessedEvent) == 1
    # a new, genuine command (new trigger_id) is of course handled
    again = slack.command("/samverkan", 'organ ny "Styrgruppen" kort SG typ styrgrupp').json()
    assert "finns redan" in json.dumps(again, ensure_ascii=False)


def test_channel_mentions_in_a_title_are_escaped_in_the_answer(slack) -> None:
    answer = slack.command("/samverkan", 'organ ny "<!channel> & <@U999>" kort X').json()
    dumped = json.dumps(answer, ensure_ascii=False)
    assert "<!channel>" not in dumped and "<@U999>" not in dumped
    assert "&lt;!channel&gt; &amp; &lt;@U999&gt;" in dumped
    assert_blocks(answer["blocks"])


def test_slack_escaped_command_text_is_unescaped_before_parsing(slack, slack_services) -> None:
    slack.command("/samverkan", 'organ ny "Skola &amp; socialtjänst" kort SS')
    with slack_services.sessions() as session:
        assert session.scalars(select(Body.name)).one() == "Skola & socialtjänst"


def test_a_form_command_opens_a_modal_with_the_forms_fields(slack, fake_slack) -> None:
    response = slack.command("/beslut", "registrera")
    assert response.status_code == 200 and response.text == ""
    [call] = fake_slack.of("views.open")
    view = call.args["view"]
    assert view["type"] == "modal" and view["callback_id"] == "samverkan:form"
    kinds = {block["block_id"]: block["element"]["type"] for block in view["blocks"]}
    assert kinds["clauses"] == "plain_text_input" and kinds["meeting"] == "datepicker"
    assert kinds["confidential"] == "checkboxes"
    assert call.headers["authorization"] == "Bearer xoxb-test"


def test_a_command_slower_than_the_ack_budget_is_finished_via_response_url(slack, fake_slack, monkeypatch) -> None:
    import bot.slack.work

    monkeypatch.setattr(bot.slack.work, "ACK_BUDGET", 0.0)
    # a write runs in a worker thread and can outlive the ack (quick reads answer inline)
    answer = slack.command("/samverkan", 'organ ny "Styrgruppen" typ styrgrupp').json()
    assert answer == {"response_type": "ephemeral", "text": "Jag arbetar på det – svaret kommer strax."}
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert_blocks(post.args["blocks"])
    assert "Styrgruppen" in json.dumps(post.args["blocks"], ensure_ascii=False)


def test_protokoll_is_acknowledged_at_once_and_answered_by_the_lazy_listener(slack, fake_slack) -> None:
    answer = slack.command("/protokoll", "").json()
    assert answer["response_type"] == "ephemeral" and "arbetar" in answer["text"]
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert_blocks(post.args["blocks"])
