"""Connector clients shared by every turn, each with a bounded timeout.

The Agents SDK's own client factory opens two aiohttp sessions for every turn — a connector
client for the serviceUrl and a user-token client for the Bot Framework token service — and
closes both when the turn ends. Samverkan uses no user sign-in, and a new session per turn means
a new TCP connection per reply. So one connector session per (event loop, serviceUrl) serves
every turn; its bearer token is set again each turn from the token provider (MSAL caches the
token and refreshes it before it expires), so a rotated token never strands a cached client.

aiohttp sessions belong to the event loop that made them, so the loop itself is part of the
cache key (the object, not its ``id``, which a later loop could reuse): the server's loop keeps
its clients until shutdown (``close_all``); a post on a private loop (CLI, tests) closes its
clients before that loop ends (``close_loop``).

The SDK's sessions wait up to five minutes for an answer; ``TIMEOUT_SECONDS`` bounds every
connector call so a hanging connector fails the post (a reminder is retried) instead of holding
a sweep worker.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict

import aiohttp
from microsoft_agents.hosting.core import ChannelServiceClientFactoryBase, TurnContext
from microsoft_agents.hosting.core.authorization import AccessTokenProviderBase, ClaimsIdentity
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

TIMEOUT_SECONDS = 30.0
TOKEN_SERVICE_URL = "https://api.botframework.com"


class SharedConnectorClient(TeamsConnectorClient):
    """A connector client that outlives the turn: the SDK's per-turn ``close`` is ignored."""

    async def close(self) -> None:
        """Called by the SDK at the end of every turn; the cache closes the session instead."""

    async def dispose(self) -> None:
        """Really close the HTTP session (shutdown, or the end of a private loop)."""
        await super().close()

    def set_token(self, token: str) -> None:
        """The bearer token for the next requests (none without an app id)."""
        if len(token) > 1:
            self.client.headers["Authorization"] = f"Bearer {token}"
        else:
            self.client.headers.pop("Authorization", None)


class SharedUserTokenClient(UserTokenClient):
    """The SDK wants a user-token client in every turn; one per loop and app id serves them all."""

    async def close(self) -> None:
        """Ignored for the same reason as ``SharedConnectorClient.close``."""

    async def dispose(self) -> None:
        await super().close()


class ClientCache:
    """A small LRU of clients per event loop (bounded: serviceUrls are few but come from outside)."""

    def __init__(self, *, max_size: int = 64) -> None:
        self._items: OrderedDict[tuple[object, ...], SharedConnectorClient | SharedUserTokenClient] = OrderedDict()
        self._orphans: list[tuple[tuple[object, ...], SharedConnectorClient | SharedUserTokenClient]] = []
        self._lock = threading.Lock()
        self._max_size = max_size

    def get(self, key: tuple[object, ...]) -> SharedConnectorClient | SharedUserTokenClient | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], client: SharedConnectorClient | SharedUserTokenClient) -> None:
        """Keep ``client`` (made on the running loop); the least recently used one beyond the
        bound is closed on its own loop, or left to that loop's ``close_loop``."""
        evicted = []
        with self._lock:
            self._items[key] = client
            self._items.move_to_end(key)
            while len(self._items) > self._max_size:
                evicted.append(self._items.popitem(last=False))
        running = asyncio.get_running_loop()
        for old_key, old in evicted:
            if old_key[0] is running:
                running.create_task(old.dispose())
            else:
                with self._lock:
                    self._orphans.append((old_key, old))

    def take(self, loop: asyncio.AbstractEventLoop | None = None) -> list[SharedConnectorClient | SharedUserTokenClient]:
        """Remove and return the clients of one loop (every loop when ``loop`` is None)."""
        with self._lock:
            keys = [key for key in self._items if loop is None or key[0] is loop]
            taken = [self._items.pop(key) for key in keys]
            kept = [(key, client) for key, client in self._orphans if loop is not None and key[0] is not loop]
            taken += [client for key, client in self._orphans if loop is None or key[0] is loop]
            self._orphans = kept
            return taken

    def __len__(self) -> int:
        return len(self._items)


class CachingClientFactory(ChannelServiceClientFactoryBase):
    """Hands the SDK shared clients. ``token_provider`` None means no app id: no bearer token."""

    def __init__(self, *, token_provider: AccessTokenProviderBase | None, app_id: str,
                 cache: ClientCache | None = None) -> None:
        self._tokens = token_provider
        self._app_id = app_id
        self.cache = cache or ClientCache()

    async def _token(self, *, audience: str, scopes: list[str] | None, anonymous: bool) -> str:
        if anonymous or self._tokens is None:
            return ""
        return await self._tokens.get_access_token(audience, scopes or [f"{audience}/.default"])

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        token = await self._token(audience=audience, scopes=scopes, anonymous=use_anonymous)
        loop = asyncio.get_running_loop()
        endpoint = service_url.rstrip("/") + "/"  # "…/amer" and "…/amer//" mean "…/amer/", as to msrest
        key = (loop, "connector", endpoint, audience)
        client = self.cache.get(key)
        if not isinstance(client, SharedConnectorClient) or client.client.closed:
            session = aiohttp.ClientSession(base_url=endpoint,
                                            timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS))
            client = SharedConnectorClient(endpoint=endpoint, token=token, session=session)
            self.cache.put(key, client)
        client.set_token(token)
        return client

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> UserTokenClient:
        loop = asyncio.get_running_loop()
        key = (loop, "user-token", self._app_id)
        client = self.cache.get(key)
        if not isinstance(client, SharedUserTokenClient):
            client = SharedUserTokenClient(endpoint=TOKEN_SERVICE_URL, token="", app_id=self._app_id or None)
            self.cache.put(key, client)
        return client

    async def close_loop(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Close the clients made on ``loop`` (default: the running one)."""
        for client in self.cache.take(loop or asyncio.get_running_loop()):
            await client.dispose()

    async def close_all(self) -> None:
        """Close every client (server shutdown)."""
        for client in self.cache.take(None):
            await client.dispose()
