"""Build the botbuilder side once: authentication from settings, the adapter, retries.

``MICROSOFT_APP_ID`` / ``_PASSWORD`` / ``_TYPE`` / ``_TENANT_ID`` configure the Bot Framework
credentials. An empty app id disables botbuilder's token check (the Bot Framework Emulator and
the Agents Playground expect that); ``bot.teams.gate`` then refuses every activity unless local
development is switched on. The channel's token endpoints can be pointed elsewhere (a sovereign
cloud, or a local OpenID document in tests) with botbuilder's own names, read from the
environment by ``AuthOverrides``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityEventNames, ActivityTypes, ResourceResponse
from botframework.connector.auth import AuthenticationConstants, ServiceClientCredentialsFactory
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config import Settings
from bot.teams.connectors import CachingAuthentication
from bot.teams.retry import RetryPolicy, call_with_retries
from handlers import messages as msg

log = logging.getLogger("samverkan.teams")
PROACTIVE_EVENTS = (ActivityEventNames.continue_conversation, ActivityEventNames.create_conversation)


class AuthOverrides(BaseSettings):
    """Optional replacements for the public-cloud token endpoints (botbuilder's names)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    openid_metadata_url: str | None = Field(default=None, alias="TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL")
    token_issuer: str | None = Field(default=None, alias="TO_BOT_FROM_CHANNEL_TOKEN_ISSUER")

    @property
    def any(self) -> bool:
        return bool(self.openid_metadata_url or self.token_issuer)


@dataclass(frozen=True)
class BotFrameworkConfig:
    """The attribute names ``ConfigurationBotFrameworkAuthentication`` reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str | None = None
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str | None = None
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str | None = None
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str | None = None
    OAUTH_URL: str | None = None


def bot_framework_config(*, settings: Settings, overrides: AuthOverrides | None = None) -> BotFrameworkConfig:
    """Settings → botbuilder configuration. Overriding one endpoint makes botbuilder switch to
    its "parameterized" mode, which needs every endpoint, so the rest get public-cloud values."""
    overrides = overrides or AuthOverrides()
    config = BotFrameworkConfig(
        APP_ID=settings.microsoft_app_id,
        APP_PASSWORD=settings.microsoft_app_password.get_secret_value(),
        APP_TYPE=settings.microsoft_app_type,
        APP_TENANTID=settings.microsoft_app_tenant_id,
    )
    if not overrides.any:
        return config
    constants = AuthenticationConstants
    return BotFrameworkConfig(
        APP_ID=config.APP_ID,
        APP_PASSWORD=config.APP_PASSWORD,
        APP_TYPE=config.APP_TYPE,
        APP_TENANTID=config.APP_TENANTID,
        TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=overrides.openid_metadata_url
        or constants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
        TO_BOT_FROM_CHANNEL_TOKEN_ISSUER=overrides.token_issuer or constants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
        TO_CHANNEL_FROM_BOT_LOGIN_URL=constants.TO_CHANNEL_FROM_BOT_LOGIN_URL,
        TO_CHANNEL_FROM_BOT_OAUTH_SCOPE=constants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
        TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL=constants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
        OAUTH_URL=constants.OAUTH_URL,
    )


def build_authentication(
    *,
    settings: Settings,
    overrides: AuthOverrides | None = None,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
) -> CachingAuthentication:
    """Bot Framework authentication with cached connector clients."""
    inner = ConfigurationBotFrameworkAuthentication(
        bot_framework_config(settings=settings, overrides=overrides),
        credentials_factory=credentials_factory,
        logger=log,
    )
    return CachingAuthentication(inner)


class TeamsAdapter(CloudAdapter):
    """CloudAdapter whose outgoing posts are retried on 412/429/502/504 (botbuilder never retries)."""

    def __init__(self, authentication: CachingAuthentication, *, retry: RetryPolicy) -> None:
        super().__init__(authentication)
        self.authentication = authentication
        self.retry = retry
        self.on_turn_error = self.answer_failure

    async def answer_failure(self, context: TurnContext, error: Exception) -> None:
        """The catch-all of a turn (errbot's rule): log the exception with its traceback and tell
        the person one polite sentence — never the exception text, which may quote data or code.

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


def build_adapter(
    *,
    settings: Settings,
    retry: RetryPolicy | None = None,
    overrides: AuthOverrides | None = None,
    credentials_factory: ServiceClientCredentialsFactory | None = None,
) -> TeamsAdapter:
    """The adapter every Teams turn and proactive post goes through."""
    authentication = build_authentication(
        settings=settings, overrides=overrides, credentials_factory=credentials_factory
    )
    return TeamsAdapter(authentication, retry=retry or RetryPolicy())
