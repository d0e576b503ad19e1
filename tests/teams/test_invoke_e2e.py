"""Invokes the bot offers nothing for get the answer their kind expects — never 501 or a 5xx.

Teams waits for an invoke's answer in the HTTP response and shows a generic error for a 501;
a dialog, a message extension or ``Action.Execute`` on an old card gets a Swedish sentence in
the shape Teams renders instead, and any other invoke a plain 200. Nothing is posted or stored.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.teams import texts
from storage.models import ProcessedEvent
from tests.teams import payloads


def _invoke(name: object, *, service_url: str, value: object = None) -> dict:  # type: ignore[type-arg]
    activity = payloads.personal_message("", service_url=service_url)
    activity.pop("text")
    activity.update({"type": "invoke", "name": name, "value": value if value is not None else {}})
    return activity


@pytest.mark.parametrize(("name", "path"), [
    ("adaptiveCard/action", ("value",)),
    ("task/fetch", ("task", "value")),
    ("task/submit", ("task", "value")),
    ("composeExtension/query", ("composeExtension", "text")),
    ("composeExtension/submitAction", ("composeExtension", "text")),
])
def test_invokes_of_features_the_bot_lacks_get_a_swedish_answer(server, connector, services, name, path) -> None:  # type: ignore[no-untyped-def]
    value = {"action": {"type": "Action.Execute", "verb": "klar", "data": {}}, "trigger": "manual"}
    response = server.post(_invoke(name, service_url=connector.url, value=value))
    assert response.status_code == 200, (name, response.status_code, response.text)
    body = response.json()
    answer = body
    for key in path:
        answer = answer[key]
    assert answer == texts.INVOKE_UNSUPPORTED
    assert "Exception" not in response.text and "Traceback" not in response.text
    if name == "adaptiveCard/action":
        assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    assert connector.received == []
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


@pytest.mark.parametrize("name", ["signin/verifyState", "config/fetch", "application/search", "nonsense", ""])
def test_other_invokes_are_acknowledged_without_a_body(server, connector, name) -> None:  # type: ignore[no-untyped-def]
    activity = _invoke(name, service_url=connector.url)
    if not name:
        activity.pop("name")  # an invoke that names nothing at all
    response = server.post(activity)
    assert response.status_code == 200, (name, response.status_code)
    assert response.content == b""
    assert connector.received == []
