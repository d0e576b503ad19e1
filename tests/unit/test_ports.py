"""Every adapter satisfies the port it implements: the notifiers, and the link signer handlers use.

``runtime_checkable`` only checks that the members exist, so the ``post`` / ``find_posted``
signatures are compared too: a notifier whose ``post`` took ``reply`` positionally, or lost
``destination``, would break the sweep only at 08:00 on some morning."""

from __future__ import annotations

import inspect
import typing

import pytest

from bot.config import Settings
from bot.console_notifier import ConsoleNotifier
from bot.slack.notifier import SlackNotifier, single_token
from handlers.context import LinkSigning, Services
from handlers.notify import LookBackNotifier, Notifier, can_look_back
from tests.recording_notifier import RecordingNotifier


def teams_notifier():  # type: ignore[no-untyped-def]
    from bot.teams.app import build_adapter
    from bot.teams.notifier import TeamsNotifier

    return TeamsNotifier(adapter=build_adapter(settings=Settings()), app_id="")


NOTIFIERS = {
    "slack": lambda: SlackNotifier(token_for=single_token("xoxb-test"), base_url=None),
    "teams": teams_notifier,
    "console": ConsoleNotifier,
    "recording": RecordingNotifier,
}


def keyword_only(function: object) -> dict[str, inspect.Parameter]:
    parameters = inspect.signature(function).parameters  # type: ignore[arg-type]
    return {name: p for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}


@pytest.mark.parametrize("name", sorted(NOTIFIERS))
def test_every_notifier_is_a_notifier(name: str) -> None:
    notifier = NOTIFIERS[name]()
    assert isinstance(notifier, Notifier)
    assert isinstance(notifier.platform, str) and notifier.platform
    post = keyword_only(notifier.post)
    assert {"destination", "reply"} <= set(post), post
    assert all(p.default is not inspect.Parameter.empty for n, p in post.items() if n not in ("destination", "reply"))
    assert isinstance(notifier, LookBackNotifier) == can_look_back(notifier)


def test_slack_looks_back_and_the_others_do_not() -> None:
    slack = NOTIFIERS["slack"]()
    assert isinstance(slack, LookBackNotifier)
    assert keyword_only(slack.post)["marker"].default is None
    assert {"destination", "marker", "since", "until"} <= set(keyword_only(slack.find_posted))
    for name in ("teams", "console", "recording"):
        assert not isinstance(NOTIFIERS[name](), LookBackNotifier), name


def test_services_fields_are_typed_and_the_signer_is_a_link_signing(services) -> None:  # type: ignore[no-untyped-def]
    hints = typing.get_type_hints(Services)
    assert hints["link_signer"] == LinkSigning | None
    assert all(hint is not typing.Any for field, hint in hints.items() if field != "extras"), hints
    assert isinstance(services.link_signer, LinkSigning)
    assert services.engine is services.extras["engine"]
    assert services.notifiers == {} and services.extras["notifiers"] is services.notifiers
