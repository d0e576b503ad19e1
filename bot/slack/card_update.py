"""Replace the message whose button was clicked with the card's new state.

A click on «Klar», «Flytta deadline», «Justera» or «Begär ändring» is answered to the clicker,
but the message everyone sees would otherwise keep its live buttons for work already done. When
the handler says how the card now looks (``Reply.card_update``), the clicked message is edited:

- a message that is one card (its buttons are the only buttons on it) is replaced whole;
- in a list (several cards, each with its own buttons) only the clicked card's buttons give way
  to a line with its new state, so the rest of the list stays usable.

A message in the channel is edited with ``chat.update`` (channel and message ts from the click's
``container``); an ephemeral one can only be replaced through its ``response_url``
(``replace_original``). Nothing is stored: the click itself says which message it came from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.render_text import render_text
from bot.slack.blocks import BUTTON_ACTION_PREFIX, escape, render_blocks
from bot.slack.clients import webhook_client
from handlers.reply import Reply

log = logging.getLogger("samverkan.slack.card_update")


@dataclass(frozen=True)
class ClickedMessage:
    """The message a button sat on: where it is, its blocks (when Slack sent them) and the block clicked."""

    channel_id: str | None
    ts: str | None
    ephemeral: bool
    blocks: list[dict[str, Any]]
    block_id: str | None
    response_url: str | None

    @classmethod
    def of(cls, *, body: dict[str, Any]) -> ClickedMessage:
        container = body.get("container") or {}
        message = body.get("message") or {}
        action = (body.get("actions") or [{}])[0]
        blocks = message.get("blocks") if isinstance(message.get("blocks"), list) else []
        return cls(channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
                   ts=container.get("message_ts") or message.get("ts"),
                   ephemeral=bool(container.get("is_ephemeral")), blocks=blocks,
                   block_id=action.get("block_id"), response_url=body.get("response_url"))

    def to_dict(self) -> dict[str, Any]:
        """Compact form for a modal's private metadata (Flytta deadline answers after a modal)."""
        return {"ch": self.channel_id, "ts": self.ts, "eph": self.ephemeral, "b": self.block_id}

    @classmethod
    def from_dict(cls, data: Any, *, response_url: str | None) -> ClickedMessage | None:
        if not isinstance(data, dict) or not isinstance(data.get("ts"), str):
            return None
        return cls(channel_id=data.get("ch") if isinstance(data.get("ch"), str) else None, ts=data["ts"],
                   ephemeral=bool(data.get("eph")), blocks=[],
                   block_id=data.get("b") if isinstance(data.get("b"), str) else None, response_url=response_url)


def _our_action_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [block for block in blocks if block.get("type") == "actions"
            and any(str(e.get("action_id", "")).startswith(BUTTON_ACTION_PREFIX) for e in block.get("elements") or [])]


def updated_blocks(*, clicked: ClickedMessage, card: Reply) -> list[dict[str, Any]]:
    """The clicked message's new blocks: the card alone, or the list with one card's buttons replaced."""
    ours = _our_action_blocks(clicked.blocks)
    if len(ours) > 1 and clicked.block_id:
        state = render_text(card).replace("\n", " · ")[:2900]
        line = {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(state)}]}
        return [line if block.get("block_id") == clicked.block_id and block in ours else block
                for block in clicked.blocks]
    return render_blocks(reply=card)


async def update_clicked(*, client: AsyncWebClient, clicked: ClickedMessage, reply: Reply) -> bool:
    """Edit the clicked message to ``reply.card_update``; False when there is nothing (or no way) to edit."""
    card = reply.card_update
    if card is None or not clicked.ts:  # no message ts (App Home, a view): no message to edit
        return False
    blocks = updated_blocks(clicked=clicked, card=card)
    text = render_text(card)[:3000]
    try:
        if clicked.ephemeral or not clicked.channel_id:
            if not clicked.response_url:
                return False
            response = await webhook_client(url=clicked.response_url).send(
                text=text, blocks=blocks, replace_original=True)
            return response.status_code == 200
        await client.chat_update(channel=clicked.channel_id, ts=clicked.ts, text=text, blocks=blocks)
        return True
    except SlackApiError as error:
        log.warning("updating the clicked card failed", extra={"error": error.response.get("error")})
        return False
