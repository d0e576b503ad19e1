"""Who sent an activity: the Bot Connector's signed token, checked before any turn starts.

The Agents SDK's own check (``JwtTokenValidator``) trusts any issuer unless told otherwise,
only logs a token whose ``serviceurl`` differs from the activity's, ignores the endorsements
that bind a signing key to a channel, and reads keys only from Microsoft's fixed addresses. The
Bot Framework's channel rules are stricter, and botbuilder applied them; so they are kept here:

- the key (by ``kid``) comes from the JWKS named in the channel's OpenID metadata document and
  must be endorsed for the activity's ``channelId``;
- RS256 signature, ``iss`` = the channel's issuer, ``aud`` = our app id, ``exp``/``nbf`` with
  five minutes' leeway (as botbuilder);
- the ``serviceurl`` claim equals the activity's ``serviceUrl``, so a token for one serviceUrl
  cannot make the bot post elsewhere.

Keys are cached and fetched again at most once a minute when a token names an unknown ``kid``
(Microsoft rotates keys without notice). Sovereign clouds or a local document in tests point
``TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL`` / ``TO_BOT_FROM_CHANNEL_TOKEN_ISSUER`` elsewhere
(botbuilder's names, kept so existing configuration still works).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PUBLIC_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
PUBLIC_TOKEN_ISSUER = "https://api.botframework.com"
LEEWAY_SECONDS = 300
REFRESH_AFTER_SECONDS = 24 * 3600
MIN_REFETCH_SECONDS = 60


class AuthRefused(Exception):
    """The request is not from the channel; the reason is for the log, never for the sender."""


class AuthOverrides(BaseSettings):
    """Optional replacements for the public-cloud token endpoints (botbuilder's variable names)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    openid_metadata_url: str | None = Field(default=None, alias="TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL")
    token_issuer: str | None = Field(default=None, alias="TO_BOT_FROM_CHANNEL_TOKEN_ISSUER")


@dataclass(frozen=True)
class SigningKey:
    """One key of the channel's JWKS and the channels it may sign for."""

    key: Any
    endorsements: frozenset[str]


@dataclass
class KeyStore:
    """The channel's signing keys, fetched through its OpenID metadata document."""

    metadata_url: str
    timeout: float = 10.0
    _keys: dict[str, SigningKey] = field(default_factory=dict)
    _fetched_at: float | None = None
    _lock: asyncio.Lock | None = None

    async def key(self, kid: str) -> SigningKey:
        """The key named ``kid``; refetched when unknown (rate-limited) or a day old."""
        age = None if self._fetched_at is None else time.monotonic() - self._fetched_at
        stale = age is None or age > REFRESH_AFTER_SECONDS
        if stale or (kid not in self._keys and age is not None and age > MIN_REFETCH_SECONDS):
            await self._refresh()
        found = self._keys.get(kid)
        if found is None:
            raise AuthRefused("unknown signing key")
        return found

    async def _refresh(self) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._fetched_at is not None and time.monotonic() - self._fetched_at < 1.0:
                return  # another turn fetched them a moment ago
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.get(self.metadata_url) as response:
                    response.raise_for_status()
                    metadata = await response.json(content_type=None)
                async with session.get(metadata["jwks_uri"]) as response:
                    response.raise_for_status()
                    jwks = await response.json(content_type=None)
            keys: dict[str, SigningKey] = {}
            for data in jwks.get("keys", []):
                if not isinstance(data, dict) or not data.get("kid"):
                    continue
                try:
                    parsed = jwt.PyJWK.from_dict(data)
                except jwt.PyJWTError:
                    continue
                keys[data["kid"]] = SigningKey(key=parsed.key,
                                               endorsements=frozenset(map(str, data.get("endorsements") or [])))
            self._keys = keys
            self._fetched_at = time.monotonic()


@dataclass
class ChannelTokenValidator:
    """Checks the ``Authorization`` header of one incoming activity."""

    app_id: str
    issuer: str
    keys: KeyStore

    @classmethod
    def from_overrides(cls, *, app_id: str, overrides: AuthOverrides | None = None) -> ChannelTokenValidator:
        overrides = overrides or AuthOverrides()
        return cls(app_id=app_id, issuer=overrides.token_issuer or PUBLIC_TOKEN_ISSUER,
                   keys=KeyStore(metadata_url=overrides.openid_metadata_url or PUBLIC_OPENID_METADATA_URL))

    async def validate(self, *, header: str | None, channel_id: str | None, service_url: str | None) -> ClaimsIdentity:
        """The claims of a valid channel token; ``AuthRefused`` for anything else."""
        token = bearer_token(header)
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as error:
            raise AuthRefused("malformed token") from error
        if not isinstance(kid, str) or not kid:
            raise AuthRefused("token names no key")
        try:
            signing = await self.keys.key(kid)
        except (TimeoutError, aiohttp.ClientError, KeyError, TypeError, ValueError) as error:
            raise AuthRefused(f"signing keys unavailable: {error.__class__.__name__}") from error
        if not channel_id or channel_id not in signing.endorsements:
            raise AuthRefused("key not endorsed for this channel")
        try:
            claims = jwt.decode(token, signing.key, algorithms=["RS256"], audience=self.app_id, issuer=self.issuer,
                                leeway=LEEWAY_SECONDS, options={"require": ["exp", "aud", "iss"]})
        except jwt.PyJWTError as error:
            raise AuthRefused(f"token rejected: {error.__class__.__name__}") from error
        if claims.get("serviceurl") != service_url:
            raise AuthRefused("token issued for another serviceUrl")
        return ClaimsIdentity(claims, authentication_type="Bearer", security_token=token)


def bearer_token(header: str | None) -> str:
    """The token of ``Bearer <token>``; anything else is refused."""
    parts = (header or "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise AuthRefused("no bearer token")
    return parts[1]
