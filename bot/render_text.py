"""Plain-text rendering of a neutral ``Reply`` (terminal chat, fallbacks, notifications)."""

from __future__ import annotations

from handlers.reply import Reply

_TONE_MARK = {"error": "✗ ", "warning": "! ", "success": "✓ ", "info": ""}


def render_text(reply: Reply) -> str:
    """Render a reply as readable plain text with headings, facts and numbered lines."""
    out: list[str] = []
    if reply.title:
        out.append(f"{_TONE_MARK[reply.tone]}{reply.title}")
        out.append("=" * min(len(reply.title) + 2, 72))
    if reply.text:
        out.append(reply.text if reply.title else f"{_TONE_MARK[reply.tone]}{reply.text}")
    for fact in reply.facts:
        out.append(f"{fact.label}: {fact.value}")
    for section in reply.sections:
        out.append("")
        if section.heading:
            out.append(section.heading)
        for fact in section.facts:
            out.append(f"  {fact.label}: {fact.value}")
        for index, line in enumerate(section.lines, start=1):
            out.append(f"  {index}. {line}" if section.numbered else f"  {line}")
        for button in section.buttons:
            out.append(f"  [{button.label}] → {button.command}")
    for button in reply.buttons:
        out.append(f"[{button.label}] → {button.command}")
    if reply.link:
        out.append(f"{reply.link[0]}: {reply.link[1]}")
    if reply.context:
        out.append(f"({reply.context})")
    return "\n".join(out).strip()
