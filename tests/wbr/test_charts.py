"""The 6-12 chart's axes: round values in the metric's unit, the same kind of period label on
both halves, and every point's period and value on hover."""

from __future__ import annotations

import itertools
import math
import re
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from dayone.wbr import charts

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(st.lists(finite, min_size=1, max_size=30))
def test_axis_values_are_round_evenly_spaced_and_cover_the_data(values: list[float]) -> None:
    ticks = charts._ticks(values)
    assert 2 <= len(ticks) <= 8
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    step = ticks[1] - ticks[0]
    assert step > 0 and all(math.isclose(s, step, rel_tol=1e-6, abs_tol=1e-9) for s in steps)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))
    assert ticks[0] <= min(values) + 1e-9 * max(1.0, abs(min(values)))
    assert ticks[-1] >= max(values) - 1e-9 * max(1.0, abs(max(values)))


def test_values_in_the_metrics_unit() -> None:
    assert [charts.value_label(v, "0.0%") for v in charts._ticks([0.0312, 0.0401])] == [
        "3%", "3.25%", "3.5%", "3.75%", "4%", "4.25%"]
    assert [charts.value_label(v, "$#,##0") for v in charts._ticks([2.9e6, 3.5e6])] == [
        "$2.8M", "$3M", "$3.2M", "$3.4M", "$3.6M"]
    assert charts.value_label(-15000, "$#,##0") == "-$15K"


def test_both_halves_name_periods_alike_and_points_say_their_value() -> None:
    report = {"format": "$#,##0", "weeks": [{"end": f"2026-11-{d:02d}", "value": 10.0 * d, "py_value": 9.0 * d,
                                            "plan": 200.0 if d == 21 else None} for d in (14, 21)],
              "months": [{"month": m, "value": 1000.0, "py_value": 900.0} for m in ("2025-12", "2026-01")]}
    svg = charts.six_twelve("revenue", report, "Revenue")
    ticks = re.findall(r'class="tick"[^>]*>([^<]+)<', svg)
    assert ticks == ["Nov 14", "Nov 21", "Dec '25", "Jan '26"]
    assert "<title>Nov 21, this year: $210</title>" in svg
    assert "<title>Nov 21, plan: $200</title>" in svg
    assert "<title>Jan '26, last year: $900</title>" in svg
    assert 'class="target" fill="#ffffff" stroke="#1d232b"' in svg and "○ plan" in svg  # not the flags' red


def test_the_drivers_chart_prints_each_lead_with_a_legend_and_no_overlap() -> None:
    """Each input a row of five cells, its correlation printed in each (never "-0.00"), the
    strongest lead outlined, a legend, names that do not run into the cells."""
    rows = [{"input": "sessions", "lags": [0.91, -0.1, -0.004, None, 0.2], "best_lag": 0, "correlation": 0.91,
             "weeks": 100},
            {"input": "a_very_long_input_metric_name_indeed", "lags": [None] * 5, "best_lag": None,
             "correlation": None, "weeks": 3}]
    svg = charts.drivers(rows, "Orders")
    tree = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in tree.iter(f"{ns}text")]
    assert {"0 wk", "1 wk", "2 wk", "3 wk", "4 wk", "moves with", "moves against", "strongest lead"} <= set(texts)
    assert texts[7:12] == ["+0.91", "-0.10", "0.00", "–", "+0.20"]  # after the headings and the first name
    # a long name shortened, in full on hover
    assert "a very long input met…" in texts and "a very long input metric name indeed" in svg
    assert all(float(t.get("font-size", 0)) >= 11 for t in tree.iter(f"{ns}text"))
    cells = [r for r in tree.iter(f"{ns}rect") if "lag" in (r.get("class") or "")]
    assert len(cells) == 10 and [c.get("stroke") for c in cells[:5]] == ["#1d232b", None, None, None, None]
    first_cell = min(float(c.get("x", 0)) for c in cells)
    names = [t for t in tree.iter(f"{ns}text") if t.get("text-anchor") == "end"]
    assert all(float(t.get("x", 0)) < first_cell for t in names)  # right-aligned names end before the cells
    lefts = sorted({float(c.get("x", 0)) for c in cells})
    assert all(b - a > float(cells[0].get("width", 0)) for a, b in itertools.pairwise(lefts))
