"""``hjälp`` — the command list and per-command help, straight from the registry."""

from __future__ import annotations

from handlers import messages as msg
from handlers import registry
from handlers.reply import Reply, Section


def help_reply(topic: str = "") -> Reply:
    """The overview, or the usage and examples of one command."""
    topic = topic.strip().lstrip("/")
    if not topic:
        sections = tuple(
            Section(heading=f"{spec.slash} – {spec.text.title}", lines=(spec.text.summary,))
            for spec in registry.COMMANDS
        )
        return Reply(title=msg.HELP_TITLE, text=msg.HELP_INTRO, sections=sections, ephemeral=True)
    spec = registry.find(topic.split()[0])
    if spec is None:
        suggestions = registry.suggest(topic)
        text = msg.HELP_UNKNOWN_TOPIC.format(word=topic)
        if suggestions:
            text += " " + msg.DID_YOU_MEAN.format(options=", ".join(f"«{s}»" for s in suggestions))
        return Reply(title=msg.HELP_TITLE, text=text, tone="warning", ephemeral=True)
    return Reply(
        title=f"{spec.slash} – {spec.text.title}",
        text=spec.text.summary,
        sections=(
            Section(heading=msg.HEADING_USAGE, lines=spec.text.usage),
            Section(heading=msg.HEADING_EXAMPLES, lines=spec.text.examples),
        ),
        ephemeral=True,
    )
