"""Replies that only the asker may see, in a product with no ephemeral messages.

Slack shows an ephemeral reply to one person inside the channel; Teams cannot. A reply marked
``private`` (a confidential paragraph) asked for in a Teams channel or group chat is therefore
delivered to the asker's personal chat with the bot when the bot has one, and the conversation
gets only a sentence saying where the answer went. Without a personal chat nothing confidential
is posted at all.
"""

from __future__ import annotations

import logging

from handlers import messages as msg
from handlers.context import Invocation, Services
from handlers.notify import DeliveryError, Destination
from handlers.people import personal_reference
from handlers.reply import Reply

log = logging.getLogger("samverkan.teams.private")


def route_private(*, services: Services, invocation: Invocation, reply: Reply) -> Reply:
    """What to post where the command was typed; sends the private reply on when it can.

    Runs in a worker thread (the Teams notifier blocks until the post is accepted).
    """
    if not reply.private or invocation.channel.is_direct:
        return reply
    reference = _personal_reference(services=services, invocation=invocation)
    notifier = services.extras.get("notifiers", {}).get("teams")
    if reference is None or notifier is None:
        return Reply(text=msg.PRIVATE_NO_PERSONAL_CHAT, tone="warning")
    destination = Destination(platform="teams", tenant_external_id=invocation.tenant.external_id, kind="person",
                              address=invocation.actor.user_id, reference=reference)
    try:
        notifier.post(destination=destination, reply=reply)
    except DeliveryError:
        log.warning("private reply could not be delivered to the personal chat")
        return Reply(text=msg.PRIVATE_NO_PERSONAL_CHAT, tone="warning")
    return Reply(text=msg.PRIVATE_SENT_TO_CHAT)


def _personal_reference(*, services: Services, invocation: Invocation) -> dict | None:  # type: ignore[type-arg]
    """The stored reference of the asker's personal chat with the bot, if they ever opened one."""
    with services.sessions() as session:
        return personal_reference(session, platform="teams", tenant_external_id=invocation.tenant.external_id,
                                  user_id=invocation.actor.user_id)
