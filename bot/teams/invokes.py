"""Answers to ``invoke`` activities, which Samverkan does not use.

Teams sends an invoke when a client feature expects the bot to answer in the HTTP response:
``Action.Execute`` on a card (``adaptiveCard/action``), a dialog (``task/fetch``,
``task/submit``), a message extension (``composeExtension/…``), sign-in and others. The bot's
cards use ``Action.Submit`` (a plain message) and it offers none of the rest, so an invoke only
arrives from an old or foreign card or a client that guesses. The SDK answers those with 501,
which Teams shows as a generic failure; here each family gets a 200 with the answer shape it
renders — a Swedish sentence saying this is not something the bot does — and any other name a
bare 200 (the protocol asks receivers to ignore names they do not understand). Nothing is run
and nothing is stored.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from microsoft_agents.activity import Activity, InvokeResponse

from bot.teams import texts

log = logging.getLogger("samverkan.teams")

MESSAGE_TYPE = "application/vnd.microsoft.activity.message"


def answer_invoke(activity: Activity) -> InvokeResponse:
    """The invoke response for ``activity``, by the family of its ``name``."""
    name = activity.name if isinstance(activity.name, str) else ""
    log.info("teams invoke not offered", extra={"invoke_name": name[:100]})
    if name == "adaptiveCard/action":
        body: object = {"statusCode": HTTPStatus.OK.value, "type": MESSAGE_TYPE, "value": texts.INVOKE_UNSUPPORTED}
    elif name.startswith("task/"):
        body = {"task": {"type": "message", "value": texts.INVOKE_UNSUPPORTED}}
    elif name.startswith("composeExtension/"):
        body = {"composeExtension": {"type": "message", "text": texts.INVOKE_UNSUPPORTED}}
    else:
        body = None
    return InvokeResponse(status=HTTPStatus.OK.value, body=body)
