"""A request with a bad Slack signature is logged as rejected, without its body (issue 21).

Bolt writes the whole body of every rejected request into its INFO log; a forged post to the
public ``/slack/events`` (or a replay of a real one, with members' text) must not end up there.
"""

from __future__ import annotations

import io
import logging
import time

import requests

from bot.logs import configure_logging


def test_a_forged_request_is_refused_and_its_body_not_logged(slack_server) -> None:  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    configure_logging(json_lines=True, level="INFO")
    root = logging.getLogger()
    [handler] = [h for h in root.handlers if getattr(h, "_samverkan", False)]
    handler.setStream(stream)
    try:
        body = "command=%2Fbeslut&text=Sekretess+%C2%A7+7+HEMLIG-ATT-SATS&team_id=T1&user_id=U1"
        response = requests.post(f"{slack_server.url}/slack/events", data=body, timeout=30, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": str(int(time.time())),
            "X-Slack-Signature": "v0=" + "0" * 64,
        })
    finally:
        root.removeHandler(handler)
    assert response.status_code == 401
    log = stream.getvalue()
    assert "HEMLIG" not in log and "beslut" not in log
    assert "invalid signature" in log, log  # the rejection is still visible to the operator
