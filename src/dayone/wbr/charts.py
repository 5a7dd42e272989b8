"""The 6-12 chart as SVG, drawn on the server so the page and the PDF are identical:
the last six weeks on the left, the last twelve months on the right, this year as a
solid line, last year dashed, the plan as dots."""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any

WIDTH, HEIGHT = 640, 220
# Presentation attributes, not CSS: WeasyPrint draws SVG from attributes only, and the
# chart must look the same on the page and in the PDF.
STYLE = {
    "cy": 'stroke="#0b5cad" fill="none" stroke-width="2"',
    "py": 'stroke="#8a94a3" fill="none" stroke-width="1.5" stroke-dasharray="4 3"',
    "cy-dot": 'fill="#0b5cad"', "py-dot": 'fill="#8a94a3"',
    "secondary": 'stroke="#c2410c" fill="none" stroke-width="2"', "secondary-dot": 'fill="#c2410c"',
    "secondary-py": 'stroke="#e8a87c" fill="none" stroke-width="1.5" stroke-dasharray="4 3"',
    "secondary-py-dot": 'fill="#e8a87c"',
    "tertiary": 'stroke="#6d28d9" fill="none" stroke-width="2"', "tertiary-dot": 'fill="#6d28d9"',
    "tertiary-py": 'stroke="#b8a2e8" fill="none" stroke-width="1.5" stroke-dasharray="4 3"',
    "tertiary-py-dot": 'fill="#b8a2e8"',
    "quaternary": 'stroke="#047857" fill="none" stroke-width="2"', "quaternary-dot": 'fill="#047857"',
    "quaternary-py": 'stroke="#86c9ad" fill="none" stroke-width="1.5" stroke-dasharray="4 3"',
    "quaternary-py-dot": 'fill="#86c9ad"',
    "target-dot": 'fill="#ffffff" stroke="#1d232b" stroke-width="1.5"',  # not the flags' red
    "goal": 'stroke="#15803d" fill="none" stroke-width="1.5" stroke-dasharray="1 3"', "goal-dot": 'fill="#15803d"',
    "grid": 'stroke="#eef0f3"', "split": 'stroke="#ccccdd" stroke-dasharray="2 2"',
    "text": 'font-size="9" fill="#5b6675" font-family="DejaVu Sans, Arial, sans-serif"',
}
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 48, 16, 36
GAP = 28


