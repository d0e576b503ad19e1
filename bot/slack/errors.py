"""The Slack adapter's catch-all: Bolt's global error handler.

Without it Bolt answers any exception in a listener or middleware with an empty 500, and the
person who typed the command sees Slack's own "dispatch_failed". Here the exception is logged
with its traceback and the person gets one polite sentence (errbot's rule); the exception text
is never posted, because it may quote data or code.

Only a request that passed the signature check is answered or acted on: its ``response_url``
is then Slack's. An exception before that point (an unsigned request) is a plain 400.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.slack.clients import webhook_client
from handlers import messages as msg

log = logging.getLogger("samverkan.slack.errors")
VERIFIED = "samverkan_verified"
_notices: set[asyncio.Task[None]] = set()  # keeps fire-and-forget notices alive until they finish


async def _mark_verified(context: AsyncBoltContext, next: Any) -> None:
    """Runs after Bolt's own middleware (signature, authorization): the request is Slack's."""
    context[VERIFIED] = True
    await next()


async def _notify(url: str) -> None:
    """The sentence to the clicker, ephemeral, through the interaction's ``response_url``."""
    try:
        await webhook_client(url=url).send(text=msg.ADAPTER_FAILURE, response_type="ephemeral",
                                           replace_original=False)
    except Exception:
        log.warning("slack failure notice could not be sent", exc_info=True)


async def answer_failure(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> BoltResponse:
    """Log, then answer: in the ack of a slash command, through ``response_url`` for a click."""
    if not isinstance(body, dict):
        body = {}
    log.error("slack request failed", exc_info=error,
              extra={"slack_type": body.get("type") or ("command" if "command" in body else None)})
    if not context.get(VERIFIED):
        return BoltResponse(status=400, body="bad request")
    if isinstance(body.get("command"), str):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": msg.ADAPTER_FAILURE})
    url = body.get("response_url")
    if isinstance(url, str) and url:
        task = asyncio.ensure_future(_notify(url))
        _notices.add(task)
        task.add_done_callback(_notices.discard)
    return BoltResponse(status=200, body="")


def register_errors(*, app: AsyncApp) -> None:
    """Install the catch-all and the marker it relies on."""
    app.middleware(_mark_verified)
    app.error(answer_failure)
