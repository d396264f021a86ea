"""Bar charts drawn on the server as SVG: readable without JavaScript, each bar a link, and the same numbers in
a data table beside the chart (the template draws the table from the same Chart)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 440
BAR = 22  # height of one bar's row
LABEL_WIDTH = 160
VALUE_WIDTH = 50
FONT = 13


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    href: str = ""


@dataclass(frozen=True)
class Chart:
    key: str  # an id for the page (chart-KEY)
    title: str
    unit: str  # what the values count ("projects", "千円")
    bars: list[Bar]
    more: int = 0  # bars left out (shown in the table's last row as a count)

    @property
    def svg(self) -> Markup:
        return bar_chart(self)


def text_width(text: str, size: float = FONT) -> float:
    """Roughly how wide a string is drawn, erring wide: full-width (CJK) characters and … a whole em, others
    about two thirds (DejaVu and Noto Sans capitals are wide)."""
    return sum(size if ord(c) > 0x2E7F or c == "…" else size * 0.66 for c in text)


def fit(text: str, width: float, size: float = FONT) -> str:
    """The text, cut with … to fit `width`."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(chart: Chart) -> Markup:
    """A horizontal bar chart: label, bar (a link when the bar has one) and value per row."""
    height = BAR * len(chart.bars) + 8
    top = max((b.value for b in chart.bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    title_id = f"chart-{chart.key}-title"
    parts = [
        f'<svg class="chart" id="chart-{escape(chart.key)}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
    ]
    for row, bar in enumerate(chart.bars):
        y = 4 + row * BAR
        length = max(1.0, span * bar.value / top) if bar.value else 0.0
        label = fit(bar.label, LABEL_WIDTH - 12)
        body = (
            f"<title>{escape(bar.label)}: {number(bar.value)} {escape(chart.unit)}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR * 0.68:.1f}" text-anchor="end" font-size="{FONT}">'
            f"{escape(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{BAR - 6}" rx="2" '
            f'fill="{escape(bar.colour)}"/>'
            f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{y + BAR * 0.68:.1f}" font-size="{FONT}" class="value">'
            f"{number(bar.value)}</text>"
        )
        if bar.href:
            parts.append(f'<a href="{escape(bar.href)}" class="bar">{body}</a>')
        else:
            parts.append(f'<g class="bar">{body}</g>')
    parts.append("</svg>")
    return Markup("".join(parts))
