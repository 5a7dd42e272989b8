"""Breakdowns by a dimension and the interval over time, from the statistics CSV's optional
``dimension``/``dimension_value`` and ``date`` columns: the library, the CLI and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.errors import ValidationFailed
from dayone.experiments.analysis import AnalysisOptions, analyze
from dayone.experiments.table import parse_table
from tests.helpers import run_cli

HEAD = "variant,metric,n,sum,sum_squares,dimension,dimension_value\n"
COUNTRIES = [("US", 4000, 400, 480), ("FR", 3000, 300, 300), ("DE", 100, 10, 12), ("IT", 50, 5, 6),
             ("ES", 40, 4, 4)]
BREAKDOWN = HEAD + "".join(f"control,conversion,{n},{c},{c},country,{v}\ntreatment,conversion,{n},{t},{t},country,{v}\n"
                           for v, n, c, t in COUNTRIES)


def _plain(rows: list[tuple[str, int, float, float]]) -> str:
    """A table of 0/1 conversions without labels: (variant, n, conversions, conversions)."""
    return "variant,metric,n,sum,sum_squares\n" + "".join(f"{v},conversion,{n},{s},{q}\n" for v, n, s, q in rows)


def _result(text: str, **options: object) -> dict[str, object]:
    return analyze(parse_table(text), AnalysisOptions(**options)).to_dict()  # type: ignore[arg-type]


def test_each_top_value_is_read_alone_and_the_rest_pooled_into_other() -> None:
    read = _result(BREAKDOWN, top_values=2)
    (country,) = read["breakdowns"]  # type: ignore[misc]
    assert country["dimension"] == "country"
    assert [v["value"] for v in country["values"]] == ["US", "FR", "other"]  # most units first
    other = country["values"][2]
    assert other["pooled"] == ["DE", "IT", "ES"] and other["units"] == 2 * (100 + 50 + 40)
    # "other" is the three values' statistics added: the same read as a table of those sums
    pooled = _result(_plain([("control", 190, 19, 19), ("treatment", 190, 22, 22)]))
    assert other["results"] == pooled["results"]
    us = _result(_plain([("control", 4000, 400, 400), ("treatment", 4000, 480, 480)]))
    assert country["values"][0]["results"] == us["results"]
    assert country["values"][0]["results"][0]["effect"] == pytest.approx(0.2)
    # without rows for the whole experiment, the whole is the sum over the values
    whole = _result(_plain([("control", 7190, 719, 719), ("treatment", 7190, 802, 802)]))
    assert read["results"] == whole["results"] and read["srm"] == whole["srm"]


def test_a_single_leftover_value_keeps_its_name_and_rows_for_the_whole_are_used_when_given() -> None:
    values = [v["value"] for v in _result(BREAKDOWN, top_values=4)["breakdowns"][0]["values"]]  # type: ignore[index]
    assert values == ["US", "FR", "DE", "IT", "ES"]
    whole = "control,conversion,20000,2000,2000,,\ntreatment,conversion,20000,2100,2100,,\n"
    read = _result(BREAKDOWN + whole)
    assert read["results"][0]["n_control"] == 20000  # type: ignore[index]
    assert "breakdowns" in read and "timeline" not in read
    assert "breakdowns" not in _result(_plain([("control", 100, 10, 10), ("treatment", 100, 12, 12)]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["control", "treatment"]), st.sampled_from("abcd"),
                          st.floats(-100, 100, allow_nan=False).map(lambda x: round(x, 2))), min_size=40, max_size=120))
def test_the_values_statistics_add_up_to_the_whole(units: list[tuple[str, str, float]]) -> None:
    """Per-unit data split by a dimension: the whole read from the breakdown rows equals the read
    of the statistics computed over all the units."""
    groups: dict[tuple[str, str], list[float]] = {}
    for variant, value, x in units:
        groups.setdefault((variant, value), []).append(x)
    values = [v for v in "abcd" if all(len(groups.get((g, v), [])) >= 2 for g in ("control", "treatment"))]
    if not values:
        return
    lines = [f"{g},m,{len(xs)},{sum(xs)!r},{sum(x * x for x in xs)!r},d,{v}"
             for v in values for g in ("control", "treatment") for xs in [groups[(g, v)]]]
    every = {g: [x for v in values for x in groups[(g, v)]] for g in ("control", "treatment")}
    if any(np.var(xs) == 0 for xs in every.values()):
        return
    whole = "variant,metric,n,sum,sum_squares\n" + "".join(
        f"{g},m,{len(xs)},{sum(xs)!r},{sum(x * x for x in xs)!r}\n" for g, xs in every.items())
    split = _result(HEAD.replace("conversion", "m") + "\n".join(lines) + "\n")
    direct = _result(whole)
    for key in ("effect", "ci_low", "ci_high", "p_value"):
        a, b = split["results"][0][key], direct["results"][0][key]  # type: ignore[index]
        assert (a is None and b is None) or a == pytest.approx(b, rel=1e-7, abs=1e-9)


DAYS = ("variant,metric,n,sum,sum_squares,date\n"
        "control,conversion,1000,100,100,2026-11-02\ntreatment,conversion,1000,112,112,2026-11-02\n"
        "control,conversion,5000,500,500,2026-11-09\ntreatment,conversion,5000,560,560,2026-11-09\n"
        "control,conversion,9000,900,900,2026-11-16\ntreatment,conversion,9000,1010,1010,2026-11-16\n")


def test_dated_rows_give_the_always_valid_interval_over_time() -> None:
    read = _result(DAYS)  # a fixed-horizon read of the whole; the timeline is sequential regardless
    days = read["timeline"]  # type: ignore[index]
    assert [d["date"] for d in days] == ["2026-11-02", "2026-11-09", "2026-11-16"]
    assert read["results"][0]["n_control"] == 9000  # the latest (cumulative) day is the whole  # type: ignore[index]
    for day, n in zip(days, (1000, 5000, 9000), strict=True):
        alone = _result(_plain([("control", n, n // 10, n // 10), ("treatment", n, *[{1000: 112, 5000: 560,
                                                                                       9000: 1010}[n]] * 2)]),
                        engine="sequential")
        (r,) = day["results"]
        assert (r["effect"], r["ci_low"], r["ci_high"], r["p_value"]) == tuple(
            alone["results"][0][k] for k in ("effect", "ci_low", "ci_high", "p_value"))  # type: ignore[index]
    widths = [d["results"][0]["ci_high"] - d["results"][0]["ci_low"] for d in days]
    assert widths[0] > widths[1] > widths[2]  # more units, a narrower interval
    fixed = read["results"][0]  # type: ignore[index]
    assert fixed["ci_high"] - fixed["ci_low"] < widths[2]  # the always-valid interval is wider than the t-test's


@pytest.mark.parametrize(("text", "said"), [
    (HEAD + "control,c,100,10,10,country,\ntreatment,c,100,10,10,country,FR\n",
     "line 2: column dimension_value: is empty; a breakdown row needs both"),
    ("variant,metric,n,sum,sum_squares,dimension,dimension_value,date\n"
     "control,c,100,10,10,country,FR,2026-11-02\ntreatment,c,100,10,10,,,2026-11-02\n",
     "either a breakdown (dimension) or a day's statistics (date), not both"),
    ("variant,metric,n,sum,sum_squares,date\ncontrol,c,100,10,10,2/11/2026\ntreatment,c,100,10,10,2026-11-02\n",
     "'2/11/2026' is not a date; write it as YYYY-MM-DD"),
    (HEAD + "control,c,100,10,10,,\ntreatment,c,100,10,10,,\ncontrol,c,50,5,5,country,FR\n",
     "country = FR has variants control but the experiment has control, treatment"),
    (HEAD + "control,c,100,10,10,country,FR\ntreatment,c,100,10,10,country,FR\n"
     "control,c,100,10,10,country,DE\ntreatment,c,100,10,10,country,DE\n"
     "control,d,100,10,10,country,DE\ntreatment,d,100,10,10,country,DE\n",
     "dimension 'country': its values give different metrics"),
    (DAYS.replace("9000,900,900", "900,90,90"),
     "has 900 units on 2026-11-16 but 5000 on 2026-11-09"),
    (HEAD + "control,c,100,10,10,country,FR\ncontrol,c,100,10,10,country,FR\ntreatment,c,100,10,10,country,FR\n",
     "already have a row for country = FR (line 2)"),
    (HEAD + "control,c,0,0,0,country,FR\ntreatment,c,100,10,10,country,FR\n", "has no units for metric"),
])
def test_bad_breakdown_and_dated_rows_are_refused_naming_the_line(text: str, said: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_table(text, "stats.csv")
    assert said in refused.value.message + json.dumps(refused.value.details)


def test_the_cli_reads_breakdowns_and_the_timeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "stats.csv"
    path.write_text(BREAKDOWN)
    code, out, _ = run_cli(capsys, "experiment", "analyze", str(path), "--top", "1", "--format", "json")
    assert code == 0
    values = json.loads(out)["breakdowns"][0]["values"]
    assert [v["value"] for v in values] == ["US", "other"] and values[1]["pooled"] == ["FR", "DE", "IT", "ES"]
    code, out, _ = run_cli(capsys, "experiment", "analyze", str(path), "--top", "1")
    assert code == 0 and "by country" in out and "│ other (FR," in out
    code, _, err = run_cli(capsys, "experiment", "analyze", str(path), "--top", "0")
    assert code != 0 and "top_values: 0; give 1 to 100" in err
    path.write_text(DAYS)
    code, out, _ = run_cli(capsys, "experiment", "analyze", str(path), "--format", "json")
    assert code == 0 and [d["date"] for d in json.loads(out)["timeline"]][-1] == "2026-11-16"
    code, out, _ = run_cli(capsys, "experiment", "analyze", str(path))
    assert code == 0 and "the interval over time" in out
