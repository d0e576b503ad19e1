"""The command-language seed scenario (§ 19 of seed 000) recorded through Slack, then looked up."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from storage.models import Paragraph
from tests.conftest import seed_path
from tests.scenarios.seed_scripts import BODY_000, seed_000_clauses, seed_000_script
from tests.slack.validate import assert_blocks

pytestmark = pytest.mark.seeds


def _slash(slack, line: str):  # type: ignore[no-untyped-def]
    word, _, rest = line.partition(" ")
    return slack.command(f"/{word}", rest)


def _assert_paragraph_19(services, clauses: list[str]) -> None:  # type: ignore[no-untyped-def]
    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert (paragraph.number, paragraph.year, paragraph.title) == (19, 2022, "Ny samverkansmodell i länet")
        assert paragraph.case.dnr_key == "UTB:2022:30"
        assert [clause.text for clause in paragraph.clauses] == clauses


def _assert_lookups(slack) -> None:  # type: ignore[no-untyped-def]
    for command, text in (("/beslut", "UTB 22/30"), ("/beslut", "utb 2022/30"), ("/beslut", "§ 19"),
                          ("/beslut", "samverkansmodel"), ("/samverkan", "beslut UTB-22/30")):
        answer = slack.command(command, text, user_id="U0ANNA", user_name="anna").json()
        assert answer["response_type"] == "in_channel", (text, answer)
        assert_blocks(answer["blocks"])
        dumped = json.dumps(answer["blocks"], ensure_ascii=False)
        assert "§ 19 Ny samverkansmodell i länet" in dumped, (text, dumped)
        assert "UTB 22/30" in dumped and "åiterrapportering" in dumped and "2022-03-30" in dumped


def test_seed_000_recorded_by_slash_commands_then_found(slack, slack_services) -> None:
    path = seed_path("000")
    for line in seed_000_script(path):
        answer = _slash(slack, line).json()
        assert answer["response_type"] == "in_channel", (line, answer)
        assert_blocks(answer["blocks"])
    _assert_paragraph_19(slack_services, seed_000_clauses(path))
    _assert_lookups(slack)


def test_seed_000_recorded_through_the_decision_modal_then_found(slack, fake_slack, slack_services) -> None:
    path = seed_path("000")
    for line in seed_000_script(path)[:-1]:  # body, channel, meeting, justerare
        assert _slash(slack, line).status_code == 200
    assert slack.command("/beslut", "registrera").text == ""
    [opened] = fake_slack.of("views.open")
    clauses = seed_000_clauses(path)
    response = slack.submit(view=opened.args["view"], values={
        "number": "19", "title": "Ny samverkansmodell i länet", "dnr": "UTB 22/30", "meeting": "2022-03-30",
        "clauses": "\n".join(clauses), "distribution": "Kent Ylvefson, skolchef",
    })
    assert response.status_code == 200 and response.text == "", response.text
    fake_slack.wait_for(lambda f: len(f.of("response_url")) == 1)
    [post] = fake_slack.of("response_url")
    assert post.args["response_type"] == "in_channel"
    assert "§ 19" in json.dumps(post.args["blocks"], ensure_ascii=False)
    _assert_paragraph_19(slack_services, clauses)
    _assert_lookups(slack)
    assert BODY_000 in json.dumps(slack.command("/samverkan", "organ lista").json(), ensure_ascii=False)
