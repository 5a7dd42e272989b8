"""A row's day never depends on the machine's time zone (every test here runs under two, see
tests/timezones.py): a timestamp with a UTC offset belongs to the day written in it; a source's
``timezone`` turns instants into that zone's days; Parquet's zoned timestamps are UTC days
unless the source declares a zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dayone.metrics import spec
from dayone.metrics.compute import Engine

# each row's instant is late in the evening or early in the morning where it was written, so
# that UTC, UTC+14 and UTC-11 put it on three different days
WRITTEN = [
    ("2024-06-23T23:30:00-05:00", date(2024, 6, 23)),  # 04:30 UTC on the 24th
    ("2024-06-24 00:30:00+02:00", date(2024, 6, 24)),  # 22:30 UTC on the 23rd
    ("2024-06-25T23:59:59Z", date(2024, 6, 25)),
    ("2024-06-26T00:00:00.250+0930", date(2024, 6, 26)),
    ("2024-06-27 23:00:00 UTC", date(2024, 6, 27)),
    ("2024-06-28T21:00:00-03", date(2024, 6, 28)),
    ("2024-06-29T01:00:00+14:00", date(2024, 6, 29)),  # 11:00 UTC on the 28th
]


def engine_days(folder: Path, source: str, rows: list[str], column_type: str = "csv") -> dict[date, int]:
    (folder / "m.yaml").write_text(f"setup: {{week_ending: saturday}}\nsources:\n  d: {{{source}}}\n"
                                   "metrics:\n  n: {source: d, aggregation: count}\n")
    if column_type == "csv":
        (folder / "d.csv").write_text("at,x\n" + "".join(f"{r},1\n" for r in rows))
    with Engine(spec.load(folder / "m.yaml")) as engine:
        return dict(engine.con.execute("SELECT __day, count(*) FROM src_d GROUP BY 1 ORDER BY 1").fetchall())


@pytest.mark.parametrize("rows", [WRITTEN, [w for w in WRITTEN if "T" in w[0] and w[0][-1] != "3"]],
                         ids=["every form", "ISO 8601"])
def test_a_timestamp_belongs_to_the_day_written_in_it(tmp_path: Path, rows: list[tuple[str, date]]) -> None:
    days = engine_days(tmp_path, "csv: d.csv, date_column: at", [r for r, _ in rows])
    assert days == {d: 1 for _, d in rows}


def test_the_week_holds_the_rows_written_in_it(tmp_path: Path) -> None:
    """Through the whole engine: the week of 23-29 June holds the seven rows, whatever the machine."""
    engine_days(tmp_path, "csv: d.csv, date_column: at", [r for r, _ in WRITTEN])
    with Engine(spec.load(tmp_path / "m.yaml")) as engine:
        week = engine.compute(date(2024, 6, 29))["metrics"]["n"]["weeks"][-1]
    assert week["value"] == 7 and week["complete"]


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York", "UTC"])
def test_a_declared_time_zone_gives_that_zones_days(tmp_path: Path, zone: str) -> None:
    rows = [r for r, _ in WRITTEN] + ["2024-06-30 23:30:00"]  # no offset: a wall-clock time of the zone
    days = engine_days(tmp_path, f"csv: d.csv, date_column: at, timezone: {zone}", rows)
    expected: dict[date, int] = {}
    for text, _ in WRITTEN:
        instant = datetime.fromisoformat(text.replace(" UTC", "+00:00").replace("Z", "+00:00")
                                         .replace("-03", "-03:00").replace("+0930", "+09:30"))
        day = instant.astimezone(_zone(zone)).date()
        expected[day] = expected.get(day, 0) + 1
    expected[date(2024, 6, 30)] = expected.get(date(2024, 6, 30), 0) + 1
    assert days == expected


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def test_zoned_parquet_timestamps_are_utc_days_unless_a_zone_is_declared(tmp_path: Path) -> None:
    instants = [datetime(2024, 6, 23, 23, 30, tzinfo=UTC) + timedelta(days=i) for i in range(7)]
    pq.write_table(pa.table({"at": pa.array(instants, pa.timestamp("us", tz="UTC")), "x": [1] * 7}),
                   tmp_path / "d.parquet")
    utc = engine_days(tmp_path, "parquet: d.parquet, date_column: at", [], "parquet")
    assert utc == {date(2024, 6, 23) + timedelta(days=i): 1 for i in range(7)}
    tokyo = engine_days(tmp_path, "parquet: d.parquet, date_column: at, timezone: Asia/Tokyo", [], "parquet")
    assert tokyo == {date(2024, 6, 24) + timedelta(days=i): 1 for i in range(7)}


def test_naive_timestamps_keep_their_day(tmp_path: Path) -> None:
    rows = [f"2024-06-{d} 23:59:59" for d in range(23, 30)]
    assert engine_days(tmp_path, "csv: d.csv, date_column: at", rows) == \
        {date(2024, 6, d): 1 for d in range(23, 30)}


def test_postgresql_instants_are_utc_days_whatever_the_servers_zone(tmp_path: Path, postgres_url: str) -> None:
    """Ibis opens its PostgreSQL sessions in UTC: a guard that it stays so."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(postgres_url)
    name = make_url(postgres_url).database
    with engine.begin() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" SET timezone TO \'Pacific/Kiritimati\''))
        conn.execute(text("DROP TABLE IF EXISTS events"))
        conn.execute(text("CREATE TABLE events (at TIMESTAMPTZ, n INT)"))
        conn.execute(text("INSERT INTO events VALUES (CAST(:at AS TIMESTAMPTZ), 1)"),
                     [{"at": f"2024-06-{d} 23:30:00+00"} for d in range(23, 30)])
    try:
        (tmp_path / "m.yaml").write_text(
            f"sources:\n  d: {{sql: 'SELECT * FROM events', database: '{postgres_url}', date_column: at}}\n"
            "metrics:\n  n: {source: d, column: n}\n")
        with Engine(spec.load(tmp_path / "m.yaml")) as built:
            weeks = built.compute(date(2024, 6, 29))["metrics"]["n"]["weeks"]
        assert [w["value"] for w in weeks[-2:]] == [None, 7]  # in Kiritimati, the 29th's row is the 30th
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" RESET timezone'))
        engine.dispose()
