"""Unguessable feed addresses: one key per tenant, derived with HMAC from the link secret.

A calendar subscription cannot log in, so the address itself is the permission. The key is
derived (not stored) from ``SAMVERKAN_LINK_SECRET`` and the tenant's identity, so rotating the
secret revokes every published feed at once; with no secret set, feeds are not offered at all.
"""

from __future__ import annotations

import hashlib
import hmac

from handlers import messages as msg
from handlers.context import Services
from storage.models import Body, Tenant


def link_secret(services: Services) -> str:
    """The feed secret installed by the HTTP server, else the configured one, else ""."""
    if services.extras.get("feed_secret"):
        return str(services.extras["feed_secret"])
    settings = services.extras.get("settings")
    secret = getattr(settings, "link_secret", None)
    return secret.get_secret_value() if secret is not None else ""


def tenant_key(*, secret: str, tenant: Tenant) -> str:
    """The tenant's feed key (32 hex characters)."""
    message = f"samverkan-feeds:{tenant.id}:{tenant.platform}:{tenant.external_id}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def key_matches(*, secret: str, tenant: Tenant, key: str) -> bool:
    """Constant-time check of a key from a request."""
    return bool(secret) and hmac.compare_digest(tenant_key(secret=secret, tenant=tenant), key)


def calendar_url(*, services: Services, tenant: Tenant, body: Body) -> str | None:
    """The body's .ics address, or None when no link secret is configured."""
    secret = link_secret(services)
    if not secret:
        return None
    return f"{services.public_url}/feeds/{tenant_key(secret=secret, tenant=tenant)}/{body.id}.ics"


def calendar_link(*, services: Services, tenant: Tenant, body: Body) -> tuple[str, str] | None:
    """(label, url) for a reply's link, when feeds are enabled."""
    url = calendar_url(services=services, tenant=tenant, body=body)
    return (msg.PROTOCOL_CALENDAR_LINK, url) if url else None
