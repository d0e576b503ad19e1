"""Buttons and modal submissions.

A button carries a full command line and runs it as if the clicker typed it; a button that needs
input first (a new deadline) opens a one-field modal and appends the answer. A submitted form
runs its command with the field values; a handler's error goes back into the modal next to
the field when the modal is still open, otherwise to the user ephemerally.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import texts
from bot.slack.blocks import BUTTON_ACTION_PREFIX
from bot.slack.card_update import ClickedMessage, update_clicked
from bot.slack.dedupe import delivery_key
from bot.slack.files import share_file
from bot.slack.modals import (
    FORM_CALLBACK,
    INPUT_CALLBACK,
    INPUT_FIELD,
    Origin,
    field_errors,
    form_view,
    input_view,
    selected_users,
    submitted_values,
)
from bot.slack.payloads import actor_of_interaction, from_button, invocation
from bot.slack.respond import deliver
from bot.slack.work import Followups, run_once, within_budget
from handlers.context import Services

log = logging.getLogger("samverkan.slack.interactions")
BUTTON_PATTERN = re.compile("^" + re.escape(BUTTON_ACTION_PREFIX))


def _button(body: dict[str, Any]) -> tuple[str, str | None]:
    """(command line, input label or None) of the clicked button; ("", None) for a value that is
    not the JSON object ``blocks`` writes (then nothing runs)."""
    action = (body.get("actions") or [{}])[0]
    try:
        data = json.loads(action.get("value") or "{}")
    except (TypeError, ValueError):
        return "", None
    if not isinstance(data, dict) or not isinstance(data.get("command", ""), str):
        return "", None
    needs_input = data.get("input")
    return data.get("command", ""), needs_input if isinstance(needs_input, str) else None


def _button_title(body: dict[str, Any]) -> str:
    """The clicked button's label, the title of the modal it opens (Slack requires one)."""
    text = (body.get("actions") or [{}])[0].get("text")
    title = text.get("text") if isinstance(text, dict) else None
    return title if isinstance(title, str) and title.strip() else texts.HOME_TITLE


def register_interactions(*, app: AsyncApp, services: Services, followups: Followups) -> None:
    """Listeners for our buttons and our two kinds of modal."""

    async def ack_button(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        command, needs_input = _button(body)
        if needs_input:
            channel = body.get("channel") or {}
            clicked = ClickedMessage.of(body=body)
            origin = Origin(command=command, channel_id=channel.get("id", ""), channel_name=channel.get("name"),
                            team_domain=(body.get("team") or {}).get("domain", ""),
                            response_url=body.get("response_url"),
                            clicked=clicked.to_dict() if clicked.ts else None)
            title = _button_title(body)
            try:
                await client.views_open(trigger_id=body.get("trigger_id", ""),
                                        view=input_view(label=needs_input, title=title, origin=origin))
            except SlackApiError as error:
                log.warning("views.open failed", extra={"error": error.response.get("error")})
        await ack()

    async def run_button(body: dict[str, Any], client: AsyncWebClient, request: AsyncBoltRequest) -> None:
        command, needs_input = _button(body)
        if needs_input or not command:
            return
        inv = from_button(body=body, line=command)
        reply = await run_once(services=services, inv=inv, key=delivery_key(body=body), request=request)
        if reply is None:
            return
        channel = body.get("channel") or {}
        await update_clicked(client=client, clicked=ClickedMessage.of(body=body), reply=reply)
        await deliver(client=client, reply=reply, response_url=body.get("response_url"),
                      channel_id=channel.get("id"), user_id=inv.actor.user_id)
        if reply.file is not None:  # «Ladda ned PDF»: the file itself, shared where the card is
            await share_file(client=client, reply=reply, channel_id=channel.get("id"), user_id=inv.actor.user_id)

    async def ack_submission(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                             context: AsyncBoltContext, request: AsyncBoltRequest) -> None:
        view = body.get("view") or {}
        origin = Origin.load(view.get("private_metadata", ""))
        names = await _user_names(client=client, users=selected_users(view))
        values = submitted_values(view, user_names=names)
        team_id, _domain, user_id, user_name = actor_of_interaction(body)
        is_form = view.get("callback_id") == FORM_CALLBACK
        line = origin.command if is_form else f"{origin.command} {values.get(INPUT_FIELD, '')}".strip()
        inv = invocation(line=line, team_id=team_id, team_domain=origin.team_domain, user_id=user_id,
                         user_name=user_name, channel_id=origin.channel_id or user_id,
                         channel_name=origin.channel_name if origin.channel_id else "directmessage",
                         form_values=values if is_form else None)
        task = asyncio.ensure_future(run_once(services=services, inv=inv, key=delivery_key(body=body),
                                              request=request))
        if not await within_budget(task):
            followups.put(context=context, item=(origin, task))
            await ack()
            return
        reply = task.result()
        if reply is None:
            await ack()
            return
        if reply.tone == "error":
            errors = field_errors(message=reply.text or reply.title or "", view=view)
            if errors:
                await ack(response_action="errors", errors=errors)
                return
        if reply.form is not None:
            await ack(response_action="update", view=form_view(form=reply.form, origin=origin))
            return
        followups.put(context=context, item=(origin, task))
        await ack()

    async def post_submission(body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext) -> None:
        item = followups.pop(context=context)
        if item is None:
            return
        origin, task = item
        reply = await task
        if reply is None or reply.form is not None:
            return
        _team, _domain, user_id, _name = actor_of_interaction(body)
        clicked = ClickedMessage.from_dict(origin.clicked, response_url=origin.response_url)
        if clicked is not None:
            await update_clicked(client=client, clicked=clicked, reply=reply)
        await deliver(client=client, reply=reply, response_url=origin.response_url,
                      channel_id=origin.channel_id or None, user_id=user_id)

    app.action(BUTTON_PATTERN)(ack=ack_button, lazy=[run_button])
    for callback in (FORM_CALLBACK, INPUT_CALLBACK):
        app.view(callback)(ack=ack_submission, lazy=[post_submission])


async def _user_names(*, client: AsyncWebClient, users: list[str]) -> dict[str, str]:
    """Display names of people picked in a modal, so records name them and not just an id."""
    names: dict[str, str] = {}
    for user in users:
        try:
            info = await client.users_info(user=user)
        except SlackApiError:
            continue
        profile = info["user"].get("profile") or {}
        names[user] = profile.get("real_name") or info["user"].get("real_name") or info["user"].get("name", "")
    return names
