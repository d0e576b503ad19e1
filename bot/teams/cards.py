"""Render a neutral ``Reply`` as a Teams message: an Adaptive Card 1.5 with a text fallback.

Teams renders Adaptive Cards up to 1.5 and only ``Action.Submit`` everywhere, so buttons and
forms are Submit actions whose ``data`` carries the command to run (``samverkan_command``) or
the form to complete (``samverkan_form``); ``bot.teams.activity`` reads them back. A reply
that is only a sentence goes out as plain text: a card around one line is noise in a chat.
"""

from __future__ import annotations

import json
import re
from itertools import count
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import CardFactory

from bot.render_text import render_text
from bot.teams import texts
from bot.teams.activity import CARD_SCOPE_KEY, COMMAND_KEY, FORM_KEY, INPUT_KEY, LABEL_KEY
from handlers.reply import Button, Fact, Form, FormField, Reply, Section
from handlers.syntax import TEAMS_CHAT, Syntax, in_syntax

CARD_VERSION = "1.5"
CARD_BUDGET = 60_000  # characters of card JSON; Teams rejects messages above roughly 80 KB
# Only errors are coloured: Teams' "Good" green and "Warning" amber text are too pale to read on white.
_TONE_COLOR = {"error": "Attention"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")


def is_plain(reply: Reply) -> bool:
    """A reply with nothing but a sentence needs no card (one that mentions people gets a card:
    the card carries its mention entities and none of plain text's markdown)."""
    return not (reply.title or reply.sections or reply.facts or reply.buttons or reply.form
                or reply.link or reply.context or reply.mentions)


def _with_mentions(card: dict[str, Any], *, reply: Reply) -> dict[str, Any]:
    """Turn each listed person's ``@name`` in the card's text into ``<at>name</at>`` with a mention
    entity (``msteams.entities``), so Teams notifies them; the id is the channel-account id when
    known, else the AAD object id (Teams accepts both)."""
    used: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {key: walk(value) for key, value in node.items()}
            for key in ("text", "value"):
                if (node.get("type") == "TextBlock" and key == "text") or ("title" in node and key == "value"):
                    if isinstance(out.get(key), str):
                        out[key] = replace_markers(out[key])
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    def replace_markers(text: str) -> str:
        for mention in reply.mentions:
            if mention.marker in text:
                tag = f"<at>{mention.name}</at>"
                text = text.replace(mention.marker, tag)
                used[tag] = {"type": "mention", "text": tag,
                             "mentioned": {"id": mention.alt_id or mention.user_id, "name": mention.name}}
        return text

    card = {**card, "body": walk(card["body"])}
    if used:
        card["msteams"] = {"entities": list(used.values())}
    return card


def reply_activity(reply: Reply, *, syntax: Syntax = TEAMS_CHAT) -> Activity:
    """The message activity for a reply: plain text, or a card with fallback text and summary.

    ``syntax`` is how commands are written in the conversation it goes to (``handlers.syntax``):
    the mention form in channels and group chats, bare words in a personal chat."""
    reply = in_syntax(reply, syntax=syntax)
    fallback = render_text(reply)
    if is_plain(reply):
        return Activity(type=ActivityTypes.message, text=fallback, text_format="plain")
    card = card_for(reply)
    summary = (reply.title or (reply.text or "").split("\n", 1)[0] or fallback.split("\n", 1)[0])[:200]
    # The SDK refuses an empty (or null) summary, so a card without one simply has none.
    extra = {"summary": summary} if summary else {}
    return Activity(type=ActivityTypes.message, attachments=[CardFactory.adaptive_card(card)], **extra)


def card_for(reply: Reply) -> dict[str, Any]:
    """The Adaptive Card of a reply, within the size Teams accepts."""
    ids = count(1)
    body: list[dict[str, Any]] = []
    if reply.title:
        body.append(_text(reply.title, size="Medium", weight="Bolder", style="heading",
                          color=_TONE_COLOR.get(reply.tone)))
    if reply.text:
        color = None if reply.title else _TONE_COLOR.get(reply.tone)
        body.extend(_lines(reply.text.split("\n"), color=color))
    if reply.facts:
        body.append(_facts(reply.facts))
    sections = [_section(section, ids=ids) for section in reply.sections]
    kept = _within_budget(body, sections)
    body.extend(kept)
    if len(kept) < len(sections):
        body.append(_text(texts.TRUNCATED.format(count=len(sections) - len(kept)), is_subtle=True))
    whole = not any(section.buttons for section in reply.sections)
    actions: list[dict[str, Any]] = [_action(button, ids=ids, whole_card=whole) for button in reply.buttons]
    if reply.form:
        body.extend(_form_body(reply.form))
        actions.insert(0, _submit(reply.form.submit_label, {FORM_KEY: reply.form.command}, style="positive"))
    if reply.link:
        actions.append({"type": "Action.OpenUrl", "title": reply.link[0], "url": reply.link[1]})
    if reply.context:
        body.append(_text(reply.context, size="Small", is_subtle=True))
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "fallbackText": render_text(reply)[:4000],
        "body": body or [_text(" ")],
    }
    if actions:
        card["actions"] = actions
    return _with_mentions(card, reply=reply) if reply.mentions else card


