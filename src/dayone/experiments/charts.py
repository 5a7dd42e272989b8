"""Each comparison's relative effect and its interval as SVG, drawn on the server like the WBR's
charts (wbr/charts.py): presentation attributes, no inline style or script, so the page keeps
its strict Content-Security-Policy. One row per metric × variant: a dot at the effect, a bar
over the interval (an arrow where it is open), a line at no effect, and for the primary metric
a shaded band of ± the minimum effect worth detecting."""

from __future__ import annotations

from html import escape
from typing import Any

from dayone.experiments.reading import pct
from dayone.wbr.charts import STYLE as WBR_STYLE
from dayone.wbr.charts import _ticks

WIDTH, ROW, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 640, 34, 170, 24, 10, 30
COLOURS = {"better": "#1e6b34", "worse": "#b3261e", "unclear": "#5b6675", "error": "#8a94a3"}
TEXT = WBR_STYLE["text"]


def effects_chart(rows: list[dict[str, Any]], verdicts: dict[tuple[str, str], str], *,
                  minimum_effect: float | None = None, primary: str | None = None, title: str = "") -> str:
    """``rows``: the analysis's results (``metric``, ``variant``, ``effect``, ``ci_low``, ``ci_high``);
    ``verdicts``: (metric, variant) → better, worse, unclear or error, which colours the row."""
    drawn = [r for r in rows if r.get("effect") is not None]
    values = [0.0] + [v for r in drawn for v in (r["ci_low"], r["ci_high"], r["effect"]) if v is not None]
    if minimum_effect is not None and primary is not None:
        values += [abs(minimum_effect), -abs(minimum_effect)]
    ticks = _ticks(values)
    low, high = ticks[0], ticks[-1]
    height = PAD_TOP + PAD_BOTTOM + ROW * max(len(rows), 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT

    def x(v: float) -> float:
        return PAD_LEFT + plot_w * (v - low) / (high - low)

    label = escape(title or "Effects and intervals")
    out = [f'<svg class="effects-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
           f'role="img" aria-label="{label}"><title>{label}</title>']
    bottom = height - PAD_BOTTOM
    if minimum_effect is not None and primary is not None and any(r["metric"] == primary for r in rows):
        band = abs(minimum_effect)
        out.append(f'<rect class="mde-band" fill="#eef3fb" x="{x(-band):.1f}" y="{PAD_TOP}" '
                   f'width="{x(band) - x(-band):.1f}" height="{bottom - PAD_TOP}"><title>± {pct(band, sign=False)}: '
                   'the minimum effect worth detecting</title></rect>')
    for v in ticks:
        out.append(f'<line class="grid" {WBR_STYLE["grid"]} x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{PAD_TOP}" '
                   f'y2="{bottom}"/>')
        out.append(f'<text class="axis" {TEXT} text-anchor="middle" x="{x(v):.1f}" y="{bottom + 16}">'
                   f'{escape(pct(v) if v else "0")}</text>')
    out.append(f'<line class="zero" stroke="#1d232b" stroke-width="1" x1="{x(0):.1f}" x2="{x(0):.1f}" '
               f'y1="{PAD_TOP}" y2="{bottom}"/>')
    for i, r in enumerate(rows):
        y = PAD_TOP + ROW * i + ROW / 2
        name = f"{r['metric']} · {r['variant']}"
        out.append(f'<text class="row-label" {TEXT} text-anchor="end" x="{PAD_LEFT - 8}" y="{y + 3:.1f}">'
                   f'{escape(name if len(name) <= 30 else name[:29] + "…")}</text>')
        if r.get("effect") is None:
            out.append(f'<text class="no-estimate" {TEXT} x="{PAD_LEFT + 4}" y="{y + 3:.1f}">no estimate</text>')
            continue
        colour = COLOURS[verdicts.get((r["metric"], r["variant"]), "unclear")]
        lo = x(r["ci_low"]) if r["ci_low"] is not None else PAD_LEFT
        hi = x(r["ci_high"]) if r["ci_high"] is not None else WIDTH - PAD_RIGHT
        tip = escape(f"{name}: {pct(r['effect'])}, interval {pct(r['ci_low'])} to {pct(r['ci_high'])}", quote=False)
        out.append(f'<g class="effect" data-metric="{escape(r["metric"])}" data-variant="{escape(r["variant"])}">'
                   f'<title>{tip}</title>'
                   f'<line stroke="{colour}" stroke-width="3" x1="{lo:.1f}" x2="{hi:.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
                   f'<circle fill="{colour}" cx="{x(r["effect"]):.1f}" cy="{y:.1f}" r="5"/></g>')
        for end, open_ in ((lo, r["ci_low"] is None), (hi, r["ci_high"] is None)):
            if open_:  # an open end: an arrow to the edge
                d = -6 if end == PAD_LEFT else 6
                out.append(f'<path fill="{colour}" d="M{end + d:.1f},{y:.1f} L{end:.1f},{y - 4:.1f} '
                           f'L{end:.1f},{y + 4:.1f} Z"/>')
    out.append("</svg>")
    return "".join(out)
