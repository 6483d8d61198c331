"""Charts as inline SVG, drawn on the server.

Why server-side SVG rather than a charting library: the charts are few and simple (bars),
the pages must work with no network at view time and without JavaScript, and an inline
SVG is part of the HTML a test can read (labels and numbers are text). A bundled library
(Vega, Chart.js) would add hundreds of kilobytes for the same bars.

Every label is escaped; every chart has a title and a text alternative, and every bar a
``<title>`` tooltip with its exact number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe & Ito's colour-blind-safe palette (2008), black left out for the bars.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 220  # px for the row labels; longer labels are cut with an ellipsis
LABEL_CHARS = 32
CHART_WIDTH = 640
VALUE_WIDTH = 80  # room right of the longest bar for its numbers ("16 + 100")


@dataclass(frozen=True)
class Bar:
    label: str
    parts: tuple[int, ...]  # one value per series, stacked left to right
    href: str | None = None


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(title: str, bars: Sequence[Bar], series: Sequence[str],
              colours: Sequence[str] = OKABE_ITO) -> Markup:
    """Horizontal (stacked) bars, one row per ``Bar``; a legend when there are several
    series. Empty input gives an empty string."""
    if not bars:
        return Markup("")
    top = 28 if len(series) > 1 else 6
    height = top + len(bars) * (BAR_HEIGHT + BAR_GAP)
    largest = max(sum(b.parts) for b in bars) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH) / largest
    out = [
        f'<svg class="ct-chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="{CHART_WIDTH}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    if len(series) > 1:
        x = 8
        for i, name in enumerate(series):
            out.append(f'<rect x="{x}" y="6" width="12" height="12" '
                       f'fill="{colours[i % len(colours)]}"/>')
            out.append(f'<text x="{x + 16}" y="16" class="ct-chart-legend">{escape(name)}</text>')
            x += 24 + 8 * len(name)
    for row, bar in enumerate(bars):
        y = top + row * (BAR_HEIGHT + BAR_GAP)
        label = f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">' \
                f"{escape(_short(bar.label))}<title>{escape(bar.label)}</title></text>"
        if bar.href:
            label = f'<a href="{escape(bar.href)}">{label}</a>'
        out.append(label)
        x = LABEL_WIDTH
        for i, value in enumerate(bar.parts):
            if value <= 0:
                continue
            width = max(value * scale, 1)
            name = f"{series[i]}: " if len(series) > 1 else ""
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                       f'fill="{colours[i % len(colours)]}"><title>{escape(bar.label)} — '
                       f"{escape(name)}{value:,}</title></rect>")
            x += width
        out.append(f'<text x="{x + 6:.1f}" y="{y + 13}" class="ct-chart-value">'
                   f"{escape(' + '.join(f'{v:,}' for v in bar.parts))}</text>")
    out.append("</svg>")
    return Markup("".join(out))
