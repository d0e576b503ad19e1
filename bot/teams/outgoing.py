"""One type for everything the bot posts: the Agents SDK's ``Activity``.

``bot.teams.cards`` and ``bot.teams.input_again`` render replies; until they build SDK
activities themselves (they may still hand over botbuilder's, whose ``serialize()`` gives the
same Bot Framework JSON), every post goes through ``as_activity`` on its way out, so the
adapter and the connector only ever see one kind of object.
"""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity


def as_activity(activity: Any) -> Activity:
    """The SDK activity for ``activity`` (an SDK activity, Bot Framework JSON, or a model with
    ``serialize()`` that returns it)."""
    if isinstance(activity, Activity):
        return activity
    serialize = getattr(activity, "serialize", None)
    data = serialize() if callable(serialize) else activity
    if not isinstance(data, dict):
        raise TypeError(f"not an activity: {type(activity).__name__}")
    # The SDK refuses empty strings where the Bot Framework schema names a value (an empty
    # ``summary`` of a card whose reply has no title); an empty value says nothing, so it is left out.
    return Activity.model_validate({key: value for key, value in data.items() if value != ""})
