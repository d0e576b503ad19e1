"""The shapes Bolt and our listeners read without checking, verified before Bolt dispatches.

Slack always sends objects where objects belong, a non-empty ``actions`` list, a ``view`` with
its ``type`` and ``callback_id``, and a numeric timestamp header. A request that does not (a
forged one, or a broken proxy) would make Bolt's signature check or its listener matchers
raise, which Bolt answers with a 500. These checks answer it with a 4xx instead; anything that
still fails inside a listener is caught by ``bot.slack.errors``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_OBJECTS = ("event", "team", "user", "channel", "view", "container", "enterprise", "message", "state")
_REQUIRED_OBJECTS = ("event", "view")  # Bolt reads these as objects whenever the key is there at all
# The ids and names our translators read from the nested objects: text, or absent.
_NESTED_STRINGS = {"team": ("id", "domain"), "user": ("id", "name", "username", "team_id"),
                   "channel": ("id", "name"), "container": ("type", "channel_id", "message_ts"),
                   "view": ("id", "type", "callback_id", "private_metadata"),
                   "event": ("user", "channel", "team", "text", "subtype", "ts", "thread_ts", "bot_id", "channel_type")}
_STRINGS = ("type", "command", "text", "team_id", "team_domain", "user_id", "user_name", "channel_id",
            "channel_name", "trigger_id", "response_url", "callback_id", "action_id", "api_app_id", "token")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{1,128}")


def headers_ok(headers: Mapping[str, str]) -> bool:
    """Timestamp and signature, when sent, look like Slack's; Bolt reads them with ``int()`` and
    ``hmac.compare_digest``, which raise on ``abc`` and on non-ASCII text."""
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    if timestamp is not None and not _TIMESTAMP.fullmatch(timestamp):
        return False
    return signature is None or _SIGNATURE.fullmatch(signature) is not None


def _is_list_of_objects(value: object, *, non_empty: bool) -> bool:
    return isinstance(value, list) and (bool(value) or not non_empty) and all(isinstance(v, dict) for v in value)


def well_formed(body: object) -> bool:
    """True for the shapes Slack sends; False for a body Bolt's middleware or matchers would trip on."""
    if not isinstance(body, dict):
        return False
    if any(body.get(key) is not None and not isinstance(body[key], dict) for key in _OBJECTS):
        return False
    if any(key in body and not isinstance(body[key], dict) for key in _REQUIRED_OBJECTS):
        return False
    for key, fields in _NESTED_STRINGS.items():
        nested = body.get(key) or {}
        if any(nested.get(name) is not None and not isinstance(nested[name], str) for name in fields):
            return False
    if any(body.get(key) is not None and not isinstance(body[key], str) for key in _STRINGS):
        return False
    if body.get("authorizations") is not None and not _is_list_of_objects(body["authorizations"], non_empty=False):
        return False
    if body.get("actions") is not None or body.get("type") in ("block_actions", "interactive_message"):
        actions = body.get("actions")  # Bolt reads actions[0] of both kinds on every request
        if not _is_list_of_objects(actions, non_empty=True):
            return False
        if body.get("type") == "block_actions" and not all(
                isinstance(action.get("action_id"), str) for action in actions):  # type: ignore[union-attr]
            return False
    if body.get("type") == "workflow_step_edit" or (
            isinstance(body.get("view"), dict) and body["view"].get("type") == "workflow_step"):
        return False  # Steps from Apps (retired by Slack, never used here): Bolt reads a workflow_step
    event = body.get("event")
    if event is not None and not (isinstance(event.get("type"), str)
                                  and all(event.get(key) is None or isinstance(event[key], dict)
                                          for key in ("message", "previous_message"))):
        return False
    view = body.get("view")
    if body.get("type") in ("view_submission", "view_closed") and not isinstance(view, dict):
        return False
    return view is None or isinstance(view.get("type"), str)
