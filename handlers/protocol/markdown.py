"""The protocol as Markdown: readable as plain text, and pasteable into a wiki or an e-mail."""

from __future__ import annotations

from handlers import messages as msg
from handlers.protocol.layout import (
    anslag_rows,
    anslag_statement,
    closing_rows,
    header_rows,
    paragraph_blocks,
    paragraph_footer,
    shows_anslag,
    signature_rows,
    title_of,
)
from handlers.protocol.model import ProtocolView

L = msg.PROTOCOL_LABELS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _table(rows: list[tuple[str, str]]) -> list[str]:
    out = ["| | |", "|---|---|"]
    out += [f"| **{_cell(label)}** | {_cell(value)} |" for label, value in rows]
    return out + [""]


def render_markdown(view: ProtocolView) -> str:
    """The full protocol (or extract) as Markdown text."""
    out = [f"# {title_of(view)}", "", f"**{view.body}**", ""]
    out += _table(header_rows(view))
    for paragraph in view.paragraphs:
        out += [f"## {paragraph.heading}", ""]
        for block in paragraph_blocks(paragraph):
            out += [f"### {block.heading}", ""]
            if block.intro:
                out += [block.intro, ""]
            for index, line in enumerate(block.lines, start=1):
                out.append(f"{index}. {line}" if block.numbered else (f"- {line}" if len(block.lines) > 1 else line))
            out.append("")
        footer = paragraph_footer(paragraph)
        if footer:
            out += [f"*{footer}*", ""]
    out += [f"## {L['signatures']}", ""]
    out += [f"{label}: ______________________  {name}" for label, name in signature_rows(view)] + [""]
    if view.extract:
        out += [f"**{L['certified']}**: ______________________  {view.secretary or ''}", ""]
    if shows_anslag(view):
        out += [f"## {L['anslag']}", "", anslag_statement(view), ""]
        out += _table(anslag_rows(view))
    else:
        out += [anslag_statement(view), ""]
        out += _table(closing_rows(view)) if closing_rows(view) else []
    return "\n".join(out).rstrip() + "\n"
