"""Signed links: the only door to members' pages.

A link carries tenant, person, purpose, expiry and the person's link generation, signed with
HMAC-SHA256. No login and no session: the chat platform already knows who the person is, so
the bot hands out a short-lived link bound to them. A missing, forged, expired or revoked link
is refused before any query for page data runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.web.ids import parse_id
from bot.web.secrets import bump_generation, generation_of, stored_secret
from handlers.context import Services
from storage.models import Person

PURPOSE_PATHS = {"arkiv": "/arkiv", "uppfoljning": "/uppfoljning"}
# Which pages a purpose opens: the follow-up board links on to the paragraphs it lists.
PURPOSE_PAGES = {"arkiv": {"arkiv"}, "uppfoljning": {"uppfoljning", "arkiv"}}
DEFAULT_TTL = timedelta(hours=12)
_PAYLOAD = re.compile(r"([0-9]{1,19})\.([0-9]{1,19})\.([a-z]{1,32})\.([0-9]{1,12})\.([0-9]{1,19})")


class LinkError(Exception):
    """Why a link was refused: ``missing`` and ``expired`` are 401, the rest 403."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind

    @property
    def status(self) -> int:
        return 401 if self.kind in ("missing", "expired") else 403


@dataclass(frozen=True)
class Grant:
    """What a verified link allows: this person of this tenant, for this purpose, until then."""

    tenant_id: int
    person_id: int
    purpose: str
    expires_at: datetime
    token: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LinkSigner:
    """Makes and checks links for one deployment; the secret is read once and cached."""

    def __init__(self, services: Services) -> None:
        self.services = services
        settings = services.extras.get("settings")
        self._configured = settings.link_secret.get_secret_value() if settings is not None else ""
        hours = getattr(settings, "link_ttl_hours", 12)
        self.default_ttl = timedelta(hours=hours) if hours else DEFAULT_TTL
        self._keys: tuple[bytes, bytes] | None = None

    def _load(self) -> tuple[bytes, bytes]:
        """Read (or create) the secrets on first use, so mounting the routes needs no database."""
        if self._keys is None:
            with self.services.sessions() as session:
                link = self._configured or stored_secret(session, name="link")
                self._keys = (link.encode(), stored_secret(session, name="slug").encode())
        return self._keys

    @property
    def secret(self) -> bytes:
        return self._load()[0]

    @property
    def slug_key(self) -> bytes:
        return self._load()[1]

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self.secret, payload.encode(), hashlib.sha256).digest())

    def token(self, *, tenant_id: int, person_id: int, purpose: str, ttl: timedelta | None, now: datetime,
              session: Session | None = None) -> str:
        """The signed token alone (pages carry it from link to link).

        Pass the caller's ``session`` when there is one: a chat reply makes a link on every lookup,
        and a second connection per link would cost more than the lookup itself.
        """
        if purpose not in PURPOSE_PAGES:
            raise ValueError(f"unknown link purpose {purpose!r}")
        if session is not None:
            generation = generation_of(session, tenant_id=tenant_id, person_id=person_id)
        else:
            with self.services.sessions() as own:
                generation = generation_of(own, tenant_id=tenant_id, person_id=person_id)
        expires = int((now + (ttl or self.default_ttl)).timestamp())
        payload = f"{tenant_id}.{person_id}.{purpose}.{expires}.{generation}"
        return f"{_b64(payload.encode())}.{self._sign(payload)}"

    def make_link(self, *, tenant_id: int, person_id: int, purpose: str, ttl: timedelta | None = None,
                  now: datetime, path: str | None = None, session: Session | None = None) -> str:
        """An absolute URL to ``path`` (default: the purpose's start page) that opens for this person."""
        token = self.token(tenant_id=tenant_id, person_id=person_id, purpose=purpose, ttl=ttl, now=now,
                           session=session)
        return f"{self.services.public_url}{path or PURPOSE_PATHS[purpose]}?{urlencode({'t': token})}"

    def verify(self, token: str | None, *, page: str, now: datetime) -> Grant:
        """The grant a token carries, or ``LinkError``; the signature is checked before anything else."""
        if not token:
            raise LinkError("missing")
        try:
            encoded, signature = token.split(".", 1)
            payload = _unb64(encoded).decode()
        except (ValueError, UnicodeDecodeError):
            raise LinkError("forged") from None
        # compare_digest raises TypeError on non-ASCII text: such a signature is simply not ours
        if not signature.isascii() or not hmac.compare_digest(self._sign(payload), signature):
            raise LinkError("forged")
        fields = _PAYLOAD.fullmatch(payload)
        if fields is None:  # signed by us but not in today's shape (an older format): not valid
            raise LinkError("forged")
        tenant_s, person_s, purpose, expires_s, generation_s = fields.groups()
        tenant_id, person_id, generation = int(tenant_s), int(person_s), int(generation_s)
        expires_at = datetime.fromtimestamp(int(expires_s), tz=now.tzinfo)
        if now >= expires_at:
            raise LinkError("expired")
        if page not in PURPOSE_PAGES.get(purpose, set()):
            raise LinkError("wrong_purpose")
        with self.services.sessions() as session:
            if generation != generation_of(session, tenant_id=tenant_id, person_id=person_id):
                raise LinkError("revoked")
            person = session.scalar(select(Person.id).where(Person.id == person_id, Person.tenant_id == tenant_id))
        if person is None:
            raise LinkError("forged")
        return Grant(tenant_id=tenant_id, person_id=person_id, purpose=purpose, expires_at=expires_at, token=token)

    def revoke(self, *, tenant_id: int, person_id: int) -> int:
        """Make every link the person holds stop working at once."""
        with self.services.sessions() as session:
            return bump_generation(session, tenant_id=tenant_id, person_id=person_id)

    def tenant_slug(self, tenant_id: int) -> str:
        """The stable public path segment of a tenant: id plus a keyed hash, so slugs are not guessable."""
        digest = hmac.new(self.slug_key, f"tenant:{tenant_id}".encode(), hashlib.sha256).hexdigest()
        return f"{tenant_id}-{digest[:10]}"

    def tenant_from_slug(self, slug: str) -> int | None:
        """The tenant id a slug names, or None for an unknown or tampered slug."""
        tenant_id = parse_id(slug.split("-", 1)[0])
        if tenant_id is None or not slug.isascii():
            return None
        return tenant_id if hmac.compare_digest(self.tenant_slug(tenant_id), slug) else None


def signer_for(services: Services) -> LinkSigner:
    """The deployment's signer, created on first use and kept on ``services``."""
    if not isinstance(services.link_signer, LinkSigner):
        services.link_signer = LinkSigner(services)
    return services.link_signer


def make_link(services: Services, *, tenant_id: int, person_id: int, purpose: str, ttl: timedelta | None = None,
              now: datetime, path: str | None = None) -> str:
    """Module-level shortcut for ``LinkSigner.make_link``."""
    return signer_for(services).make_link(tenant_id=tenant_id, person_id=person_id, purpose=purpose, ttl=ttl,
                                          now=now, path=path)
