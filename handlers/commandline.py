"""Turn a typed line into (command, rest) — the same for terminal, Teams and mentions.

``/beslut UTB 22/30``, ``beslut UTB 22/30`` and ``/samverkan beslut UTB 22/30`` all mean the
same thing; a bare ``hjälp`` is the help command.
"""

from __future__ import annotations

from handlers import registry


def split_command(line: str) -> tuple[str, str]:
    """Split a line into the command word and the rest; the word may be unknown."""
    stripped = line.strip()
    if not stripped:
        return "", ""
    head, _, rest = stripped.partition(" ")
    if "\n" in head:
        head, _, more = head.partition("\n")
        rest = (more + " " + rest).strip() if rest else more
    word = head.lstrip("/").lower()
    rest = rest.strip()
    spec = registry.find(word)
    if spec is not None and spec.name == "samverkan" and word in ("hjälp", "hjalp", "help"):
        return "samverkan", ("hjälp " + rest).strip()
    if spec is not None and spec.name == "samverkan" and rest:
        inner_head, _, inner_rest = rest.partition(" ")
        inner = registry.find(inner_head)
        if inner is not None and inner.name != "samverkan":
            return inner.name, inner_rest.strip()
    return (spec.name if spec else word), rest
