"""The App Home tab: the user's open assignments and the next meetings of their bodies.

The tab asks the same handlers a user would (``uppdrag mina``, ``mote lista ORGAN``) instead of
rendering tables itself, so what Home shows and what the commands answer cannot drift apart;
"which bodies is this person a member of" comes from ``handlers.roles`` too. It is published by a
lazy listener: ``app_home_opened`` is acknowledged at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
)
from slack_sdk.models.views import View
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import texts
from bot.slack.blocks import escape, render_blocks
from bot.slack.payloads import PLATFORM, invocation
from bot.slack.work import run_once
from handlers.context import Services
from handlers.reply import Reply
from handlers.roles import member_body_names

log = logging.getLogger("samverkan.slack.home")

HOME_BLOCKS = 100
MAX_BODIES = 5


def member_bodies(*, services: Services, team_id: str, user_id: str) -> list[str]:
    """Names of the bodies the Slack user is a member of (the first few, by name)."""
    with services.sessions() as session:
        return member_body_names(session, platform=PLATFORM, tenant_external_id=team_id, user_id=user_id,
                                 limit=MAX_BODIES)


def home_view(*, panes: list[tuple[str, Reply]]) -> dict[str, Any]:
    """The Home tab for already computed replies, cut to Slack's 100 blocks."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=texts.HOME_TITLE)),
        ContextBlock(elements=[MarkdownTextObject(text=escape(texts.HOME_INTRO))]),
    ]
    nothing = ContextBlock(elements=[MarkdownTextObject(text=texts.HOME_NOTHING)])
    for heading, reply in panes:
        blocks.append(DividerBlock())
        if reply.tone == "error" or not (reply.title or reply.text or reply.sections):
            blocks.extend([HeaderBlock(text=PlainTextObject(text=heading)), nothing])
            continue
        if not reply.title:
            blocks.append(HeaderBlock(text=PlainTextObject(text=heading)))
        blocks.extend(render_blocks(reply=reply))
    return View(type="home", blocks=blocks[:HOME_BLOCKS]).to_dict()


def register_home(*, app: AsyncApp, services: Services) -> None:
    """Publish the Home tab each time a user opens it."""

    async def ack_home(ack: AsyncAck) -> None:
        await ack()

    async def publish_home(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event.get("user", "")
        team_id = body.get("team_id", "")
        bodies = await asyncio.to_thread(member_bodies, services=services, team_id=team_id, user_id=user)
        lines = [(texts.HOME_ASSIGNMENTS, "uppdrag mina")]
        lines += [(texts.HOME_MEETINGS, f"mote lista {name}") for name in bodies]
        panes: list[tuple[str, Reply]] = []
        for heading, line in lines:
            inv = invocation(line=line, team_id=team_id, team_domain="", user_id=user,
                             user_name=user, channel_id=event.get("channel") or user, channel_name="directmessage")
            reply = await run_once(services=services, inv=inv, key=None)
            panes.append((heading, reply or Reply()))
        if not bodies:
            panes.append((texts.HOME_MEETINGS, Reply()))
        try:
            await client.views_publish(user_id=user, view=home_view(panes=panes))
        except SlackApiError as error:
            log.warning("views.publish failed", extra={"error": error.response.get("error")})

    app.event("app_home_opened")(ack=ack_home, lazy=[publish_home])
