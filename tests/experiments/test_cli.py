"""`dayone experiment analyze` and `dayone experiment power` through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dayone
from dayone.errors import ValidationFailed
from dayone.experiments.table import parse_table
from tests.helpers import run_cli

HEADER = ("variant,metric,n,sum,sum_squares,denominator_sum,denominator_sum_squares,cross_sum,"
          "pre_sum,pre_sum_squares,pre_cross_sum\n")
GOOD = HEADER + (
    "control,revenue,1000,5000,30000,,,,,,\n"
    "treatment,revenue,1010,5300,32000,,,,,,\n"
    "bigger,revenue,990,5400,33000,,,,,,\n"
    "control,per_session,1000,5000,30000,2000,5000,11000,,,\n"
    "treatment,per_session,1010,5300,32000,2020,5100,11900,,,\n"
    "bigger,per_session,990,5400,33000,1990,4900,12000,,,\n"
    "control,cuped,1000,5000,30000,,,,4800,28000,28500\n"
    "treatment,cuped,1010,5300,32000,,,,4900,28500,30000\n"
    "bigger,cuped,990,5400,33000,,,,4790,27000,29500\n")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


@pytest.fixture
def stats_file(tmp_path: Path) -> Path:
    path = tmp_path / "stats.csv"
    path.write_text(GOOD)
    return path


def test_json_holds_one_object_per_metric_and_variant_after_the_srm(capsys: pytest.CaptureFixture[str],
                                                                    stats_file: Path) -> None:
    code, out, err = _run(capsys, "experiment", "analyze", str(stats_file), "--format", "json",
                          "--correction", "holm")
    assert code == 0, err
    result = json.loads(out)
    assert list(result).index("srm") < list(result).index("results")
    assert result["srm"]["passed"] and result["control"] == "control"
    pairs = [(r["metric"], r["variant"]) for r in result["results"]]
    assert pairs == [(m, v) for m in ("revenue", "per_session", "cuped") for v in ("treatment", "bigger")]
    for r in result["results"]:
        assert {"metric", "variant", "effect", "ci_low", "ci_high", "p_value", "p_value_adjusted",
                "srm_p_value"} <= set(r)
        assert r["ci_low"] < r["effect"] < r["ci_high"] and r["p_value"] <= r["p_value_adjusted"] <= 1
    revenue = result["results"][0]
    assert revenue["effect"] == pytest.approx((5300 / 1010) / 5 - 1)
    assert result["results"][4]["cuped_theta"] > 0


def test_bayesian_and_sequential_engines(capsys: pytest.CaptureFixture[str], stats_file: Path) -> None:
    _, out, _ = _run(capsys, "experiment", "analyze", str(stats_file), "--engine", "bayesian", "--format", "json",
                     "--prior-mean", "0", "--prior-sd", "0.3")
    bayes = json.loads(out)["results"]
    assert all({"chance_to_win", "risk", "risk_control"} <= set(r) and "p_value" not in r for r in bayes)
    assert 0.5 < bayes[0]["chance_to_win"] < 1 and bayes[0]["risk"] < bayes[0]["risk_control"]
    _, out, _ = _run(capsys, "experiment", "analyze", str(stats_file), "--format", "json")
    _, seq, _ = _run(capsys, "experiment", "analyze", str(stats_file), "--engine", "sequential", "--format", "json")
    fixed, sequential = json.loads(out)["results"][0], json.loads(seq)["results"][0]
    assert sequential["ci_high"] - sequential["ci_low"] > fixed["ci_high"] - fixed["ci_low"]


def test_one_sided_interval_is_open_above(capsys: pytest.CaptureFixture[str], stats_file: Path) -> None:
    _, out, _ = _run(capsys, "experiment", "analyze", str(stats_file), "--one-sided", "--format", "json")
    first = json.loads(out)["results"][0]
    assert first["ci_high"] is None and first["ci_low"] < first["effect"]


def test_text_leads_with_a_plain_srm_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "srm.csv"
    path.write_text("variant,metric,n,sum,sum_squares\nA,orders,5000,500,500\nB,orders,5400,560,560\n")
    code, out, _ = _run(capsys, "experiment", "analyze", str(path))
    assert code == 0 and out.startswith("WARNING: Sample ratio mismatch") and "Do not trust" in out
    code, out, _ = _run(capsys, "experiment", "analyze", str(path), "--weights", "0.48,0.52")
    assert out.startswith("Sample ratio check passed")


@pytest.mark.parametrize(("rows", "expected"), [
    ("A,orders,1000,50,50\nB,orders,0,0,0\n", "line 3: column n: variant 'B' has no units for metric 'orders'"),
    ("A,orders,-5,50,50\nB,orders,100,5,5\n", "line 2: column n: -5 is negative"),
    ("A,orders,100,50,20\nB,orders,100,5,5\n", "line 2: column sum_squares: 20 is impossible for sum 50 over n 100"),
    ("A,orders,100,5,5\nB,orders,100,abc,5\n", "line 3: column sum: 'abc' is not a number"),
    ("A,orders,100,5,5\nB,orders,100,nan,5\n", "line 3: column sum: 'nan' is not a finite number"),
    ("A,orders,100,5,5\nB,orders,100,,5\n", "line 3: column sum: is empty"),
    ("A,orders,100,5,5\nB,orders,100,5,5\nA,visits,100,5,5\n", "metric 'visits' has no row for variant 'B'"),
    ("A,orders,100,5,5\nA,orders,100,5,5\n", "line 3: variant 'A' and metric 'orders' already have a row (line 2)"),
    ("A,orders,100,5,5\n", "names only variant 'A'"),
    ("A,orders,100,5,5\nB,orders,100,5\n", "line 3: has 4 cells but the header names 5 columns"),
    ("A,orders,1.5,5,5\nB,orders,100,5,5\n", "line 2: column n: 1.5 is not a whole number"),
])
def test_bad_statistics_are_named_by_line_and_column(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                     rows: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("variant,metric,n,sum,sum_squares\n" + rows)
    code, out, err = _run(capsys, "experiment", "analyze", str(path), "--format", "json")
    assert code == 1 and out == "" and expected in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]  # nothing written


@pytest.mark.parametrize(("header", "expected"), [
    ("variant,metric,n,sum", "missing column sum_squares"),
    ("variant,metric,n,sum,sum_square", ":1: column sum_square: is not a column of the statistics table "
                                        "(did you mean 'sum_squares'?)"),
])
def test_bad_headers(capsys: pytest.CaptureFixture[str], tmp_path: Path, header: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(header + "\nA,orders,100,5,5\n")
    code, _, err = _run(capsys, "experiment", "analyze", str(path))
    assert code == 1 and expected in err


def test_ratio_and_cuped_columns_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "A,m,100,50,100,,40,60,,,\nB,m,100,50,100,20,40,60,,,\n"
                    "A,k,100,50,100,,,,40,10,20\nB,k,100,50,100,,,,40,30,20\n"
                    "A,r,100,50,100,20,40,900,,,\nB,r,100,50,100,20,40,60,,,\n")
    code, _, err = _run(capsys, "experiment", "analyze", str(path))
    assert code == 1
    assert "bad.csv:2: column denominator_sum: is empty, but a ratio metric needs all of" in err
    assert "bad.csv:4: column pre_sum_squares: 10 is impossible for pre_sum 40 over n 100" in err
    assert "bad.csv:6: column cross_sum: 900 is impossible" in err
    assert "3 problems in the statistics (listed above); nothing was computed" in err


@pytest.mark.parametrize(("args", "expected"), [
    (["--weights", "0.5,0.4"], "weights: they sum to 0.9; they must sum to 1"),
    (["--weights", "0.5,0.3,0.2"], "weights: 3 given for 2 variants"),
    (["--weights", "half,half"], "--weights: 'half,half'; give one number per variant"),
    (["--alpha", "1.5"], "alpha: 1.5 must be between 0 and 1"),
    (["--engine", "magic"], "engine: 'magic'; use one of frequentist, bayesian, sequential"),
    (["--engine", "bayesian", "--correction", "holm"], "the Bayesian engine has none"),
    (["--correction", "bonferroni"], "correction: 'bonferroni'; use holm or bh"),
    (["--format", "yaml"], "--format: 'yaml'; use text or json"),
])
def test_bad_options(capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expected: str) -> None:
    path = tmp_path / "ok.csv"
    path.write_text("variant,metric,n,sum,sum_squares\nA,orders,100,5,5\nB,orders,100,6,6\n")
    code, out, err = _run(capsys, "experiment", "analyze", str(path), *args)
    assert code == 1 and out == "" and expected in err


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "experiment", "analyze", str(tmp_path / "none.csv"))
    assert code == 1 and "none.csv: no such file" in err


@settings(max_examples=200)
@given(st.one_of(st.text(max_size=100), st.text(alphabet="ab,\n\"01-.e5 x", max_size=200).map(
    lambda rows: "variant,metric,n,sum,sum_squares\n" + rows)))
def test_any_text_is_read_or_refused_clearly(text: str) -> None:
    try:
        table = parse_table(text, "fuzz.csv")
    except ValidationFailed as exc:
        assert exc.message.startswith("fuzz.csv") and exc.details
    else:
        assert len(table.variants) >= 2 and table.metrics


def test_power(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "experiment", "power", "--rate", "0.1", "--effect", "0.05", "--users", "100000",
                        "--format", "json")
    result = json.loads(out)
    assert code == 0 and 0 < result["power"] < 1 and result["mde"] > 0
    assert result["users_needed"] == 2 * result["users_per_variant_needed"]
    code, out, _ = _run(capsys, "experiment", "power", "--mean", "10", "--sd", "4", "--effect", "0.02")
    assert code == 0 and "To detect +2.00% with 80% power:" in out
    code, _, err = _run(capsys, "experiment", "power", "--rate", "1.2", "--effect", "0.02")
    assert code == 1 and "--rate: 1.2 must be between 0 and 1" in err
    code, _, err = _run(capsys, "experiment", "power", "--mean", "10", "--sd", "40", "--users", "10")
    assert code == 1 and "too few users" in err


def _loaded(*args: str) -> set[str]:
    probe = ("import sys\nfrom dayone.cli.main import run\ntry:\n    run(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'scipy'}), file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": str(Path(dayone.__file__).parents[1]), "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env, timeout=120)
    return set(json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"')))


def test_the_command_line_loads_numpy_and_scipy_only_to_compute(stats_file: Path) -> None:
    assert _loaded("--help") == set()
    assert _loaded("experiment", "--help") == set()
    assert _loaded("experiment", "analyze", str(stats_file)) == {"numpy", "scipy"}
