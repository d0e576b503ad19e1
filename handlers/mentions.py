"""Naming a person so the platform notifies them: ``@name`` in the text plus a ``Mention``.

Why: a justering request, a new uppdrag or a change request that only *names* someone is read by
nobody until they happen to look. Handlers write ``@name`` and list the person in
``Reply.mentions``; Slack and Teams turn exactly those words into real mentions (``<@U…>``, a
Teams mention entity), and the terminal shows the words as they are.
"""

from __future__ import annotations

from handlers.reply import Mention
from storage.models import Person


def mention_of(person: Person | None) -> Mention | None:
    """The mention of a person the platform knows (has a platform id), else None."""
    if person is None or not person.platform_user_id:
        return None
    return Mention(name=person.name, user_id=person.platform_user_id, alt_id=person.platform_alt_id)


def named(person: Person | None, *, name: str) -> str:
    """How the text names the person: ``@name`` when they can be mentioned, else the name alone."""
    return f"@{person.name}" if mention_of(person) is not None and person is not None else name
