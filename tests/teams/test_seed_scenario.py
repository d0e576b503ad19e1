"""The seed scenario through Teams: § 19 of seed 000 recorded with the card form in a channel,
then found again with ``@Samverkan beslut UTB 22/30``; its assignment closed with a card button."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storage.models import Assignment, Paragraph
from tests.conftest import seed_path
from tests.teams import payloads
from tests.teams.conftest import cards_of, visible_text


def _seed_paragraph() -> dict[str, str]:
    """§ 19 as the protocol prints it: heading with dnr, the numbered clauses, the distribution."""
    text = seed_path("000").read_text(encoding="utf-8")
    heading = re.search(r"^(?P<title>[^\n(]+?) \((?P<dnr>UTB \d+/\d+)\)", text, re.MULTILINE)
    assert heading, "the seed's § 19 heading"
    decision = text.split("**Beslut**", 1)[1].split("Sammanfattning", 1)[0]
    clauses = re.findall(r"^\d\. (.+?)\.?$", decision, re.MULTILINE)
    distribution = text.split("Beslutet ska skickas till", 1)[1].strip().splitlines()[0]
    assert len(clauses) == 2
    return {"number": "19", "title": heading["title"].strip(), "dnr": heading["dnr"], "meeting": "2022-03-30",
            "clauses": "\n".join(clauses), "distribution": distribution, "proposal": "", "confidential": "false"}


def _say(server, connector, text: str):  # type: ignore[no-untyped-def]
    connector.clear()
    assert server.post(payloads.channel_message(text, service_url=connector.url)).status_code in (200, 201)
    [reply] = connector.delivered
    return reply.activity


@pytest.mark.seeds
def test_seed_paragraph_19_recorded_and_found_through_teams(server, connector, services, card_validator) -> None:
    seed = _seed_paragraph()
    assert server.post(payloads.bot_added_to_team(service_url=connector.url)).status_code in (200, 201)
    steps = [
        ('samverkan organ ny "Utbildningsnämndens arbetsutskott" kort UTB typ arbetsutskott', "är skapat"),
        ("samverkan kanal UTB", "Kanalen är nu kopplad"),
        ("mote ny 2022-03-30 kl. 13:00-14:30 plats Digitalt möte", "Mötet är skapat"),
    ]
    for line, expected in steps:
        assert expected in visible_text(_say(server, connector, line)), line

    form_reply = _say(server, connector, "beslut registrera")
    [form_card] = cards_of(form_reply)
    assert not list(card_validator.iter_errors(form_card))
    submit = next(action for action in form_card["actions"] if action["type"] == "Action.Submit")
    inputs = {element["id"]: element["type"] for element in form_card["body"] if element["type"].startswith("Input.")}
    assert set(seed) <= set(inputs), inputs
    assert inputs["clauses"] == "Input.Text" and inputs["meeting"] == "Input.Date"

    connector.clear()
    submitted = payloads.card_submit(submit["data"] | seed, service_url=connector.url)
    assert server.post(submitted).status_code in (200, 201)
    [recorded] = connector.delivered
    assert "§ 19" in visible_text(recorded.activity)

    with services.sessions() as session:
        paragraph = session.scalars(select(Paragraph)).one()
        assert (paragraph.number, paragraph.year, paragraph.title) == (19, 2022, seed["title"])
        assert paragraph.case.dnr_written == "UTB 22/30"
        assert [clause.text for clause in paragraph.clauses] == seed["clauses"].split("\n")

    for query in ("beslut UTB 22/30", "/beslut utb 2022/30", "beslut § 19"):
        found = _say(server, connector, query)
        text = visible_text(found)
        assert "§ 19" in text and seed["title"] in text and "UTB 22/30" in text, query
        for clause in seed["clauses"].split("\n"):
            assert clause in text, (query, clause)
        for card in cards_of(found):
            assert not list(card_validator.iter_errors(card))

    listing = _say(server, connector, "uppdrag lista")
    [card] = cards_of(listing)
    assert not list(card_validator.iter_errors(card))
    done = [action for action in _actions(card) if action.get("title") == "Klar"]
    assert done, "assignment cards carry a «Klar» button"
    connector.clear()
    server.post(payloads.card_submit(done[0]["data"], service_url=connector.url))
    assert len(connector.delivered) == 1
    assignment_id = int(done[0]["data"]["samverkan_command"].split()[-1])
    with services.sessions() as session:
        assert session.get(Assignment, assignment_id).status != "open"


def _actions(node):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            yield node
        for value in node.values():
            yield from _actions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _actions(item)
