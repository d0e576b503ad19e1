"""Turning an archived file into one clean text that the parsers can trust.

Old protocols arrive as Word exports, PDFs and hand-made Markdown. They share the same
noise: NBSP and tabs from table layouts, a bold heading glued to the line before it, and
page furniture ("Justerandes sign", "Utdragsbestyrkande", the "Mötesdatum"/organ/datum block)
printed again on every page — often in the middle of a sentence. The parsers only see the
text after this module, so the content hash (idempotent re-import) is also taken from it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from handlers.archive.furniture import remove_page_furniture

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000\t\v]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_GLUED_BOLD = re.compile(r"(?<=\S)\*\*([^*\n]{2,60})\*\*[ ]*$", re.MULTILINE)
_BOLD = re.compile(r"\*\*([^*\n]*)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*?\S)?)\*(?![\w*])")


class ImportReadError(Exception):
    """The file cannot be turned into text; ``message`` tells the user why, in Swedish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decode_bytes(data: bytes) -> str:
    """UTF-8 first (with or without BOM); old Windows exports fall back to cp1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def normalise_text(raw: str) -> str:
    """Uniform whitespace, no markup noise, no repeated page headers/footers."""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    # A bold heading that lost its line break ("…(UTB 22/30)**Beslut**") becomes its own line.
    text = _GLUED_BOLD.sub(r"\n\n\1", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    lines = remove_page_furniture(lines)
    return _squeeze_blank_lines(lines)


def content_hash(text: str) -> str:
    """sha256 of the normalised text: the same protocol imported twice gets the same hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_document(path: Path) -> str:
    """The normalised text of a .txt, .md or .pdf file, or ImportReadError saying why not."""
    if not path.is_file():
        raise ImportReadError(f"Filen {path.name} finns inte eller är ingen vanlig fil.")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raw = _read_pdf(path)
    elif suffix in {".txt", ".md", ".markdown", ".text", ""}:
        raw = decode_bytes(path.read_bytes())
    else:
        raise ImportReadError(
            f"Filtypen {suffix} kan inte importeras. Spara protokollet som PDF, .txt eller .md."
        )
    text = normalise_text(raw)
    if not text.strip():
        raise ImportReadError(f"Filen {path.name} är tom – det finns ingen text att importera.")
    return text


def _read_pdf(path: Path) -> str:
    """Text of every page; a PDF without a text layer is a scan, which we cannot read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportReadError(f"PDF-filen {path.name} är lösenordsskyddad och kan inte läsas.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise ImportReadError(f"PDF-filen {path.name} är trasig eller ingen PDF ({exc}).") from exc
    if not pages:
        raise ImportReadError(f"PDF-filen {path.name} har inga sidor.")
    if not any(page.strip() for page in pages):
        raise ImportReadError(
            f"PDF-filen {path.name} innehåller ingen text – den verkar vara inskannad. "
            "Kör textigenkänning (OCR) först eller importera en textversion."
        )
    return "\n\f".join(pages)


def _squeeze_blank_lines(lines: list[str]) -> str:
    """At most one empty line in a row, none at the ends."""
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
