"""Statistics computed from an experiment's data file in DuckDB: equal to NumPy's sums over the same
rows, identifiers taken only from the file's own columns, and bad files refused with what to do."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dayone.auth.permissions import Actor
from dayone.errors import InvalidInput, ValidationFailed
from dayone.experiments import service
from dayone.experiments.schemas import TransitionIn
from dayone.workspace import Workspace

ROWS = 400


def _units(seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    arm = np.array(["control", "treatment"])[rng.integers(0, 2, ROWS)]
    pre = rng.gamma(2.0, 10.0, ROWS).round(2)
    return {"arm": arm, "conversion": rng.integers(0, 2, ROWS).astype(float),
            "revenue": (pre * 0.8 + rng.normal(5, 3, ROWS)).round(2), "pre revenue": pre,
            "sessions": rng.integers(1, 6, ROWS).astype(float), 'odd "name"': rng.normal(0, 1, ROWS).round(3)}


def _write_csv(path: Path, units: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(units))
        for i in range(ROWS):
            writer.writerow([units[k][i] for k in units])


def _compute(ws: Workspace, actor: Actor, experiment_id: int) -> None:
    with ws.session() as session:
        service.compute_statistics(session, actor, experiment_id)


@pytest.fixture
def running(ws: Workspace, actors: dict[str, Actor], design: Callable[..., int]) -> Callable[..., int]:
    def make(data_file: str, columns: dict[str, object], **fields: object) -> int:
        made = design(guardrails=[], data_file=data_file, variant_column="arm", metric_columns=columns, **fields)
        with ws.session() as session:
            service.transition(session, actors["member"], made, TransitionIn(status="running"))
        return made

    return make


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_the_sums_equal_numpys_over_the_same_rows(ws: Workspace, actors: dict[str, Actor],
                                                  running: Callable[..., int], kind: str) -> None:
    units = _units()
    data = ws.settings.home / "data" / f"units.{kind}"
    if kind == "csv":
        _write_csv(data, units)
    else:
        data.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table({k: pa.array(v) for k, v in units.items()}), data)
    made = running(f"units.{kind}", {"conversion": "conversion",
                                     "revenue": {"column": "revenue", "pre": "pre revenue"},
                                     "per_session": {"column": "revenue", "denominator": "sessions"},
                                     "odd": 'odd "name"'})
    _compute(ws, actors["member"], made)
    with ws.session() as session:
        experiment = service.get(session, made)
        stored = {(s.variant, s.metric): s for s in experiment.statistics}
        assert experiment.results_source == f"units.{kind}"
    for variant in ("control", "treatment"):
        mask = units["arm"] == variant
        x, p, d = units["revenue"][mask], units["pre revenue"][mask], units["sessions"][mask]
        cuped = stored[(variant, "revenue")]
        assert cuped.n == mask.sum()
        assert (cuped.sum, cuped.sum_squares) == pytest.approx((x.sum(), (x * x).sum()), rel=1e-12)
        assert (cuped.pre_sum, cuped.pre_sum_squares, cuped.pre_cross_sum) == pytest.approx(
            (p.sum(), (p * p).sum(), (x * p).sum()), rel=1e-12)
        ratio = stored[(variant, "per_session")]
        assert (ratio.denominator_sum, ratio.denominator_sum_squares, ratio.cross_sum) == pytest.approx(
            (d.sum(), (d * d).sum(), (x * d).sum()), rel=1e-12)
        odd = units['odd "name"'][mask]
        assert stored[(variant, "odd")].sum_squares == pytest.approx((odd * odd).sum(), rel=1e-12)


@pytest.mark.parametrize(("columns", "rows", "message"), [
    ({"conversion": "convrsion"}, None, "no column 'convrsion' (metric conversion); did you mean 'conversion'?"),
    ({"conversion": 'conversion" FROM raw; --'}, None, "no column 'conversion\" FROM raw; --'"),
    ({"conversion": "conversion"}, [("control", "1"), ("treatment", "yes")], "'yes' is not a number"),
    ({"conversion": "conversion"}, [("control", "1"), ("treatment", "")], "3 rows empty; every unit needs a value"),
    ({"conversion": "conversion"}, [("control", "1"), ("control", "0")], "names only variant 'control'"),
    ({"conversion": "conversion"}, [("control", "1"), ("", "0")], "name no variant"),
])
def test_a_bad_file_or_column_is_refused_and_nothing_stored(ws: Workspace, actors: dict[str, Actor],
                                                           running: Callable[..., int], columns: dict[str, str],
                                                           rows: list[tuple[str, str]] | None, message: str) -> None:
    data = ws.settings.home / "data" / "units.csv"
    if rows is None:
        _write_csv(data, _units())
    else:
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_text("arm,conversion\n" + "".join(f"{a},{c}\n" for a, c in rows * 3))
    made = running("units.csv", columns)
    with pytest.raises(ValidationFailed) as caught:
        _compute(ws, actors["member"], made)
    assert message in caught.value.message
    with ws.session() as session:
        assert service.get(session, made).statistics == []


def test_a_missing_file_or_one_outside_the_data_folder_is_refused(ws: Workspace, actors: dict[str, Actor],
                                                                  running: Callable[..., int],
                                                                  design: Callable[..., int], tmp_path: Path) -> None:
    made = running("nowhere.csv", {})
    with pytest.raises(ValidationFailed, match=r"no file nowhere\.csv in the workspace's data folder"):
        _compute(ws, actors["member"], made)
    outside = tmp_path / "outside.csv"
    _write_csv(outside, _units())
    with pytest.raises(InvalidInput, match="outside the folders"):
        design(data_file=str(outside))
    with pytest.raises(InvalidInput, match="is a pattern"):
        design(data_file="units*.csv")
