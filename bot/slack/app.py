"""Build the Bolt ``AsyncApp`` with every Samverkan listener.

``process_before_response=True``: Bolt then returns the ack as soon as the ack function
finishes, instead of polling for it every 10 ms (the default costs ~10 ms per request even when
idle). Fast answers are therefore given inside the ack; slow work goes to lazy listeners.
"""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp

from bot.config import Settings
from bot.slack.clients import async_web_client
from bot.slack.commands import register_commands
from bot.slack.errors import register_errors
from bot.slack.home import register_home
from bot.slack.interactions import register_interactions
from bot.slack.lazy import install as install_lazy_runner
from bot.slack.mentions import register_mentions
from bot.slack.oauth import oauth_settings
from bot.slack.uploads import register_uploads
from bot.slack.work import Followups
from handlers.context import Services

log = logging.getLogger("samverkan.slack")


def _secret(value: object) -> str | None:
    return value.get_secret_value() or None if value else None  # type: ignore[attr-defined]


def uses_oauth(settings: Settings) -> bool:
    """Multi-workspace mode: an OAuth client is configured."""
    return bool(settings.slack_client_id and settings.slack_client_secret)


def build_bolt_app(*, services: Services, settings: Settings) -> AsyncApp:
    """The Bolt app for HTTP or Socket Mode; one token, or per-workspace tokens through OAuth."""
    signing_secret = _secret(settings.slack_signing_secret)
    oauth = uses_oauth(settings)
    token = None if oauth else _secret(settings.slack_bot_token)
    app = AsyncApp(
        name="samverkan",
        logger=log,
        signing_secret=signing_secret,
        client=async_web_client(token=token, base_url=settings.slack_api_url),
        process_before_response=True,
        request_verification_enabled=signing_secret is not None,
        oauth_settings=oauth_settings(
            client_id=settings.slack_client_id or "",
            client_secret=_secret(settings.slack_client_secret) or "",
            engine=services.extras["engine"],
            public_url=settings.public_base_url,
            api_url=settings.slack_api_url,
            token_key=settings.slack_token_key.get_secret_value(),
        ) if oauth else None,
    )
    if oauth:  # app_uninstalled / tokens_revoked: Bolt's own listeners delete the workspace's tokens
        app.enable_token_revocation_listeners()
    install_lazy_runner(app)  # lazy listeners whose tasks are kept until they finish
    followups = Followups()
    register_errors(app=app)  # the catch-all: a polite sentence instead of Bolt's empty 500
    register_commands(app=app, services=services)
    register_interactions(app=app, services=services, followups=followups)
    register_home(app=app, services=services)
    register_uploads(app=app, services=services)  # before mentions: Bolt runs the first matching listener
    register_mentions(app=app, services=services)
    return app
