"""Send correctly signed, Slack-shaped requests to our server (slash commands, clicks, events)."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import requests
from slack_sdk.signature import SignatureVerifier


class SlackSender:
    """What Slack's servers do: sign the body with the signing secret and POST it."""

    def __init__(self, *, url: str, secret: str, team_id: str = "T0001", response_base: str = "") -> None:
        self.url = url.rstrip("/") + "/slack/events"
        self.secret = secret
        self.team_id = team_id
        self.response_base = response_base
        self.session = requests.Session()

    def post(self, body: str, *, content_type: str, timestamp: int | None = None, signature: str | None = None,
             headers: dict[str, str] | None = None) -> requests.Response:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or SignatureVerifier(self.secret).generate_signature(timestamp=ts, body=body)
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}
        all_headers.update(headers or {})
        return self.session.post(self.url, data=body.encode("utf-8"), headers=all_headers, timeout=30)

    def command_body(self, command: str, text: str, *, user_id: str = "U0KRISTINA", user_name: str = "kristina",
                     channel_id: str = "C0UTBAU", channel_name: str = "utb-au") -> str:
        trigger = uuid.uuid4().hex
        return urlencode({
            "token": "legacy", "team_id": self.team_id, "team_domain": "ange", "channel_id": channel_id,
            "channel_name": channel_name, "user_id": user_id, "user_name": user_name, "command": command,
            "text": text, "api_app_id": "A0001", "is_enterprise_install": "false",
            "response_url": f"{self.response_base}/response/{trigger}", "trigger_id": f"{trigger}.1.x",
        })

    def command(self, command: str, text: str = "", **kwargs: Any) -> requests.Response:
        body = self.command_body(command, text, **kwargs)
        return self.post(body, content_type="application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any], **kwargs: Any) -> requests.Response:
        self.last_payload = payload
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, content_type="application/x-www-form-urlencoded", **kwargs)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kwargs: Any) -> requests.Response:
        envelope = {"token": "legacy", "team_id": self.team_id, "api_app_id": "A0001", "event": event,
                    "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10]}",
                    "event_time": int(time.time()), "authorizations": [{"team_id": self.team_id, "user_id": "UBOT0001",
                                                                         "is_bot": True}]}
        return self.post(json.dumps(envelope), content_type="application/json", **kwargs)

    def user(self, user_id: str = "U0KRISTINA", name: str = "kristina") -> dict[str, Any]:
        return {"id": user_id, "username": name, "name": name, "team_id": self.team_id}

    def click(self, *, value: str, response_url: str | None, user_id: str = "U0KRISTINA",
              channel_id: str | None = "C0UTBAU", label: str = "Klar") -> requests.Response:
        payload: dict[str, Any] = {
            "type": "block_actions", "user": self.user(user_id), "api_app_id": "A0001", "token": "legacy",
            "team": {"id": self.team_id, "domain": "ange"}, "trigger_id": f"{uuid.uuid4().hex}.1.x",
            "container": {"type": "message", "channel_id": channel_id} if channel_id else {"type": "view"},
            "actions": [{"type": "button", "action_id": "samverkan:button:0", "block_id": "b1",
                         "text": {"type": "plain_text", "text": label}, "value": value,
                         "action_ts": str(time.time())}],
        }
        if channel_id:
            payload["channel"] = {"id": channel_id, "name": "utb-au"}
        if response_url:
            payload["response_url"] = response_url
        return self.interaction(payload)

    def submit(self, *, view: dict[str, Any], values: dict[str, str], user_id: str = "U0KRISTINA") -> requests.Response:
        """Submit a view opened by the bot, with Slack's state shape for each input's element type."""
        state: dict[str, dict[str, Any]] = {}
        for block in view.get("blocks", []):
            if block.get("type") != "input":
                continue
            element = block["element"]
            state[block["block_id"]] = {element["action_id"]: _state(element["type"], values.get(block["block_id"]))}
        submitted = {**view, "id": "V0001", "state": {"values": state}}
        payload = {"type": "view_submission", "user": self.user(user_id), "api_app_id": "A0001", "token": "legacy",
                   "team": {"id": self.team_id, "domain": "ange"}, "trigger_id": f"{uuid.uuid4().hex}.1.x",
                   "view": submitted}
        return self.interaction(payload)


def _state(kind: str, value: str | None) -> dict[str, Any]:
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "static_select":
        return {"type": kind, "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value}
                if value else None}
    if kind == "checkboxes":
        return {"type": kind, "selected_options": [{"value": value}] if value else []}
    return {"type": kind, "value": value}
