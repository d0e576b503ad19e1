"""Build the Agents SDK side once: token check and outbound credentials from settings, the
adapter, retries and the error handler.

``MICROSOFT_APP_ID`` / ``_PASSWORD`` / ``_TENANT_ID`` configure the bot's Entra app: incoming
tokens must be addressed to that app id (``bot.teams.auth``) and replies carry a token that
MSAL gets for it (``microsoft-agents-authentication-msal``). An empty app id means no token
either way (the Agents Playground and the Emulator expect that); ``bot.teams.gate`` then
refuses every activity unless local development is switched on.
"""

from __future__ import annotations

import logging
from typing import Any

from microsoft_agents.activity import Activity, ActivityEventNames, ActivityTypes, ResourceResponse
from microsoft_agents.authentication.msal import MsalAuth
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    AuthTypes,
)

from bot.config import Settings
from bot.teams.auth import AuthOverrides, ChannelTokenValidator
from bot.teams.connectors import CachingClientFactory
from bot.teams.retry import RetryPolicy, call_with_retries
from handlers import messages as msg

log = logging.getLogger("samverkan.teams")
MULTI_TENANT_AUTHORITY_TENANT = "botframework.com"
PROACTIVE_EVENTS = (ActivityEventNames.continue_conversation, ActivityEventNames.create_conversation)


class TeamsAdapter(CloudAdapter):
    """The SDK's aiohttp adapter with shared connector clients, retried posts on 412/429/502/504
    (the SDK never retries) and an error handler that keeps internals out of the chat."""

    def __init__(self, *, factory: CachingClientFactory, validator: ChannelTokenValidator | None,
                 app_id: str, retry: RetryPolicy) -> None:
        super().__init__(channel_service_client_factory=factory)
        self.factory = factory
        self.validator = validator
        self.app_id = app_id
        self.retry = retry
        self.on_turn_error = self.answer_failure  # the SDK's default posts the exception text

    async def answer_failure(self, context: TurnContext, error: Exception) -> None:
        """The catch-all of a turn (errbot's rule): log the exception with its traceback and tell
        the person one polite Swedish sentence — never the exception text, which may quote data
        or code, and no trace activity.

        Proactive posts run through the same pipeline; their failures are raised on, because the
        notifier turns them into a retried delivery instead of a lost reminder.
        """
        activity = context.activity
        if activity.type == ActivityTypes.event and activity.name in PROACTIVE_EVENTS:
            raise error
        log.error("teams turn failed", exc_info=error, extra={"activity_type": activity.type})
        if activity.type != ActivityTypes.message:
            return  # nobody is waiting for an answer to an installation or other event
        try:
            await context.send_activity(Activity(type=ActivityTypes.message, text=msg.ADAPTER_FAILURE))
        except Exception:
            log.warning("teams failure notice could not be sent", exc_info=True)

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        responses: list[ResourceResponse] = []
        for activity in activities:
            sent = await call_with_retries(
                lambda one=activity: super(TeamsAdapter, self).send_activities(context, [one]),
                policy=self.retry,
            )
            responses.extend(sent)
        return responses

    async def create_conversation(self, *args: Any, **kwargs: Any) -> Any:
        """New conversations (a new channel thread) are retried the same way."""
        return await call_with_retries(
            lambda: super(TeamsAdapter, self).create_conversation(*args, **kwargs), policy=self.retry
        )


def msal_token_provider(settings: Settings) -> AccessTokenProviderBase | None:
    """MSAL client credentials for the app id, or None without one (no token on replies).

    A single-tenant bot (or one with a user-assigned managed identity) gets its tokens from its
    own tenant; a (legacy) multi-tenant one from the Bot Framework's tenant, as botbuilder did."""
    if not settings.microsoft_app_id:
        return None
    kind = settings.microsoft_app_type.lower()
    own_tenant = kind in ("singletenant", "userassignedmsi") and settings.microsoft_app_tenant_id
    config = AgentAuthConfiguration(
        auth_type=AuthTypes.user_managed_identity if kind == "userassignedmsi" else AuthTypes.client_secret,
        client_id=settings.microsoft_app_id,
        client_secret=settings.microsoft_app_password.get_secret_value() or None,
        tenant_id=settings.microsoft_app_tenant_id if own_tenant else MULTI_TENANT_AUTHORITY_TENANT,
    )
    return MsalAuth(config)


def build_adapter(
    *,
    settings: Settings,
    retry: RetryPolicy | None = None,
    overrides: AuthOverrides | None = None,
    token_provider: AccessTokenProviderBase | None = None,
) -> TeamsAdapter:
    """The adapter every Teams turn and proactive post goes through. ``token_provider``
    replaces MSAL (tests run offline)."""
    app_id = settings.microsoft_app_id
    provider = token_provider if token_provider is not None else msal_token_provider(settings)
    factory = CachingClientFactory(token_provider=provider if app_id else None, app_id=app_id)
    validator = ChannelTokenValidator.from_overrides(app_id=app_id, overrides=overrides) if app_id else None
    return TeamsAdapter(factory=factory, validator=validator, app_id=app_id, retry=retry or RetryPolicy())
