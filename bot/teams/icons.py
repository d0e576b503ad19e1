"""The two app icons Teams requires, drawn by the project (no binary files in the repository).

Three interlocking rings: school, social services and region working together. The colour
icon is 192×192 on the accent colour; the outline icon is 32×32, white on transparent, as the
Teams manifest demands.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

ACCENT = "#1F5C99"
COLOR_SIZE = 192
OUTLINE_SIZE = 32


def _rings(draw: ImageDraw.ImageDraw, *, size: int, width: int, fill: tuple[int, int, int, int]) -> None:
    radius = size * 0.21
    centres = ((size * 0.36, size * 0.40), (size * 0.64, size * 0.40), (size * 0.50, size * 0.64))
    for x, y in centres:
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=fill, width=width)


def color_icon() -> bytes:
    """192×192 PNG: white rings on a rounded accent-coloured square."""
    image = Image.new("RGBA", (COLOR_SIZE, COLOR_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, COLOR_SIZE - 1, COLOR_SIZE - 1), radius=36, fill=ACCENT)
    _rings(draw, size=COLOR_SIZE, width=10, fill=(255, 255, 255, 255))
    return _png(image)


def outline_icon() -> bytes:
    """32×32 PNG: white rings on a transparent background."""
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (255, 255, 255, 0))
    _rings(ImageDraw.Draw(image), size=OUTLINE_SIZE, width=2, fill=(255, 255, 255, 255))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