def _ticks(values: list[float], count: int = 5) -> list[float]:
    """Round axis values (steps of 1, 2, 2.5 or 5 times a power of ten) spanning ``values``."""
    if not values:
        return [0.0, 0.25, 0.5, 0.75, 1.0]
    low, high = min(values), max(values)
    if high - low <= 1e-9 * max(1.0, abs(high), abs(low)):  # one value: a band around it
        low, high = low - abs(low) * 0.1 - 1, high + abs(high) * 0.1 + 1
    rough = (high - low) / (count - 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-12 * max(1.0, abs(high)):
        ticks.append(start + step * len(ticks))
    return ticks


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def week_label(end: str) -> str:
    """A week by its last day, as the months are named: "Nov 21"."""
    return f"{MONTHS[int(end[5:7]) - 1]} {int(end[8:10])}"


def month_label(month: str, first: bool = False) -> str:
    """A month, with its year where the year changes (or on the first): "Nov", "Jan '26"."""
    name = MONTHS[int(month[5:7]) - 1]
    return f"{name} '{month[2:4]}" if first or month[5:7] == "01" else name


def value_label(v: float, fmt: str = "") -> str:
    """An axis or hover value in the metric's unit: "$1.2M", "4.5%", "12K"."""
    if fmt.endswith("%") or (fmt.startswith("##") and fmt.endswith("%")):
        return f"{v * 100:.3g}%"
    prefix = re.match(r"^[^#0.,]*", fmt).group(0) if fmt and not fmt.startswith("##") else ""  # type: ignore[union-attr]
    sign = "-" if v < 0 else ""
    return f"{sign}{prefix}{_short(abs(v))}"


def _path(points: list[tuple[float, float] | None]) -> str:
    parts, pen_up = [], True
    for point in points:
        if point is None:
            pen_up = True
            continue
        parts.append(f"{'M' if pen_up else 'L'}{point[0]:.1f},{point[1]:.1f}")
        pen_up = False
    return " ".join(parts)


def six_twelve(name: str, report: dict[str, Any], label: str = "", *, for_print: bool = False) -> str:
    """One metric: this year and last year, and its plan as dots where it has one."""
    return draw(label or name, [w["end"] for w in report["weeks"]], [m["month"] for m in report["months"]],
                six_twelve_lines(report), str(report.get("format") or ""), for_print=for_print)


def six_twelve_lines(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines of a metric's 6-12 chart: last year, this year, and the plan where it has one."""
    lines = [{"style": "py", "weeks": [w["py_value"] for w in report["weeks"]],
              "months": [m["py_value"] for m in report["months"]]},
             {"style": "cy", "weeks": [w["value"] for w in report["weeks"]],
              "months": [m["value"] for m in report["months"]]}]
    if any("plan" in r for r in [*report["weeks"], *report["months"]]):
        lines.append({"style": "target", "weeks": [w.get("plan") for w in report["weeks"]],
                      "months": [m.get("plan") for m in report["months"]]})
    for goal in report.get("goals") or []:  # a week's or a month's goal: its target across its panel
        weeks, months = len(report["weeks"]), len(report["months"])
        if goal.get("period") in ("week", "month") and goal.get("target") is not None:
            on_weeks = goal["period"] == "week"
            lines.append({"style": "goal", "weeks": [goal["target"] if on_weeks else None] * weeks,
                          "months": [None if on_weeks else goal["target"]] * months})
    return lines


SERIES = {"cy": "this year", "py": "last year", "target": "plan", "goal": "goal"}


def legend(lines: list[dict[str, Any]]) -> str:
    """What the chart's lines mean, as the line under the chart says it."""
    plan = "   ○ plan" if any(line["style"] == "target" for line in lines) else ""
    plan += "   ··· goal" if any(line["style"] == "goal" for line in lines) else ""
    return f"— this year   - - last year{plan}   (left: 6 weeks, right: 12 months, each on its own scale)"


def _dots(cls: str, points: list[tuple[float, float]]) -> str:
    """A series' dots as one path (print: one element to draw, not one per dot): each dot a
    point with a round cap as wide as the dot, which the PDF viewer draws as a disc (cheaper
    for WeasyPrint than arcs, which it turns into curves). A plan's hollow dot is a dark disc
    under a white one."""
    d = "".join(f"M{x:.1f},{y:.1f}h0" for x, y in points)
    if cls == "target":
        return (f'<path class="target-dots" stroke="#1d232b" stroke-width="8.5" stroke-linecap="round" d="{d}"/>'
                f'<path stroke="#ffffff" stroke-width="5.5" stroke-linecap="round" d="{d}"/>')
    colour = re.search(r'fill="([^"]+)"', STYLE[cls + "-dot"])
    return (f'<path class="{cls}-dots" stroke="{colour.group(1) if colour else "#000"}" stroke-width="5" '
            f'stroke-linecap="round" d="{d}"/>')


def draw(label: str, weeks: list[str], months: list[str], lines: list[dict[str, Any]], fmt: str = "",
         *, for_print: bool = False) -> str:
    """Weeks and months on their own scales (a month is ~4 weeks), each with its own axis of
    round values in the metric's unit (``fmt``, the metrics file's format). ``weeks``: each
    week's last day (YYYY-MM-DD); ``months``: YYYY-MM. Each line: ``style`` (cy, py,
    secondary, secondary-py, …, target), ``weeks`` and ``months`` values. Every point says
    its period and value on hover (an SVG title). ``for_print``: no hover titles, each
    series' dots one path, and no legend (the print deck sets ``legend`` under the chart as
    text, which WeasyPrint lays out far faster than SVG text)."""
    week_ticks = [week_label(w) for w in weeks]
    month_ticks = [month_label(m, first=i == 0) for i, m in enumerate(months)]
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT - GAP
    left_w, right_w = inner_w * 6 / 18, inner_w * 12 / 18
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def panel(key: str, ticks: list[str], x0: float, width: float, axis_x: float, anchor: str) -> list[str]:
        ticks_y = _ticks([v for line in lines for v in line[key] if v is not None])
        low, high = ticks_y[0], ticks_y[-1]

        def y(v: float | None) -> float | None:
            return None if v is None else PAD_TOP + plot_h * (1 - (v - low) / (high - low))

        out = []
        for v in ticks_y:
            yy = y(v) or 0.0
            out.append(f'<line class="grid" {STYLE["grid"]} x1="{x0:.1f}" x2="{x0 + width:.1f}" '
                       f'y1="{yy:.1f}" y2="{yy:.1f}"/>')
            out.append(f'<text class="axis" {STYLE["text"]} text-anchor="{anchor}" x="{axis_x:.1f}" '
                       f'y="{yy + 3:.1f}">{escape(value_label(v, fmt))}</text>')
        step = width / max(len(ticks), 1)
        xs = [x0 + step * (i + 0.5) for i in range(len(ticks))]
        for line in lines:
            cls = line["style"]
            points = [(x, at) if (at := y(v)) is not None else None for x, v in zip(xs, line[key], strict=False)]
            if cls != "target":
                out.append(f'<path class="{cls}" {STYLE[cls]} d="{_path(points)}"/>')
            if for_print:
                dots = [p for p, v in zip(points, line[key], strict=False) if p and v is not None]
                out += [_dots(cls, dots)] if dots else []
                continue
            series = SERIES.get(cls, cls.replace("-py", " (last year)"))
            out += [f'<circle class="{cls}" {STYLE[cls + "-dot"]} cx="{p[0]:.1f}" cy="{p[1]:.1f}" '
                    f'r="{3.5 if cls == "target" else 2.5}"><title>{escape(tick, quote=False)}, {series}: '
                    f'{escape(value_label(v, fmt), quote=False)}</title></circle>'
                    for p, tick, v in zip(points, ticks, line[key], strict=False) if p and v is not None]
        for x, text in zip(xs, ticks, strict=True):
            out.append(f'<text class="tick" {STYLE["text"]} text-anchor="middle" x="{x:.1f}" '
                       f'y="{HEIGHT - PAD_BOTTOM + 14}">{escape(text, quote=False)}</text>')
        return out

    x_right = PAD_LEFT + left_w + GAP
    split = PAD_LEFT + left_w + GAP / 2
    body = [*panel("weeks", week_ticks, PAD_LEFT, left_w, PAD_LEFT - 6, "end"),
            *panel("months", month_ticks, x_right, right_w, WIDTH - PAD_RIGHT + 6, "start"),
            f'<line class="split" {STYLE["split"]} x1="{split:.1f}" x2="{split:.1f}" y1="{PAD_TOP}" '
            f'y2="{HEIGHT - PAD_BOTTOM}"/>']
    if not for_print:
        body.append(f'<text class="legend" {STYLE["text"]} x="{PAD_LEFT}" y="{HEIGHT - 6}">{legend(lines)}</text>')
    height = HEIGHT - 14 if for_print else HEIGHT  # print: the legend is set as text under the chart
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{escape(label)}: six weeks and twelve months, this year and last year">'
            + "".join(body) + "</svg>")


def _short(v: float) -> str:
    magnitude = abs(v)
    if magnitude >= 1e9:
        return f"{v / 1e9:.3g}B"
    if magnitude >= 1e6:
        return f"{v / 1e6:.3g}M"
    if magnitude >= 1e4:
        return f"{v / 1e3:.3g}K"
    if magnitude >= 100:
        return f"{v:.0f}"
    return f"{v:.3g}"


DRIVER_FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
LABEL_W, CELL_W, CELL_H, CELL_GAP, MAX_LABEL = 132, 42, 24, 3, 22


def _driver_fill(r: float) -> tuple[str, str]:
    """A cell's colour for a correlation: blue when the input moves with the output, red when
    against, stronger as |r| grows; and the text colour that reads on it."""
    strength = min(abs(r), 1.0)
    colour = "#0b5cad" if r >= 0 else "#b3261e"
    ink = "#ffffff" if strength >= 0.5 else "#1d232b"
    return f'fill="{colour}" fill-opacity="{0.12 + 0.88 * strength:.2f}"', ink


def _r(r: float) -> str:
    """A correlation as the chart prints it: "+0.91", "-0.14", and "0.00" (never "-0.00")."""
    shown = f"{r:+.2f}"
    return "0.00" if shown in ("+0.00", "-0.00") else shown


def drivers(rows: list[dict[str, Any]], label: str) -> str:
    """Per input, one row of five cells: its correlation with the output when it leads by 0 to 4
    weeks, printed in the cell and shown by its colour (blue: they move together; red: in
    opposite directions), the strongest lead outlined. Drawn 360 units wide with 11-unit text
    so that it keeps a readable size on a phone (it only ever scales down)."""
    width = LABEL_W + 5 * (CELL_W + CELL_GAP) + 3
    top = 34  # the column headings
    legend_y = top + len(rows) * (CELL_H + CELL_GAP) + 14
    height = legend_y + 8
    text = f'{DRIVER_FONT} fill="#3d4754"'
    out = [f'<text {text} font-size="11" x="{LABEL_W - 8}" y="{top - 8}" text-anchor="end">input leads by</text>']
    for k in range(5):
        x = LABEL_W + k * (CELL_W + CELL_GAP) + CELL_W / 2
        out.append(f'<text {text} font-size="11" x="{x:.1f}" y="{top - 8}" text-anchor="middle">'
                   f'{k} wk</text>')
    for i, row in enumerate(rows):
        y0 = top + i * (CELL_H + CELL_GAP)
        name = str(row["input"]).replace("_", " ")
        shown = name if len(name) <= MAX_LABEL else name[:MAX_LABEL - 1] + "…"
        written = (f'<text {text} font-size="11" x="{LABEL_W - 8}" y="{y0 + CELL_H / 2 + 4:.1f}" '
                   f'text-anchor="end">{escape(shown, quote=False)}</text>')
        # a shortened name says itself in full on hover
        out.append(written if shown == name else f"<g><title>{escape(name, quote=False)}</title>{written}</g>")
        for k, r in enumerate(row["lags"]):
            x = LABEL_W + k * (CELL_W + CELL_GAP)
            best = k == row["best_lag"]
            outline = ' stroke="#1d232b" stroke-width="2"' if best else ""
            if r is None:
                out.append(f'<rect class="lag none" x="{x}" y="{y0}" width="{CELL_W}" height="{CELL_H}" '
                           f'fill="#f3f4f6"><title>{escape(name, quote=False)} leading by {k} weeks: too little '
                           f'history</title></rect>')
                out.append(f'<text {text} font-size="11" x="{x + CELL_W / 2:.1f}" y="{y0 + CELL_H / 2 + 4:.1f}" '
                           f'text-anchor="middle">–</text>')
                continue
            fill, ink = _driver_fill(r)
            weight = ' font-weight="bold"' if best else ""
            out.append(f'<rect class="lag" x="{x}" y="{y0}" width="{CELL_W}" height="{CELL_H}" {fill}{outline}>'
                       f'<title>{escape(name, quote=False)} leading by {k} weeks: r = {_r(r)}'
                       f'{" (the strongest lead)" if best else ""}</title></rect>')
            out.append(f'<text {DRIVER_FONT} fill="{ink}" font-size="11" x="{x + CELL_W / 2:.1f}" '
                       f'y="{y0 + CELL_H / 2 + 4:.1f}" text-anchor="middle" pointer-events="none"{weight}>'
                       f'{_r(r)}</text>')
    swatches = [('fill="#0b5cad"', "", "moves with"), ('fill="#b3261e"', "", "moves against"),
                ('fill="#ffffff"', ' stroke="#1d232b" stroke-width="2"', "strongest lead")]
    x = 4.0
    for fill, stroke, words in swatches:
        out.append(f'<rect x="{x:.1f}" y="{legend_y - 9}" width="10" height="10" {fill}{stroke}/>')
        out.append(f'<text {text} font-size="11" x="{x + 14:.1f}" y="{legend_y}">{words}</text>')
        x += 14 + 6.6 * len(words) + 14
    return (f'<svg class="drivers" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}: drivers, the correlation '
            f'of weekly changes with each input leading by 0 to 4 weeks">' + "".join(out) + "</svg>")
