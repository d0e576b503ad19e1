"""Buttons and modals through the real server: Klar, Flytta deadline, the assignment form."""

from __future__ import annotations

import json
import time
from datetime import date

from sqlalchemy import select

from storage.models import Assignment, ProcessedEvent
from tests.slack.validate import assert_blocks, assert_view


def _setup_body(slack) -> None:  # type: ignore[no-untyped-def]
    slack.command("/samverkan", 'organ ny "Strategigrupp vuxna" kort SV typ strategigrupp')
    slack.command("/samverkan", "kanal Strategigrupp vuxna")


def _buttons(answer: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {element["text"]["text"]: element["value"]
            for block in answer["blocks"] if block["type"] == "actions" for element in block["elements"]}


def _assignment(services) -> Assignment:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        return session.scalars(select(Assignment)).one()


def test_klar_button_runs_its_command_as_the_clicker_and_answers_via_response_url(slack, fake_slack,
                                                                                  slack_services) -> None:
    _setup_body(slack)
    answer = slack.command("/uppdrag", "ny skolchef: ta fram förslag senast 31/10").json()
    assert answer["response_type"] == "in_channel"
    assert_blocks(answer["blocks"])
    buttons = _buttons(answer)
    assert set(buttons) == {"Klar", "Flytta sista dag"}
    url = fake_slack.response_url("click1")
    click = slack.click(value=buttons["Klar"], response_url=url)
    assert click.status_code == 200 and click.text == ""
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert post.path == "/response/click1" and post.args["replace_original"] is False
    assert_blocks(post.args["blocks"])
    assert "klart" in post.args["text"]
    assert _assignment(slack_services).status == "done"
    # the same click delivered again (Slack retry) is acknowledged but not run again
    with slack_services.sessions() as session:
        claimed = set(session.scalars(select(ProcessedEvent.key)).all())
    retry = slack.interaction(slack.last_payload, headers={"X-Slack-Retry-Num": "1"})
    assert retry.status_code == 200
    time.sleep(0.5)
    assert len(fake_slack.of("response_url")) == 1
    with slack_services.sessions() as session:
        assert set(session.scalars(select(ProcessedEvent.key)).all()) == claimed


def test_flytta_deadline_asks_for_the_date_in_a_modal_then_moves_it(slack, fake_slack, slack_services) -> None:
    _setup_body(slack)
    buttons = _buttons(slack.command("/uppdrag", "ny skolchef: ta fram förslag senast 31/10").json())
    slack.click(value=buttons["Flytta sista dag"], response_url=fake_slack.response_url("move"),
                label="Flytta sista dag")
    [opened] = fake_slack.of("views.open")
    view = opened.args["view"]
    assert_view(view)
    assert view["callback_id"] == "samverkan:input"
    assert view["blocks"][0]["label"]["text"].startswith("Nytt datum och skäl")
    # a missing reason is shown inside the modal, next to the field
    bad = slack.submit(view=view, values={"value": "15/11"})
    assert bad.json()["response_action"] == "errors"
    assert "eftersom" in bad.json()["errors"]["value"]
    assert _assignment(slack_services).due_on == date(2022, 10, 31)
    good = slack.submit(view=view, values={"value": "15/11 eftersom underlaget är försenat"})
    assert good.status_code == 200 and good.text == ""
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert post.path == "/response/move"
    assert "underlaget är försenat" in json.dumps(post.args["blocks"], ensure_ascii=False)
    assert _assignment(slack_services).due_on == date(2022, 11, 15)


def test_assignment_form_with_person_and_date_pickers(slack, fake_slack, slack_services) -> None:
    _setup_body(slack)
    fake_slack.users["U0LINA"] = "Lina Lindman"
    assert slack.command("/uppdrag", "ny").text == ""
    [opened] = fake_slack.of("views.open")
    view = opened.args["view"]
    assert_view(view)
    kinds = {block["block_id"]: block["element"]["type"] for block in view["blocks"]}
    assert kinds["assignee"] == "users_select" and kinds["due"] == "datepicker"
    response = slack.submit(view=view, values={"assignee": "U0LINA", "task": "sammanställ enkäten",
                                               "due": "2022-05-01", "group": "Strategigrupp vuxna"})
    assert response.status_code == 200 and response.text == ""
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert post.args["response_type"] == "in_channel"
    assert_blocks(post.args["blocks"])
    assert [call.args["user"] for call in fake_slack.of("users.info")] == ["U0LINA"]
    row = _assignment(slack_services)
    assert (row.task, row.due_on) == ("sammanställ enkäten", date(2022, 5, 1))
    assert "Lina Lindman" in (row.assignee_name or "") or row.assignee_person_id is not None


def test_home_tab_button_answers_in_a_direct_message(slack, fake_slack, slack_services) -> None:
    value = json.dumps({"command": "samverkan hjälp uppdrag", "input": None})
    slack.click(value=value, response_url=None, channel_id=None)
    fake_slack.wait_for(lambda f: len(f.of("chat.postMessage")) == 1)
    assert fake_slack.of("conversations.open")[0].args["users"] == "U0KRISTINA"
    [post] = fake_slack.of("chat.postMessage")
    assert post.args["channel"] == "D0KRISTINA"
    assert_blocks(post.args["blocks"])
