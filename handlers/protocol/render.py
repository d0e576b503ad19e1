"""One entry point for every file format, used by the CLI and the HTTP routes."""

from __future__ import annotations

from handlers.protocol.html import render_html
from handlers.protocol.markdown import render_markdown
from handlers.protocol.model import ProtocolView
from handlers.protocol.pdf import render_pdf

FORMATS = ("md", "html", "pdf")
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def render(view: ProtocolView, *, fmt: str) -> bytes:
    """The protocol in ``fmt`` (md, html or pdf) as bytes ready to write or serve."""
    if fmt == "md":
        return render_markdown(view).encode("utf-8")
    if fmt == "html":
        return render_html(view).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(view)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
