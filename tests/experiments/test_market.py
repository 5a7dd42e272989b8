"""Market tests against cases with known answers: Card and Krueger's 2×2 difference-in-differences,
a synthetic control that a mix of two regions reproduces exactly, a simulated panel with an
injected effect, no-effect panels (the placebo p-value calibrated), bad input, and the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.errors import InvalidInput, ValidationFailed
from dayone.experiments.market import Panel, analyze_market
from dayone.experiments.market_data import parse_panel
from tests.helpers import run_cli

# Card and Krueger (AER 1994), Table 3: full-time-equivalent employment per store, New Jersey
# (minimum wage raised) and Pennsylvania, February and November 1992; DiD 2.75 from these means
CARD_KRUEGER = ("region,date,value\nNJ,1992-02-15,20.44\nNJ,1992-11-15,21.03\n"
                "PA,1992-02-15,23.33\nPA,1992-11-15,21.17\n")
WEEKS = tuple(date(2026, 1, 5) + timedelta(weeks=i) for i in range(60))
START = WEEKS[40]


def _panel(rng: np.random.Generator, regions: int = 20, effect: float = 0.0, treated: int = 1) -> Panel:
    """Regions of different sizes sharing a trend (parallel in levels, as difference-in-differences
    assumes), with noise; ``effect`` (relative) from START on."""
    size = rng.uniform(50, 150, regions)[:, None]
    trend = np.cumsum(rng.normal(0, 1, len(WEEKS)))[None, :]
    values = size + trend + rng.normal(0, 1.0, (regions, len(WEEKS)))
    values[:treated, 40:] *= 1 + effect
    return Panel(tuple(f"r{i:02d}" for i in range(regions)), WEEKS, values)


def test_the_textbook_two_by_two_difference_in_differences() -> None:
    read = analyze_market(parse_panel(CARD_KRUEGER), ["NJ"], date(1992, 11, 1), "did")
    assert read["effect"] == pytest.approx(2.75)  # (21.03 − 20.44) − (21.17 − 23.33)
    assert read["counterfactual_mean_post"] == pytest.approx(20.44 + 21.17 - 23.33)
    assert read["p_value"] is None and "no measure of uncertainty" in read["reading"]


def test_a_synthetic_control_finds_the_mix_that_reproduces_the_treated_region() -> None:
    rng = np.random.default_rng(7)
    donors = rng.normal(100, 10, (6, len(WEEKS)))
    treated = 0.3 * donors[1] + 0.7 * donors[4]
    treated[40:] += 5.0
    panel = Panel(("t", *(f"d{i}" for i in range(6))), WEEKS, np.vstack([treated, donors]))
    read = analyze_market(panel, ["t"], START, "synthetic")
    assert read["weights"] == pytest.approx({"d1": 0.3, "d4": 0.7}, abs=1e-7)
    assert read["effect"] == pytest.approx(5.0, abs=1e-6) and read["pre_rmspe"] == pytest.approx(0, abs=1e-6)
    assert read["p_value"] == pytest.approx(1 / 7)  # nothing fits as well and moves as much


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_an_injected_effect_is_recovered_and_stands_out_from_the_placebos(method: str) -> None:
    panel = _panel(np.random.default_rng(11), regions=22, effect=0.10, treated=2)
    read = analyze_market(panel, ["r00", "r01"], START, method)  # type: ignore[arg-type]
    assert read["relative_effect"] == pytest.approx(0.10, abs=0.01)
    assert read["p_value"] == pytest.approx(1 / 21) and len(read["placebos"]) == 20
    assert read["controls"] == [f"r{i:02d}" for i in range(2, 22)] and read["post_dates"] == 20
    assert "unlikely to be chance" in read["reading"]
    assert len(read["series"]["treated"]) == len(read["series"]["counterfactual"]) == 60


@pytest.mark.parametrize("method", ["did", "synthetic"])
def test_a_panel_without_effect_gives_a_placebo_p_value_that_is_not_small(method: str) -> None:
    read = analyze_market(_panel(np.random.default_rng(3)), ["r00"], START, method)  # type: ignore[arg-type]
    assert abs(read["relative_effect"]) < 0.02 and read["p_value"] > 0.2
    assert "cannot tell the effect from ordinary regional swings" in read["reading"]


def test_the_placebo_p_value_is_calibrated_without_effect() -> None:
    """Exchangeable regions, no effect: p ≤ 0.1 in a tenth of panels (2 of 20 ranks), within sampling error."""
    rng = np.random.default_rng(2026)
    p = [analyze_market(_panel(rng), ["r00"], START, "did")["p_value"] for _ in range(300)]
    assert 0.05 <= np.mean(np.array(p) <= 0.1 + 1e-9) <= 0.15
    assert 0.4 <= np.mean(p) <= 0.6  # uniform on 1/20 … 1 has mean 0.525


@pytest.mark.parametrize(("text", "treated", "start", "method", "said"), [
    (CARD_KRUEGER, ["NY"], "1992-11-01", "did", "'NY' is not a region"),
    (CARD_KRUEGER, ["NJ", "PA"], "1992-11-01", "did", "every region is treated"),
    (CARD_KRUEGER, ["NJ"], "1992-01-01", "did", "leaves 0 date(s) before"),
    (CARD_KRUEGER, ["NJ"], "1992-12-01", "did", "leaves 2 date(s) before and 0 from it on"),
    (CARD_KRUEGER, ["NJ"], "1992-11-01", "synthetic", "a synthetic control needs at least 2 before"),
    (CARD_KRUEGER, ["NJ"], "1992-11-01", "ols", "method: 'ols'; use did"),
    (CARD_KRUEGER, [], "1992-11-01", "did", "name the treated regions"),
])
def test_a_bad_design_is_refused_naming_what_to_fix(text: str, treated: list[str], start: str, method: str,
                                                   said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        analyze_market(parse_panel(text), treated, date.fromisoformat(start), method)  # type: ignore[arg-type]
    assert said in refused.value.message


@pytest.mark.parametrize(("text", "said"), [
    ("region,day,value\nA,2026-01-01,1\n", "column day: is not a column of a market-test panel"),
    ("region,dates,value\nA,2026-01-01,1\n", "did you mean 'date'?"),
    (CARD_KRUEGER + "NJ,1992-02-15,20\n", "line 6: region 'NJ' on 1992-02-15 already has a row (line 2)"),
    (CARD_KRUEGER.replace("PA,1992-11-15,21.17\n", ""), "region 'PA' has no row for 1992-11-15"),
    (CARD_KRUEGER.replace("20.44", "n/a"), "line 2: column value: 'n/a' is not a number"),
    (CARD_KRUEGER.replace("20.44", "inf"), "is not a finite number"),
    (CARD_KRUEGER.replace("1992-02-15,20.44", "15/02/1992,20.44"), "is not a date; write it as YYYY-MM-DD"),
    ("region,date,value\nA,2026-01-01,1\n", "fewer than two regions"),
])
def test_a_bad_panel_is_refused_naming_the_line(text: str, said: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_panel(text, "panel.csv")
    assert said in refused.value.message + json.dumps(refused.value.details)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("AB,\n0123456789.-e\"region date value")), max_size=200))
def test_the_panel_reader_answers_any_text_with_a_panel_or_a_clear_refusal(text: str) -> None:
    try:
        panel = parse_panel(text, "panel.csv")
    except ValidationFailed as refused:
        assert refused.message.startswith("panel.csv")
    else:
        assert panel.values.shape == (len(panel.regions), len(panel.dates))
        assert np.isfinite(panel.values).all()


def test_the_cli_reads_a_market_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    panel = _panel(np.random.default_rng(11), effect=0.10)  # 19 placebos: p = 1/20 at best
    path = tmp_path / "panel.csv"
    path.write_text("region,date,value\n" + "".join(f"{r},{d},{float(v)!r}\n" for r, row in zip(
        panel.regions, panel.values, strict=True) for d, v in zip(panel.dates, row, strict=True)))
    code, out, _ = run_cli(capsys, "experiment", "market-test", str(path), "--treated", "r00", "--start",
                           START.isoformat(), "--method", "synthetic", "--format", "json")
    assert code == 0
    read = json.loads(out)
    assert read["method"] == "synthetic" and read["relative_effect"] == pytest.approx(0.10, abs=0.01)
    assert sum(read["weights"].values()) == pytest.approx(1.0)
    code, out, _ = run_cli(capsys, "experiment", "market-test", str(path), "--treated", "r00", "--start",
                           START.isoformat())
    assert code == 0 and "Read by difference-in-differences" in out and "placebo p-value" in out
    code, _, err = run_cli(capsys, "experiment", "market-test", str(path), "--treated", "r000", "--start",
                           START.isoformat())
    assert code != 0 and "did you mean 'r00'?" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "experiment", "market-test", str(path), "--treated", "r00", "--start", "soon")
    assert code != 0 and "start: 'soon' is not a date" in err
