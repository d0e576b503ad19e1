"""The idempotency key of a Slack delivery; ``handlers.deliveries`` does the rest for every platform.

Slack re-sends events it thinks we missed (``X-Slack-Retry-Num``) and Bolt does not
deduplicate. Each delivery gets a key — the ``event_id`` of an event, a hash of the exact
payload of a slash command or interaction (Slack's ``trigger_id`` makes each genuine one
unique).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def delivery_key(*, body: dict[str, Any], raw_body: str = "") -> str:
    """The idempotency key of one delivery (the same for every retry of it)."""
    if body.get("type") == "event_callback" and body.get("event_id"):
        return f"slack:event:{body['event_id']}"
    source = raw_body or json.dumps(body, sort_keys=True, ensure_ascii=False)
    return "slack:payload:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
