"""Multi-workspace installs: Bolt's OAuth flow with installations and states in our database.

slack_sdk's SQLAlchemy stores are synchronous; Bolt's AsyncApp wants async ones. Rather than
add a second (async) engine and driver, the sync stores run in worker threads, on the same
engine and database as everything else (SQLite or PostgreSQL).

Tokens are encrypted at rest (``storage.token_cipher``): the store encrypts the bot, user and
refresh tokens on the way in and decrypts them on the way out, so Bolt, its token rotation and
the notifier only ever see plaintext while the database never holds it.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator
from slack_sdk.web import WebClient
from sqlalchemy import Engine, select, update

from bot.slack.manifest import BOT_SCOPES, REDIRECT_PATH
from storage.models.slack_oauth import slack_bots, slack_installations
from storage.token_cipher import TokenCipher, is_ciphertext

log = logging.getLogger("samverkan.slack")
INSTALL_PATH = "/slack/install"
STATE_SECONDS = 600
ROTATE_MINUTES = 120  # Bolt's default: refresh a rotating token this long before it expires


TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store, with every token encrypted in the database."""

    def __init__(self, *, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.cipher = cipher

    def _sealed(self, entity: Any) -> Any:
        """A copy of the installation or bot whose tokens are ciphertext (already sealed ones kept)."""
        sealed = copy.copy(entity)
        for field in TOKEN_FIELDS:
            value = getattr(sealed, field, None)
            if value is not None and not is_ciphertext(value):
                setattr(sealed, field, self.cipher.encrypt(value))
        return sealed

    def _opened(self, entity: Any) -> Any:
        for field in TOKEN_FIELDS:
            if getattr(entity, field, None) is not None:
                setattr(entity, field, self.cipher.decrypt(getattr(entity, field)))
        return entity

    def save(self, installation: Installation) -> None:
        super().save(self._sealed(installation))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(self._sealed(bot))

    def build_installation_entity(self, row: Any) -> Installation:  # type: ignore[override]
        return self._opened(super().build_installation_entity(row))

    def build_bot_entity(self, row: Any) -> Bot:  # type: ignore[override]
        return self._opened(super().build_bot_entity(row))


def rotating_bot_tokens(*, store: EncryptedInstallationStore, client_id: str, client_secret: str,
                        api_url: str | None) -> Callable[[str], str | None]:
    """The notifier's token lookup for OAuth installs, refreshing a rotating token before it expires.

    Bolt rotates tokens for requests it serves; reminders are posted outside Bolt, so the same
    check is made here: a bot token within two hours of expiry is exchanged for a new pair
    (``oauth.v2.access`` with the refresh token), saved encrypted, and the new one used.
    """
    rotator = TokenRotator(client_id=client_id, client_secret=client_secret,
                           client=WebClient(base_url=api_url) if api_url else None)

    def lookup(team_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if bot.bot_refresh_token:
            try:
                refreshed = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_MINUTES)
            except SlackTokenRotationError:  # e.g. another process used the refresh token first
                log.warning("Slack token rotation failed for team %s; using the stored token", team_id)
                return bot.bot_token
            if refreshed is not None:
                store.save_bot(refreshed)
                bot = refreshed
        return bot.bot_token

    return lookup


def seal_plaintext_rows(*, engine: Engine, cipher: TokenCipher, rotate: bool = False) -> int:
    """Encrypt tokens stored before encryption existed; with ``rotate``, re-encrypt all under the first key.

    Migration 0013 widens the columns but cannot encrypt: the key is a setting, not in the
    database. Run whenever a store is made (start-up) and, with ``rotate``, by ``samverkan slack
    rotera-nyckel``. All rows in one transaction; returns how many changed.
    """
    changed = 0
    with engine.begin() as conn:
        for table in (slack_installations, slack_bots):
            fields = [c for c in TOKEN_FIELDS if c in table.c]
            for row in conn.execute(select(table.c.id, *(table.c[f] for f in fields))).mappings().all():
                values = {f: cipher.reencrypt(row[f]) for f in fields
                          if row[f] is not None and (rotate or not is_ciphertext(row[f]))}
                if values:
                    conn.execute(update(table).where(table.c.id == row["id"]).values(**values))
                    changed += 1
    return changed


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


def installation_store(*, client_id: str, engine: Engine, token_key: str) -> EncryptedInstallationStore:
    """The synchronous store (the notifier reads bot tokens from it).

    Its tables come from migrations 0008 and 0013 (``samverkan db upgrade``), like every other
    table. ``token_key`` is the setting SAMVERKAN_SLACK_TOKEN_KEY; without it OAuth mode refuses to start.
    """
    store = EncryptedInstallationStore(client_id=client_id, engine=engine, cipher=TokenCipher.from_setting(token_key))
    seal_plaintext_rows(engine=engine, cipher=store.cipher)  # rows saved before encryption existed
    return store


def oauth_settings(*, client_id: str, client_secret: str, engine: Engine, public_url: str,
                   api_url: str | None, token_key: str) -> AsyncOAuthSettings:
    """Bolt's OAuth settings: our scopes, our redirect URL, our database, tokens encrypted.

    Token rotation: when the app has it turned on, Slack's install answer carries a refresh token
    and an expiry; Bolt's authorize step then refreshes a bot token that is about to expire and
    saves the new pair through this store (encrypted, like the first).
    """
    store = installation_store(client_id=client_id, engine=engine, token_key=token_key)
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
        installation_store=ThreadedInstallationStore(store=store),
        state_store=ThreadedStateStore(store=states),
        installation_store_bot_only=True,
    )
