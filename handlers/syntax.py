"""How a command is written where a reply is read: one neutral form, rendered per platform.

Why: help, usage hints, errors and reminders tell people what to type, and what to type differs
by place — ``/uppdrag klar 9`` in Slack, ``@Samverkan uppdrag klar 9`` in a Teams channel (the bot
only hears messages that mention it there), bare ``uppdrag klar 9`` in a Teams personal or group
chat and at the terminal prompt. A reply that says ``/mote`` in Teams sends people typing a word
Teams never delivers to the bot.

The design: every text in ``handlers.messages`` writes a command in one *neutral form*, a slash
followed by a registry command name — ``/uppdrag``, ``/mote``, ``/samverkan hjälp`` — exactly as
the Slack slash commands are named. That form is the marker. Handlers never know where they
are shown; each adapter renders its replies through ``in_syntax`` with its own ``Syntax`` just
before drawing them (Block Kit needs nothing: Slack's syntax *is* the neutral form). The marker
is recognised only as a slash at the start of a word followed by a registry command name and a
word boundary, so «UTB 22/30», «SN/2022:61» or «31/10» are never touched. Button and form
commands are executed, not read, and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from handlers import registry
from handlers.reply import Fact, Form, FormField, Reply, Section

BOT_NAME = "Samverkan"
_NAMES = "|".join(sorted((re.escape(spec.name) for spec in registry.COMMANDS), key=len, reverse=True))
_MARKER = re.compile(rf"(?<![\w/])/({_NAMES})\b(?:\s+(hjälp|hjalp|help)\b)?")


@dataclass(frozen=True)
class Syntax:
    """One place's way of writing a command: what goes before the word, and the words themselves."""

    prefix: str
    words: dict[str, str] = field(default_factory=dict)  # registry name → the word people type here
    help_shortcut: bool = True  # «samverkan hjälp» may be written «hjälp» (the parser takes both)

    def command(self, name: str, *, help_word: str | None = None) -> str:
        """How command ``name`` (and a following «hjälp») is written here."""
        if help_word and self.help_shortcut and name == "samverkan":
            return f"{self.prefix}{help_word}"
        word = self.words.get(name, name)
        return f"{self.prefix}{word}" + (f" {help_word}" if help_word else "")


# Slack: the slash commands of the app manifest (Slack allows no «ö» in a command name: /mote).
SLACK = Syntax(prefix="/", help_shortcut=False)
# Teams channel: the bot hears only messages that @mention it; the real word «möte» is fine.
TEAMS_CHANNEL = Syntax(prefix=f"@{BOT_NAME} ", words={"mote": "möte"})
# Teams personal and group chat, and the terminal prompt: the bare words.
TEAMS_CHAT = Syntax(prefix="", words={"mote": "möte"})
TERMINAL = Syntax(prefix="", words={"mote": "möte"})


def render(text: str | None, *, syntax: Syntax) -> str | None:
    """``text`` with every neutral command marker written in ``syntax``."""
    if not text or syntax is SLACK:
        return text
    return _MARKER.sub(lambda m: syntax.command(m.group(1), help_word=m.group(2)), text)


def in_syntax(reply: Reply, *, syntax: Syntax) -> Reply:
    """The reply with every text a person reads written in ``syntax`` (commands it runs untouched)."""
    if syntax is SLACK:
        return reply

    def r(text: str | None) -> str | None:
        return render(text, syntax=syntax)

    def facts(items: tuple[Fact, ...]) -> tuple[Fact, ...]:
        return tuple(Fact(r(f.label) or "", r(f.value) or "") for f in items)

    sections = tuple(Section(heading=r(s.heading), lines=tuple(r(line) or "" for line in s.lines),
                             facts=facts(s.facts), buttons=s.buttons, numbered=s.numbered) for s in reply.sections)
    form = reply.form
    if form is not None:
        form = Form(form_id=form.form_id, title=r(form.title) or "", submit_label=form.submit_label,
                    command=form.command,
                    fields=tuple(replace(f, label=r(f.label) or "", placeholder=r(f.placeholder))
                                 for f in form.fields if isinstance(f, FormField)))
    card = in_syntax(reply.card_update, syntax=syntax) if reply.card_update is not None else None
    return replace(reply, title=r(reply.title), text=r(reply.text), sections=sections, facts=facts(reply.facts),
                   context=r(reply.context), form=form, card_update=card)
