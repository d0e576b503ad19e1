"""The TrueType font the PDF embeds, found the same way on every machine.

PDF core fonts cannot print "–", "“" or "”", so a Unicode TTF is embedded. Bitstream Vera ships
inside the reportlab wheel (a declared dependency), which makes it present wherever the project
is installed; DejaVu from the operating system is the fallback (it is Vera's extension).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_CANDIDATES = (
    ("reportlab", "fonts/Vera.ttf", "fonts/VeraBd.ttf", "fonts/VeraIt.ttf"),
)
_SYSTEM = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"),
)


@dataclass(frozen=True)
class FontFiles:
    """Regular, bold and italic faces of one family."""

    regular: Path
    bold: Path
    italic: Path


def find_font() -> FontFiles:
    """The first complete family found; ``RuntimeError`` names what to install otherwise."""
    for package, regular, bold, italic in _CANDIDATES:
        try:
            root = resources.files(package)
        except ModuleNotFoundError:
            continue
        paths = [Path(str(root.joinpath(name))) for name in (regular, bold, italic)]
        if all(p.is_file() for p in paths):
            return FontFiles(*paths)
    if all(p.is_file() for p in _SYSTEM):
        return FontFiles(*_SYSTEM)
    raise RuntimeError("Ingen Unicode-font hittades för PDF: installera paketet reportlab (pip install reportlab).")
