"""Block Kit rendering: limits, paging and escaping, checked with slack_sdk's own models."""

from __future__ import annotations

import json

from bot.slack.blocks import chunks, render_compact, render_pages
from handlers.reply import Button, Fact, Reply, Section
from tests.slack.validate import assert_blocks


def test_a_decision_renders_header_fields_clauses_context_and_buttons() -> None:
    reply = Reply(
        title="§ 19 Ny samverkansmodell i länet",
        facts=(Fact("Diarienummer", "UTB 22/30"), Fact("Möte", "2022-03-30")),
        sections=(Section(heading="Beslut", lines=("att ge skolchef i uppdrag", "att återrapportering ges"),
                          numbered=True, buttons=(Button("Klar", "uppdrag klar 4", style="primary"),
                                                  Button("Flytta deadline", "uppdrag flytta 4", needs_input="Nytt datum"))),),
        context="Utbildningsnämndens arbetsutskott · justerad",
    )
    [page] = render_pages(reply=reply)
    parsed = assert_blocks(page.blocks)
    types = [block.type for block in parsed]
    assert types == ["header", "section", "divider", "section", "actions", "context"]
    assert "1. att ge skolchef i uppdrag\n2. att återrapportering ges" in page.blocks[3]["text"]["text"]
    buttons = page.blocks[4]["elements"]
    assert buttons[0]["style"] == "primary" and "style" not in buttons[1]
    assert json.loads(buttons[1]["value"]) == {"command": "uppdrag flytta 4", "input": "Nytt datum"}
    assert len({b["action_id"] for b in buttons}) == 2
    assert "UTB 22/30" in page.text  # the plain-text fallback carries the content too


def test_control_characters_in_titles_and_text_are_escaped() -> None:
    reply = Reply(title="<!channel> & <@U123>", text="Se <https://evil|här> & <!here>",
                  facts=(Fact("<b>", "x > y"),), context="<#C1>")
    [page] = render_pages(reply=reply)
    assert_blocks(page.blocks)
    dumped = json.dumps(page.blocks) + page.text
    for raw in ("<!channel>", "<!here>", "<@U123>", "<#C1>", "<https://evil"):
        assert raw not in dumped
    assert page.blocks[0]["text"]["text"] == "&lt;!channel&gt; &amp; &lt;@U123&gt;"
    assert "&lt;!here&gt;" in page.blocks[1]["text"]["text"]


def test_huge_answers_are_cut_into_sections_and_paged_within_slack_limits() -> None:
    lines = tuple(f"§ {n} {'Mycket lång rubrik & mer ' * 8}" for n in range(400))
    reply = Reply(title="T" * 400, text="x" * 10_000, facts=tuple(Fact(f"F{n}", "v" * 3000) for n in range(23)),
                  sections=tuple(Section(heading=f"Del {n}", lines=lines[n * 20:(n + 1) * 20]) for n in range(20)),
                  buttons=tuple(Button(f"B{n}", f"uppdrag klar {n}") for n in range(30)))
    pages = render_pages(reply=reply)
    assert len(pages) > 1
    for page in pages:
        assert_blocks(page.blocks)
        assert len(page.text) <= 3000
    everything = "".join(json.dumps(page.blocks, ensure_ascii=False) for page in pages)
    assert "§ 399 " in everything and "F22" in everything  # nothing is dropped by paging
    assert pages[-1].blocks[-1]["elements"][0]["text"] == f"Sida {len(pages)} av {len(pages)}"


def test_chunks_never_split_an_entity_and_keep_every_character() -> None:
    text = "&" * 5000 + "\n" + "kort rad"
    pieces = chunks(text, limit=3000)
    assert all(len(piece) <= 3000 for piece in pieces)
    joined = "".join(pieces).replace("\n", "")
    assert joined == "&amp;" * 5000 + "kort rad"


def test_compact_answer_for_threads_is_short_and_valid() -> None:
    reply = Reply(title="§ 19 Ny samverkansmodell i länet", text="att ge skolchef i uppdrag " * 100,
                  context="UTB 22/30")
    message = render_compact(reply=reply)
    assert_blocks(message.blocks)
    assert len(message.blocks[0]["text"]["text"]) < 800
