"""Series over dates as SVG, drawn on the server like the WBR's charts: presentation attributes
only (no inline style or script, for the page's Content-Security-Policy). Used for the sequential
test's interval over time (the effect, its always-valid band, a line at no effect) and for a
market test (the treated regions against their counterfactual, a line where treatment starts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from dayone.wbr.charts import STYLE as WBR_STYLE
from dayone.wbr.charts import _ticks, week_label

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 640, 240, 64, 16, 12, 40
PALETTE = ("#0b5cad", "#c2410c", "#6d28d9", "#1e6b34")
TEXT = WBR_STYLE["text"]


@dataclass(frozen=True)
class Series:
    """One line (``None``: no value that day) and, optionally, a band around it (``None``: open)."""

    name: str
    values: list[float | None]
    low: list[float | None] | None = None
    high: list[float | None] | None = None
    dashed: bool = False


def line_chart(days: list[date], series: list[Series], *, title: str, fmt: str = "{:+.1%}",
               zero: bool = False, marker: date | None = None, marker_label: str = "") -> str:
    """``series`` over ``days`` (ascending); ``zero``: a line at 0; ``marker``: a vertical line that day."""
    finite = [v for s in series for vs in (s.values, s.low or [], s.high or []) for v in vs if v is not None]
    ticks = _ticks(finite + ([0.0] if zero else []))
    low, high = ticks[0], ticks[-1]
    bottom, plot_w = HEIGHT - PAD_BOTTOM, WIDTH - PAD_LEFT - PAD_RIGHT
    first, span = days[0].toordinal(), max(days[-1].toordinal() - days[0].toordinal(), 1)

    def x(d: date) -> float:
        return PAD_LEFT + plot_w * (d.toordinal() - first) / span if len(days) > 1 else PAD_LEFT + plot_w / 2

    def y(v: float) -> float:
        v = min(max(v, low), high)  # an open band end is drawn to the edge
        return bottom - (bottom - PAD_TOP) * (v - low) / (high - low)

    label = escape(title)
    out = [f'<svg class="line-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-label="{label}"><title>{label}</title>']
    for v in ticks:
        out.append(f'<line class="grid" {WBR_STYLE["grid"]} x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
                   f'y1="{y(v):.1f}" y2="{y(v):.1f}"/>')
        out.append(f'<text class="axis" {TEXT} text-anchor="end" x="{PAD_LEFT - 6}" y="{y(v) + 4:.1f}">'
                   f'{escape(fmt.format(v) if v else "0")}</text>')
    step = max(1, len(days) // 6)
    for d in days[::step]:
        out.append(f'<text class="axis" {TEXT} text-anchor="middle" x="{x(d):.1f}" y="{bottom + 16}">'
                   f'{escape(week_label(d.isoformat()))}</text>')
    if zero:
        out.append(f'<line class="zero" stroke="#1d232b" stroke-width="1" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
                   f'y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    if marker is not None and days[0] <= marker <= days[-1]:
        out.append(f'<line class="marker" stroke="#5b6675" stroke-width="1" stroke-dasharray="3 3" '
                   f'x1="{x(marker):.1f}" x2="{x(marker):.1f}" y1="{PAD_TOP}" y2="{bottom}"><title>'
                   f'{escape(marker_label)}</title></line>')
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        if s.low is not None and s.high is not None:
            upper = [(x(d), y(high if h is None else h)) for d, v, h in zip(days, s.values, s.high, strict=True)
                     if v is not None]
            lower = [(x(d), y(low if lo is None else lo)) for d, v, lo in zip(days, s.values, s.low, strict=True)
                     if v is not None]
            if upper:
                points = " ".join(f"{a:.1f},{b:.1f}" for a, b in upper + lower[::-1])
                out.append(f'<polygon class="band" fill="{colour}" fill-opacity="0.15" points="{points}"/>')
        drawn = [(x(d), y(v)) for d, v in zip(days, s.values, strict=True) if v is not None]
        if drawn:
            dash = ' stroke-dasharray="5 4"' if s.dashed else ""
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in drawn)
            out.append(f'<polyline class="series" data-series="{escape(s.name)}" stroke="{colour}" fill="none" '
                       f'stroke-width="2"{dash} points="{path}"><title>{escape(s.name)}</title></polyline>')
        out.append(f'<text class="legend" font-size="9" font-family="DejaVu Sans, Arial, sans-serif" '
                   f'fill="{colour}" x="{PAD_LEFT + 150 * i}" y="{HEIGHT - 6}">{escape(s.name)}</text>')
    out.append("</svg>")
    return "".join(out)
