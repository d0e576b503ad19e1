"""Render a neutral ``Reply`` as Block Kit, within Slack's limits.

Blocks are built with ``slack_sdk.models.blocks`` classes so Slack's limits (header 150 chars,
10 fields, 25 buttons …) are checked when the message is built, not discovered as an
``invalid_blocks`` error in production. Long answers are cut at line breaks into sections of at
most 3000 characters and paged into messages of at most 50 blocks. Every text coming from the
database is escaped (``&``, ``<``, ``>``) so a title like ``<!channel>`` cannot ping anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.render_text import render_text
from bot.slack import texts
from handlers.reply import Button, Fact, Reply, Section

SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
HEADER_LIMIT = 150
BUTTON_LABEL_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
FALLBACK_LIMIT = 3000
MESSAGE_BLOCKS = 50
BUTTON_ACTION_PREFIX = "samverkan:button:"


# Blocks are built as plain dicts: slack_sdk's model classes validate on every ``to_dict`` and
# that cost a third of a lookup's time. The limits they check are enforced here by ``truncate`` and
# ``chunks``; the tests parse every rendered block back through slack_sdk's models.
Block = dict[str, Any]


def _mrkdwn(text: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text)]}


DIVIDER: Block = {"type": "divider"}


@dataclass(frozen=True)
class SlackMessage:
    """One postable message: Block Kit plus the plain-text fallback notifications show."""

    text: str
    blocks: list[dict[str, Any]]


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chunks(text: str, *, limit: int) -> list[str]:
    """Escaped pieces of ``text`` of at most ``limit`` characters, cut at line breaks when possible."""
    pieces: list[str] = []
    current = ""
    for line in escape(text).split("\n"):
        while len(line) > limit:
            cut = _safe_cut(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def truncate(escaped: str, *, limit: int) -> str:
    """Shorten already escaped text to ``limit`` characters with an ellipsis, never inside an entity."""
    if len(escaped) <= limit:
        return escaped
    return escaped[: _safe_cut(escaped, limit - 1)] + "…"


def _safe_cut(escaped: str, limit: int) -> int:
    """A cut position ≤ ``limit`` that does not split an ``&amp;``-style entity."""
    amp = escaped.rfind("&", max(0, limit - 4), limit)
    if amp != -1 and escaped.find(";", amp) >= limit:
        return amp
    return limit


def button_value(button: Button) -> str:
    """What a button carries back to us: the command line and the input it needs first."""
    return json.dumps({"command": button.command, "input": button.needs_input}, ensure_ascii=False)


def render_blocks(*, reply: Reply) -> list[Block]:
    """Every block of a reply, unpaged."""
    blocks: list[Block] = []
    tone = texts.TONE_EMOJI[reply.tone]
    if reply.title:
        blocks.append({"type": "header", "text": _plain(truncate(escape(reply.title), limit=HEADER_LIMIT))})
    if reply.text:
        prefix = "" if reply.title else tone
        blocks.extend(_text_sections(reply.text, prefix=prefix))
    blocks.extend(_fact_sections(reply.facts))
    for index, section in enumerate(reply.sections):
        if index or blocks:
            blocks.append(dict(DIVIDER))
        blocks.extend(_section_blocks(section))
    blocks.extend(_actions(reply.buttons))
    if reply.link:
        label, url = reply.link
        blocks.append(_section(f"<{url}|{truncate(escape(label), limit=200)}>"))
    if reply.context:
        blocks.append(_context(truncate(escape(reply.context), limit=FIELD_LIMIT)))
    return blocks


def with_mentions(text: str, *, reply: Reply) -> str:
    """Escaped mrkdwn with each of the reply's ``@name`` turned into a Slack mention ``<@U…>``."""
    for mention in reply.mentions:
        text = text.replace(escape(mention.marker), f"<@{mention.user_id}>")
    return text


def _mention_blocks(blocks: list[Block], *, reply: Reply) -> list[Block]:
    """Mentions notify only in mrkdwn text (sections, fields, context), never in a plain-text header."""
    if not reply.mentions:
        return blocks

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                return {**node, "text": with_mentions(node["text"], reply=reply)}
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(blocks)


