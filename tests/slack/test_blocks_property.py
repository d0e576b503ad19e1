"""Any reply renders to blocks that slack_sdk's models accept unchanged, on every page.

Rendering builds plain dicts (the model classes were a third of a lookup's cost), so this test is
where the Block Kit limits and shapes are enforced.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.blocks import render_compact, render_pages
from handlers.reply import Button, Fact, Reply, Section
from tests.slack.validate import assert_blocks

text = st.text(max_size=400)
long_text = st.text(min_size=0, max_size=7000)
buttons = st.lists(st.builds(Button, label=text, command=st.text(min_size=1, max_size=80),
                             style=st.sampled_from(["default", "primary", "danger"])), max_size=30)
facts = st.lists(st.builds(Fact, label=st.text(max_size=40), value=text), max_size=14)
sections = st.lists(st.builds(Section, heading=st.none() | text, lines=st.lists(text, max_size=30).map(tuple),
                              facts=facts.map(tuple), buttons=buttons.map(tuple), numbered=st.booleans()),
                    max_size=40)
replies = st.builds(Reply, title=st.none() | text, text=st.none() | long_text, sections=sections.map(tuple),
                    facts=facts.map(tuple), buttons=buttons.map(tuple), context=st.none() | text,
                    tone=st.sampled_from(["info", "success", "error", "warning"]),
                    link=st.none() | st.tuples(text, st.just("https://example.invalid/x")))


@settings(max_examples=120, deadline=None)
@given(reply=replies)
def test_every_page_validates(reply: Reply) -> None:
    for page in render_pages(reply=reply):
        if page.blocks:
            assert_blocks(page.blocks)
        assert page.text


@settings(max_examples=60, deadline=None)
@given(reply=replies)
def test_compact_answer_validates(reply: Reply) -> None:
    assert_blocks(render_compact(reply=reply).blocks)
