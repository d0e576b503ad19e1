"""Which Notifier posts for which platform: the registry the reminder sweep is given.

The server registers the notifiers its platform routes built (``services.extras["notifiers"]``,
attached to its event loop); the CLI builds its own from the settings. Slack is present when
configured, Teams always (it posts only where a binding holds a conversation reference), and the
console for terminal channels — or for everything with ``console_only``.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.config import Settings
from bot.console_notifier import ConsoleNotifier
from handlers.context import Services
from handlers.notify import Notifier
from schedules.pacing import Pacer

# Seconds between two posts to one channel: Slack allows about one message per second per
# channel; Teams 7 per second per conversation (a little slack kept for replies to commands).
DEFAULT_INTERVALS = {"slack": 1.0, "teams": 0.2, "console": 0.0}


class NotifierRegistry:
    """platform → Notifier, plus the pacing the sweep keeps per destination."""

    def __init__(self, *, notifiers: Mapping[str, Notifier], intervals: Mapping[str, float] | None = None) -> None:
        self._notifiers = dict(notifiers)
        self._intervals = {**DEFAULT_INTERVALS, **(intervals or {})}
        self.pacer = Pacer()  # lives as long as the registry: spacing holds across sweeps

    @property
    def platforms(self) -> tuple[str, ...]:
        """Platforms whose outbox rows this process may claim."""
        return tuple(sorted(self._notifiers))

    def get(self, platform: str) -> Notifier:
        """The notifier for ``platform`` (only platforms in ``platforms`` are ever claimed)."""
        return self._notifiers[platform]

    def min_interval(self, platform: str) -> float:
        """Seconds to keep between two posts to the same destination."""
        return self._intervals.get(platform, 1.0)


def slack_notifier(*, settings: Settings, services: Services) -> Notifier:
    """Slack's notifier with the workspace token(s) the configuration provides."""
    from bot.slack.notifier import notifier_from_settings

    return notifier_from_settings(settings=settings, services=services)


def teams_notifier(*, settings: Settings) -> Notifier:
    """Teams' notifier on a private adapter (no server loop in the CLI)."""
    from bot.teams.app import build_adapter
    from bot.teams.notifier import TeamsNotifier

    return TeamsNotifier(adapter=build_adapter(settings=settings), app_id=settings.microsoft_app_id)


def build_registry(
    *, settings: Settings, services: Services, console_only: bool = False,
    intervals: Mapping[str, float] | None = None,
) -> NotifierRegistry:
    """The registry for this process: notifiers mounted by the server first, then from settings."""
    console = ConsoleNotifier()
    if console_only:
        return NotifierRegistry(notifiers={p: console for p in ("slack", "teams", "console")},
                                intervals={"slack": 0.0, "teams": 0.0, **(intervals or {})})
    notifiers: dict[str, Notifier] = {"console": console}
    mounted: dict[str, Notifier] = services.extras.get("notifiers", {})
    if "slack" in mounted:
        notifiers["slack"] = mounted["slack"]
    elif settings.slack_bot_token or settings.slack_client_id:  # posting needs a token, not the signing secret
        notifiers["slack"] = slack_notifier(settings=settings, services=services)
    notifiers["teams"] = mounted.get("teams") or teams_notifier(settings=settings)
    return NotifierRegistry(notifiers=notifiers, intervals=intervals)


def nothing_configured(*, settings: Settings) -> bool:
    """True when neither Slack nor a Teams app id is set (the dispatch falls back to the console)."""
    return not (settings.slack_bot_token or settings.slack_client_id) and not settings.microsoft_app_id
