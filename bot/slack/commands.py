"""Slash commands: answer in the ack when fast, finish after the ack when not.

``/beslut UTB 22/30`` is a lookup of a millisecond or two: it is answered inside the HTTP
response, which is also the cheapest path (no extra call to Slack). A command that needs a form
opens the modal while its ``trigger_id`` is fresh. Known-slow commands are Bolt lazy listeners;
anything else that outlives the ack budget, and the further pages of a long answer, are posted
to ``response_url`` after the ack.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import texts
from bot.slack.blocks import render_pages
from bot.slack.dedupe import delivery_key
from bot.slack.files import share_file
from bot.slack.modals import Origin, form_view
from bot.slack.payloads import from_slash_command
from bot.slack.respond import ack_payload, via_response_url
from bot.slack.work import run_once, within_budget
from handlers import messages as msg
from handlers import registry
from handlers.context import Services
from handlers.reply import Reply

log = logging.getLogger("samverkan.slack.commands")


LAZY_COMMANDS = frozenset({"protokoll"})  # builds whole protocols: always answered after the ack
_background: set[asyncio.Future[None]] = set()


def register_commands(*, app: AsyncApp, services: Services) -> None:
    """One listener per registry command, so the manifest and the listeners cannot disagree.

    Most commands answer inside the ack. The known-slow ones (``LAZY_COMMANDS``: whole protocols),
    a command that outlives the ack budget, and the further pages of a long answer are acked at
    once and finished by a background task this module keeps a reference to. Not a Bolt lazy
    listener: Bolt copies the whole request for each (~0.4 ms), and under load the listener's
    task, which nothing referenced, was collected before it posted — the justering it carried
    was never done.
    """

    async def answer_command(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                             request: AsyncBoltRequest) -> None:
        inv = from_slash_command(body)
        task = asyncio.ensure_future(run_once(services=services, inv=inv, key=delivery_key(body=body), request=request))
        if inv.command in LAZY_COMMANDS or not await within_budget(task):
            await ack(response_type="ephemeral", text=texts.WORKING)
            _in_background(_finish(task=task, body=body, client=client))
            return
        reply = task.result()
        if reply is None:  # a retry of a command already answered
            await ack()
            return
        if reply.form is not None:
            await ack(**await _open_form(client=client, body=body, reply=reply))
            return
        pages = render_pages(reply=reply)
        await ack(**ack_payload(reply=reply, message=pages[0]))
        if len(pages) > 1 and body.get("response_url"):
            _in_background(via_response_url(url=body["response_url"], reply=reply, messages=pages[1:]))

    for spec in registry.COMMANDS:
        app.command(spec.slash)(answer_command)


def _in_background(work: Any) -> None:
    """Run ``work`` after the ack, keeping a reference so the task is not garbage-collected."""
    task = asyncio.ensure_future(work)
    _background.add(task)
    task.add_done_callback(_background.discard)


async def _finish(*, task: asyncio.Future[Reply | None], body: dict[str, Any], client: AsyncWebClient) -> None:
    """Post a reply computed after the ack to the command's ``response_url``."""
    reply = await task
    url = body.get("response_url")
    if reply is None or not url:
        return
    if reply.form is not None:
        opened = await _open_form(client=client, body=body, reply=reply)
        if not opened:
            return
        reply = Reply(text=msg.USAGE.format(usage=reply.form.command), tone="warning", ephemeral=True)
    await via_response_url(url=url, reply=reply)
    if reply.file is not None:  # /protokoll pdf: the file itself, shared in the conversation
        await share_file(client=client, reply=reply, channel_id=body.get("channel_id"), user_id=body.get("user_id", ""))


async def _open_form(*, client: AsyncWebClient, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    """Open the reply's form as a modal; the ack is empty unless opening failed."""
    assert reply.form is not None
    origin = Origin(command=reply.form.command, channel_id=body.get("channel_id", ""),
                    channel_name=body.get("channel_name"), team_domain=body.get("team_domain", ""),
                    response_url=body.get("response_url"))
    try:
        await client.views_open(trigger_id=body.get("trigger_id", ""), view=form_view(form=reply.form, origin=origin))
    except SlackApiError as error:
        log.warning("views.open failed", extra={"error": error.response.get("error")})
        return {"response_type": "ephemeral", "text": msg.GENERIC_FAILURE}
    return {}
