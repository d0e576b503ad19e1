"""The neutral reply every handler returns and every adapter renders.

Handlers never build Block Kit, Adaptive Cards or terminal text: they fill this model and the
adapters (bot/slack, bot/teams, bot/console, bot/web) decide how it looks on their platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Tone = Literal["info", "success", "error", "warning"]


@dataclass(frozen=True)
class Fact:
    """A label/value pair shown as a field (Slack) or FactSet row (Teams)."""

    label: str
    value: str


@dataclass(frozen=True)
class Button:
    """An action the user can take on the reply; ``command`` is run as if typed by the clicker."""

    label: str
    command: str
    style: Literal["default", "primary", "danger"] = "default"
    needs_input: str | None = None  # label of a text field to fill in first (e.g. a new date)


@dataclass(frozen=True)
class Section:
    """A block of related lines under an optional heading (a §, an agenda, a list of uppdrag)."""

    heading: str | None = None
    lines: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    buttons: tuple[Button, ...] = ()
    numbered: bool = False


@dataclass(frozen=True)
class FormField:
    """One input of a long form (modal in Slack, card inputs in Teams)."""

    name: str
    label: str
    kind: Literal["text", "multiline", "date", "time", "choice", "person", "checkbox"] = "text"
    required: bool = False
    placeholder: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    initial: str | None = None


@dataclass(frozen=True)
class Form:
    """A long form; submitting it runs ``command`` with the field values as named arguments."""

    form_id: str
    title: str
    submit_label: str
    fields: tuple[FormField, ...]
    command: str


@dataclass(frozen=True)
class Mention:
    """A person the reply notifies: where the text says ``@name``, each platform writes its mention.

    Handlers name the person as ``@name`` in plain text and list them here; the adapters turn
    exactly those words into a real mention (Slack ``<@U…>``, a Teams mention entity), so people
    are notified and not just named. Only listed people are mentioned: text a user typed can
    never make the bot mention anyone. ``user_id`` is the platform's person id (Slack user,
    Teams AAD object id); ``alt_id`` the Teams channel-account id (``29:…``) when known.
    """

    name: str
    user_id: str
    alt_id: str | None = None

    @property
    def marker(self) -> str:
        """The words in the text that stand for the mention."""
        return f"@{self.name}"


@dataclass(frozen=True)
class FileOffer:
    """A file the reply hands over (the protocol as PDF): adapters that can share files do so.

    Slack uploads it into the conversation (files.uploadV2); Teams and the terminal cannot take
    bytes from a bot reply and show the reply's ``link`` or text instead. ``render`` is called only
    by an adapter that shares the file, so nobody renders a PDF nobody receives. Never stored: a
    reply written to the outbox loses its file (``handlers.reply_codec``).
    """

    name: str
    media_type: str
    title: str
    render: Callable[[], bytes]


@dataclass(frozen=True)
class Reply:
    """What a command answers. ``ephemeral`` replies are shown only to the one who asked."""

    title: str | None = None
    text: str | None = None
    sections: tuple[Section, ...] = ()
    facts: tuple[Fact, ...] = ()
    buttons: tuple[Button, ...] = ()
    context: str | None = None
    tone: Tone = "info"
    ephemeral: bool = False
    private: bool = False  # sekretess: never shown to anyone but the asker, even where ephemeral is impossible
    form: Form | None = None
    link: tuple[str, str] | None = None  # (label, url)
    # The new state of the card whose button ran this command (Klar, Flytta, Justera, Begär ändring).
    # A click answers the clicker, but the card everyone sees must not keep offering a button whose
    # work is done: adapters that know the clicked message (Slack's container ts, Teams' replyToId)
    # replace that card with this one. Commands typed by hand simply ignore it.
    card_update: Reply | None = None
    mentions: tuple[Mention, ...] = ()  # people to notify; the text names each as ``@name``
    file: FileOffer | None = None  # a download the adapter shares where it can (Slack), else ``link``
