"""A button's input that the command refused comes back as the same input, marked, not as a usage line.

Why: «Flytta deadline» asks for «15/11 eftersom …» in a field on the card. When the reason is
missing, a command-line hint («Så här: @Samverkan uppdrag flytta 12 till …») sends the person
off to type a command they never needed. Instead the answer is a small card with the error in
red above the same field, filled with what they wrote and marked as required, and the same
Send button. The original card's id travels in the button data, so when the second try
succeeds it is still the original card that is updated in place.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes
from microsoft_agents.hosting.core import CardFactory

from bot.teams import texts
from bot.teams.activity import CARD_ID_KEY, INPUT_KEY, LABEL_KEY
from bot.teams.cards import CARD_VERSION, defuse
from handlers.reply import Reply


def wants_input_again(*, value: dict[str, Any] | None, reply: Reply) -> bool:
    """A refused command that came from a button's text field (not from a form or a typed line)."""
    return bool(value) and reply.tone == "error" and isinstance((value or {}).get(INPUT_KEY), str)


def input_again_activity(*, value: dict[str, Any], reply: Reply, card_id: str | None) -> Activity:
    """The field again, with the handler's message (its first line, not the usage) as the error."""
    input_id = value[INPUT_KEY]
    label = value.get(LABEL_KEY) if isinstance(value.get(LABEL_KEY), str) else texts.INPUT_PLACEHOLDER
    message = (reply.text or reply.title or "").split("\n", 1)[0]
    data = {key: item for key, item in value.items() if key.startswith("samverkan_") and key != input_id}
    if card_id:
        data[CARD_ID_KEY] = card_id
    card = {
        "type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION, "fallbackText": message,
        "body": [
            {"type": "TextBlock", "text": defuse(message), "wrap": True, "color": "Attention"},
            {"type": "Input.Text", "id": input_id, "label": label, "value": str(value.get(input_id) or ""),
             "isRequired": True, "errorMessage": defuse(message)[:200]},
        ],
        "actions": [{"type": "Action.Submit", "title": texts.SEND, "data": data, "style": "positive"}],
    }
    extra = {"summary": message[:200]} if message else {}  # the SDK refuses an empty summary
    return Activity(type=ActivityTypes.message, attachments=[CardFactory.adaptive_card(card)], **extra)