def _within_budget(body: list[dict[str, Any]], sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """As many sections as fit in the size budget, in order."""
    used = len(json.dumps(body, ensure_ascii=False))
    kept: list[dict[str, Any]] = []
    for section in sections:
        used += len(json.dumps(section, ensure_ascii=False))
        if used > CARD_BUDGET:
            break
        kept.append(section)
    return kept


_ZWSP = "\u200b"


def defuse(text: str) -> str:
    """Make typed text inert in a TextBlock: Teams renders markdown links and emphasis there.

    The bot's own texts use no markdown (links are ``Action.OpenUrl`` buttons), so a zero-width
    space inside ``](``, ``**`` and ``__`` changes nothing a reader sees but no link or emphasis
    typed into a title or task is ever rendered.
    """
    return text.replace("](", "]" + _ZWSP + "(").replace("**", "*" + _ZWSP + "*").replace("__", "_" + _ZWSP + "_")


def _text(text: str, *, size: str | None = None, weight: str | None = None, style: str | None = None,
          color: str | None = None, is_subtle: bool = False, spacing: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": defuse(text), "wrap": True}
    for key, value in (("size", size), ("weight", weight), ("style", style), ("color", color),
                       ("spacing", spacing)):
        if value:
            block[key] = value
    if is_subtle:
        block["isSubtle"] = True
    return block


def _lines(lines: list[str] | tuple[str, ...], *, color: str | None = None,
           numbered: bool = False) -> list[dict[str, Any]]:
    """One TextBlock per line: Teams' markdown would otherwise join single newlines."""
    blocks = []
    for index, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        text = f"{index}. {line}" if numbered else line
        blocks.append(_text(text, color=color, spacing="None" if blocks else None))
    return blocks


def _facts(facts: tuple[Fact, ...]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": fact.label, "value": defuse(fact.value or "–")} for fact in facts]}


def _section(section: Section, *, ids: count) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    if section.heading:
        items.append(_text(section.heading, weight="Bolder"))
    if section.facts:
        items.append(_facts(section.facts))
    items.extend(_lines(section.lines, numbered=section.numbered))
    if section.buttons:
        items.append({"type": "ActionSet", "actions": [_action(button, ids=ids) for button in section.buttons]})
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items or [_text(" ")]}


def _submit(title: str, data: dict[str, Any], *, style: str | None = None) -> dict[str, Any]:
    action: dict[str, Any] = {"type": "Action.Submit", "title": title, "data": data}
    if style:
        action["style"] = style
    return action


def _action(button: Button, *, ids: count, whole_card: bool = False) -> dict[str, Any]:
    """A button: a Submit, or a ShowCard with one text input when the command needs a value.

    ``whole_card`` marks a button that acts on everything the card shows, so its answer may
    replace the card (``bot.teams.bot.update_clicked_card``); buttons in a list's rows do not."""
    style = {"primary": "positive", "danger": "destructive"}.get(button.style)
    data: dict[str, Any] = {COMMAND_KEY: button.command}
    if whole_card:
        data[CARD_SCOPE_KEY] = True
    if not button.needs_input:
        return _submit(button.label, data, style=style)
    input_id = f"{INPUT_KEY}_{next(ids)}"
    inner = {
        "type": "AdaptiveCard",
        "body": [{"type": "Input.Text", "id": input_id, "label": button.needs_input,
                  "placeholder": texts.INPUT_PLACEHOLDER, "isRequired": True,
                  "errorMessage": texts.REQUIRED.format(label=button.needs_input.lower())}],
        "actions": [_submit(texts.SEND, {**data, INPUT_KEY: input_id, LABEL_KEY: button.needs_input}, style=style)],
    }
    return {"type": "Action.ShowCard", "title": button.label, "card": inner}


def _form_body(form: Form) -> list[dict[str, Any]]:
    blocks = [_text(form.title, weight="Bolder", size="Medium", style="heading")]
    blocks.extend(_input(field) for field in form.fields)
    return blocks


def _input(field: FormField) -> dict[str, Any]:
    """One Input.* element per form field kind."""
    element: dict[str, Any]
    if field.kind == "checkbox":
        element = {"type": "Input.Toggle", "title": field.label, "valueOn": "true", "valueOff": "false",
                   "value": "true" if (field.initial or "").lower() in ("true", "ja", "1") else "false"}
    elif field.kind == "choice":
        element = {"type": "Input.ChoiceSet", "style": "compact",
                   "choices": [{"title": label, "value": value} for value, label in field.choices]}
        if field.initial:
            element["value"] = field.initial
    elif field.kind == "date":
        element = {"type": "Input.Date"}
        if field.initial and _DATE.match(field.initial):
            element["value"] = field.initial
    elif field.kind == "time":
        element = {"type": "Input.Time"}
        if field.initial and _TIME.match(field.initial):
            element["value"] = field.initial
    else:
        element = {"type": "Input.Text", "isMultiline": field.kind == "multiline"}
        if field.initial:
            element["value"] = field.initial
    element["id"] = field.name
    element["label"] = field.label
    if field.placeholder and field.kind not in ("checkbox", "choice"):
        element["placeholder"] = field.placeholder
    if field.required:
        element["isRequired"] = True
        element["errorMessage"] = texts.REQUIRED.format(label=field.label.lower())
    return element
