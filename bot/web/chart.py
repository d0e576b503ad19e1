"""A server-rendered SVG bar chart of assignments by status per body and month.

No JavaScript and no chart library: the SVG is plain markup with a title and a description,
and the page shows the same numbers as a table, so a screen reader user loses nothing.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from bot.web.followup_data import STATUS_LABELS

# Fill colours with at least 4.5:1 contrast against white text and 3:1 against the white page.
COLOURS = {"open": "#1f5f99", "overdue": "#a3262a", "done": "#2c6e3f", "cancelled": "#5a5a5a", "archived": "#6b5b2e"}
ROW_HEIGHT = 48  # a label line above each bar, so long body names never run into the bars
LABEL_WIDTH = 0
BAR_WIDTH = 340


def status_chart(*, data: dict[tuple[str, str], Counter[str]]) -> str:
    """The SVG as a string; each bar segment is labelled with its count."""
    biggest = max((sum(c.values()) for c in data.values()), default=0) or 1
    height = ROW_HEIGHT * len(data) + 40
    width = LABEL_WIDTH + BAR_WIDTH + 20
    total = sum(sum(c.values()) for c in data.values())
    desc = "; ".join(f"{body} {month}: " + ", ".join(f"{STATUS_LABELS[s]} {n}" for s, n in counts.items())
                     for (body, month), counts in data.items()) or "Inga uppdrag."
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" '
             f'viewBox="0 0 {width} {height}" width="100%" class="chart">',
             f'<title id="chart-title">Uppdrag per status, organ och månad ({total} uppdrag)</title>',
             f'<desc id="chart-desc">{escape(desc)}</desc>']
    for index, ((body, month), counts) in enumerate(data.items()):
        y = index * ROW_HEIGHT + 4
        parts.append(f'<text x="0" y="{y + 13}" font-size="14" fill="#1a1a1a">{escape(body)} · {escape(month)}</text>')
        y += 18
        x = float(LABEL_WIDTH)
        for status in STATUS_LABELS:
            n = counts.get(status, 0)
            if not n:
                continue
            w = BAR_WIDTH * n / biggest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="22" fill="{COLOURS[status]}" '
                         f'data-status="{status}" data-count="{n}"><title>{STATUS_LABELS[status]}: {n}</title></rect>')
            parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 16}" font-size="12" fill="#ffffff" '
                         f'text-anchor="middle">{n}</text>')
            x += w
    legend_y = len(data) * ROW_HEIGHT + 10
    for i, (status, label) in enumerate(STATUS_LABELS.items()):
        x = LABEL_WIDTH + i * 90
        parts.append(f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{COLOURS[status]}"/>')
        parts.append(f'<text x="{x + 20}" y="{legend_y + 12}" font-size="12" fill="#1a1a1a">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)
