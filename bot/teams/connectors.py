"""Reuse connector and token clients instead of building new ones for every turn.

botbuilder builds a new ``ConnectorClient`` and a new ``TokenApiClient`` for every incoming
activity. Each construction runs msrest's ``ClientRetryPolicy.__init__`` (a 999-entry retry
list with a list-membership test) — about 70 % of the CPU of a turn (PLATFORM-NOTES). The
clients hold nothing per turn: credentials refresh their own token and the HTTP sender is not
bound to an event loop, so one client per (app id, serviceUrl, audience) serves every turn.

msrest waits 100 s for a connector answer; ``TIMEOUT_SECONDS`` bounds every connector call so
a hanging connector fails the post (the reminder is retried) instead of holding a sweep worker.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)

TIMEOUT_SECONDS = 30.0


class ClientCache:
    """A small LRU of clients shared by every turn (bounded: serviceUrls are few but untrusted)."""

    def __init__(self, *, max_size: int = 64) -> None:
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._max_size = max_size

    async def get(self, key: tuple[Any, ...], create: Callable[[], Awaitable[Any]]) -> Any:
        """The cached client for ``key``, created on first use."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        client = await create()
        with self._lock:
            client = self._items.setdefault(key, client)
            self._items.move_to_end(key)
            while len(self._items) > self._max_size:
                self._items.popitem(last=False)
        return client

    def __len__(self) -> int:
        return len(self._items)


def app_id_of(claims_identity: ClaimsIdentity | None) -> str:
    """The bot app id a connector is made for (audience claim, else appid), as botbuilder does."""
    claims = claims_identity.claims if claims_identity and claims_identity.claims else {}
    return str(claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(AuthenticationConstants.APP_ID_CLAIM) or "")


class CachingConnectorFactory(ConnectorFactory):
    """Wraps botbuilder's factory; the first client per serviceUrl and audience is kept."""

    def __init__(self, inner: ConnectorFactory, *, app_id: str, cache: ClientCache) -> None:
        self._inner = inner
        self._app_id = app_id
        self._cache = cache

    async def create(self, service_url: str, audience: str = None) -> Any:
        return await self._cache.get(
            ("connector", self._app_id, service_url, audience),
            lambda: self._create(service_url, audience),
        )

    async def _create(self, service_url: str, audience: str | None) -> Any:
        client = await self._inner.create(service_url, audience)
        client.config.connection.timeout = TIMEOUT_SECONDS
        return client


class CachingAuthentication(BotFrameworkAuthentication):
    """Delegates authentication to botbuilder and hands out cached clients."""

    def __init__(self, inner: BotFrameworkAuthentication, *, cache: ClientCache | None = None) -> None:
        self._inner = inner
        self.cache = cache or ClientCache()

    def _wrap(self, factory: ConnectorFactory | None, claims: ClaimsIdentity | None) -> ConnectorFactory | None:
        if factory is None:
            return None
        return CachingConnectorFactory(factory, app_id=app_id_of(claims), cache=self.cache)

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        result.connector_factory = self._wrap(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(self, auth_header: str, channel_id_header: str) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        factory = self._wrap(self._inner.create_connector_factory(claims_identity), claims_identity)
        assert factory is not None
        return factory

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self.cache.get(
            ("token", app_id_of(claims_identity)),
            lambda: self._inner.create_user_token_client(claims_identity),
        )

    def create_bot_framework_client(self) -> Any:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)