def render_pages(*, reply: Reply, max_blocks: int = MESSAGE_BLOCKS) -> list[SlackMessage]:
    """The reply as one or more messages of at most ``max_blocks`` blocks each."""
    blocks = _mention_blocks(render_blocks(reply=reply), reply=reply)
    fallback = with_mentions(truncate(escape(render_text(reply)), limit=FALLBACK_LIMIT), reply=reply) or " "
    if len(blocks) <= max_blocks:
        return [SlackMessage(text=fallback, blocks=blocks)]
    per_page = max_blocks - 1
    groups = [blocks[i : i + per_page] for i in range(0, len(blocks), per_page)]
    title = escape(reply.title or texts.HOME_TITLE)
    pages: list[SlackMessage] = []
    for number, group in enumerate(groups, start=1):
        footer = _context(texts.PAGE_CONTEXT.format(page=number, pages=len(groups)))
        text = fallback if number == 1 else texts.CONTINUED.format(title=title, page=number, pages=len(groups))
        pages.append(SlackMessage(text=text, blocks=[*group, footer]))
    return pages


def render_compact(*, reply: Reply, limit: int = 600) -> SlackMessage:
    """A short answer for threads (dnr mentions): title, the start of the text, the context line."""
    head = f"*{truncate(escape(reply.title), limit=HEADER_LIMIT)}*" if reply.title else ""
    body = truncate(escape(reply.text or _first_lines(reply)), limit=limit)
    blocks: list[Block] = [_section("\n".join(p for p in (head, body) if p) or " ")]
    if reply.context:
        blocks.append(_context(truncate(escape(reply.context), limit=300)))
    fallback = truncate(escape(render_text(reply)), limit=limit) or " "
    return SlackMessage(text=fallback, blocks=blocks)


def _first_lines(reply: Reply) -> str:
    lines = [line for section in reply.sections for line in section.lines]
    return "\n".join(lines[:3])


def _text_sections(text: str, *, prefix: str) -> list[Block]:
    pieces = chunks(text, limit=SECTION_LIMIT - len(prefix))
    if pieces and prefix:
        pieces[0] = prefix + pieces[0]
    return [_section(piece) for piece in pieces]


def _fact_sections(facts: tuple[Fact, ...]) -> list[Block]:
    fields = [_mrkdwn(truncate(f"*{escape(fact.label)}*\n{escape(fact.value)}", limit=FIELD_LIMIT)) for fact in facts]
    return [{"type": "section", "fields": fields[i : i + 10]} for i in range(0, len(fields), 10)]


def _section_blocks(section: Section) -> list[Block]:
    blocks: list[Block] = []
    lines = [f"{n}. {line}" if section.numbered else line for n, line in enumerate(section.lines, start=1)]
    heading = f"*{truncate(escape(section.heading), limit=300)}*" if section.heading else ""
    pieces = chunks("\n".join(lines), limit=SECTION_LIMIT - len(heading) - 1) if lines else []
    if heading:
        first = f"{heading}\n{pieces.pop(0)}" if pieces else heading
        blocks.append(_section(first))
    blocks.extend(_section(piece) for piece in pieces)
    blocks.extend(_fact_sections(section.facts))
    blocks.extend(_actions(section.buttons))
    return blocks


def _actions(buttons: tuple[Button, ...]) -> list[Block]:
    """Buttons as actions blocks of at most 25 (Slack's limit); action ids are unique per block."""
    elements: list[Block] = []
    for button in buttons:
        value = button_value(button)
        if len(value) > BUTTON_VALUE_LIMIT:
            continue  # a command this long cannot ride on a button; the text still shows it
        element: Block = {"type": "button", "text": _plain(truncate(escape(button.label), limit=BUTTON_LABEL_LIMIT) or "…"),
                          "action_id": f"{BUTTON_ACTION_PREFIX}{len(elements) % 25}", "value": value}
        if button.style != "default":
            element["style"] = button.style
        elements.append(element)
    return [{"type": "actions", "elements": elements[i : i + 25]} for i in range(0, len(elements), 25)]
