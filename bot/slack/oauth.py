"""Multi-workspace installs: Bolt's OAuth flow with installations and states in our database.

slack_sdk's SQLAlchemy stores are synchronous; Bolt's AsyncApp wants async ones. Rather than
add a second (async) engine and driver, the sync stores run in worker threads, on the same
engine and database as everything else (SQLite or PostgreSQL).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.slack.manifest import BOT_SCOPES, REDIRECT_PATH

INSTALL_PATH = "/slack/install"
STATE_SECONDS = 600


class ThreadedInstallationStore(AsyncInstallationStore):
    """The SQLAlchemy installation store behind Bolt's async interface."""

    def __init__(self, *, store: SQLAlchemyInstallationStore) -> None:
        self.store = store

    @property
    def logger(self):  # type: ignore[no-untyped-def]
        return self.store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, **kwargs: Any) -> Bot | None:
        return await asyncio.to_thread(lambda: self.store.find_bot(**kwargs))

    async def async_find_installation(self, **kwargs: Any) -> Installation | None:
        return await asyncio.to_thread(lambda: self.store.find_installation(**kwargs))

    async def async_delete_bot(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_bot(**kwargs))

    async def async_delete_installation(self, **kwargs: Any) -> None:
        await asyncio.to_thread(lambda: self.store.delete_installation(**kwargs))


class ThreadedStateStore(AsyncOAuthStateStore):
    """The SQLAlchemy OAuth state store behind Bolt's async interface."""

    def __init__(self, *, store: SQLAlchemyOAuthStateStore) -> None:
        self.store = store

    @property
    def logger(self):  # type: ignore[no-untyped-def]
        return self.store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


def installation_store(*, client_id: str, engine: Engine) -> SQLAlchemyInstallationStore:
    """The synchronous store (the notifier reads bot tokens from it).

    Its tables come from migration 0008 (``samverkan db upgrade``), like every other table.
    """
    return SQLAlchemyInstallationStore(client_id=client_id, engine=engine)


def oauth_settings(*, client_id: str, client_secret: str, engine: Engine, public_url: str,
                   api_url: str | None) -> AsyncOAuthSettings:
    """Bolt's OAuth settings: our scopes, our redirect URL, our database."""
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)  # table: migration 0008
    authorization_url = None
    if api_url:  # GovSlack and the test fake serve the authorize page next to their Web API
        parts = urlsplit(api_url)
        authorization_url = f"{parts.scheme}://{parts.netloc}/oauth/v2/authorize"
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=sorted(BOT_SCOPES),
        redirect_uri=f"{public_url.rstrip('/')}{REDIRECT_PATH}",
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorization_url,
        installation_store=ThreadedInstallationStore(store=installation_store(client_id=client_id, engine=engine)),
        state_store=ThreadedStateStore(store=states),
        installation_store_bot_only=True,
    )
