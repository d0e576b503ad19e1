"""The command registry: the one list of commands.

Help texts, the Slack app manifest, the Teams ``commandLists`` and the dispatcher's routing are
all derived from ``COMMANDS``, so a command added here shows up everywhere and a command that is
not here exists nowhere. Texts live in ``handlers.messages`` with every other user-facing string.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process

from handlers import messages as msg


@dataclass(frozen=True)
class CommandSpec:
    """One top-level command (a Slack slash command, a Teams command list entry)."""

    name: str
    aliases: tuple[str, ...]
    subcommands: tuple[str, ...]

    @property
    def text(self) -> msg.CommandText:
        """The command's Swedish summary, usage and examples."""
        return msg.COMMAND_TEXTS[self.name]

    @property
    def slash(self) -> str:
        """The slash-command form, e.g. ``/beslut``."""
        return f"/{self.name}"


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("beslut", ("paragraf", "sök"), ("registrera", "rätta")),
    CommandSpec("dagordning", ("ärende", "arende", "ärenden"), ("visa", "lägg till", "flytta", "ta bort")),
    CommandSpec("uppdrag", ("uppgift",), ("ny", "mina", "lista", "försenade", "klar", "flytta", "tavla",
                                            "återrapport", "arbetsgrupp", "rapport")),
    CommandSpec("mote", ("möte", "moten", "möten", "sammanträde"), ("ny", "nästa", "lista", "justerare", "närvaro",
                                                                      "serie", "flytta", "ställ in", "extra",
                                                                      "kallelse", "anteckning", "åtgärd",
                                                                      "anteckningar")),
    CommandSpec("protokoll", ("justering", "anslag"), ("visa", "utdrag", "pdf", "klart", "justera", "ändring", "anslag", "förvaring",
                                                                   "jäv", "ersättare", "expediera", "expediering",
                                                                   "mottaget")),
    CommandSpec("samverkan", ("hjälp", "hjalp", "help"), ("hjälp", "organ", "kanal", "medlem", "bevakning", "avtal")),
)

_BY_NAME: dict[str, CommandSpec] = {}
for _spec in COMMANDS:
    _BY_NAME[_spec.name] = _spec
    for _alias in _spec.aliases:
        _BY_NAME.setdefault(_alias, _spec)


# Sub-commands that only read, and answer in a few milliseconds even over a large archive. Adapters
# may run these on their event loop instead of a worker thread: the thread hand-off costs more than
# the work. Everything else (writes, protocol PDFs, imports) keeps a worker thread.
_READS: dict[str, frozenset[str]] = {
    "mote": frozenset({"", "nästa", "lista", "anteckningar"}),
    "uppdrag": frozenset({"", "mina", "lista", "försenade", "forsenade"}),
    "dagordning": frozenset({"", "visa"}),
    "samverkan": frozenset({"", "hjälp", "hjalp", "help", "?", "avtal"}),
}
_WRITES: dict[str, frozenset[str]] = {"beslut": frozenset({"registrera", "ny", "rätta", "rattelse", "rättelse"})}


def is_quick_read(*, command: str, text: str) -> bool:
    """True for a command line that only looks something up (``/beslut UTB 22/30``, ``/uppdrag mina``)."""
    spec = find(command)
    if spec is None:
        return False
    first = text.strip().split(" ", 1)[0].lower() if text.strip() else ""
    if spec.name in _WRITES:
        return first not in _WRITES[spec.name]
    if spec.name == "dagordning" and first and first not in _READS["dagordning"]:
        return _looks_like_date(first)
    return first in _READS.get(spec.name, frozenset())


def _looks_like_date(word: str) -> bool:
    return any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word)


def find(word: str) -> CommandSpec | None:
    """The command named or aliased by ``word`` (case-insensitive, leading slash ignored)."""
    return _BY_NAME.get(word.strip().lstrip("/").lower())


def suggest(word: str, *, limit: int = 3) -> list[str]:
    """Closest command names for a mistyped word, for "Menade du …?"."""
    matches = process.extract(word.lower().lstrip("/"), list(_BY_NAME), limit=limit * 2, score_cutoff=55)
    names: list[str] = []
    for key, _score, _idx in matches:
        name = _BY_NAME[key].name
        if name not in names:
            names.append(name)
    return names[:limit]
