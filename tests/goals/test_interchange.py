"""Goals in and out: the layouts goal tools export, Day One's CSV and YAML, all or none, every
fault named with its file, line and column; CSV out reads back in."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.auth.permissions import Actor
from dayone.errors import ValidationFailed
from dayone.goals import interchange, plans, service
from dayone.workspace import Workspace

BETTERWORKS = ("Goal Name,Owner,Owner Email,Start Date,Due Date,Progress\n"
               "Ship the new onboarding by 1 May 2026,Max Member,max@example.com,2026-01-01,2026-05-01,0\n")
PEOPLECUES = ("Objective ID,Owner Email ID,Objective Title,Metric Name,Metric Value,Target Value,Deadline,Period\n"
              "OBJ-1,max@example.com,Reach 7000 orders a week by year end,orders,6800,7000,2026-12-31,week\n")
MIRRO = ("Objective Action,Objective ID,Objective Title,Objective Description,Objective Type,Objective Type Value,"
         "Objective Owner,Objective Deadline\n"
         "add,,Launch the partner API by 30 June 2026,For partners,team,CORE,max@example.com,2026-06-30\n")
DAYONE_YAML = """goals:
  - text: Reach 7,000 orders a week by 31 December 2026.
    owner: max@example.com
    due: 2026-12-31
    metric: orders
    target: 7000
    period: week
    s_team: true
  - text: Ship the import by 1 May 2026.
    owner: Max Member
    due: 2026-05-01
    milestones: [{text: Beta}]
"""


def _import(ws: Workspace, actor: Actor, plan_id: int, text: str, file: str) -> list[int]:
    with ws.session() as session:
        return [g.id for g in interchange.import_text(session, actor, plan_id, text, file=file)]


@pytest.mark.parametrize(("text", "layout", "kind"), [
    (BETTERWORKS, "Betterworks", "initiative"), (PEOPLECUES, "PeopleCues", "metric"), (MIRRO, "Mirro", "initiative")])
def test_each_tool_s_export_is_read(metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int,
                                   text: str, layout: str, kind: str) -> None:
    assert interchange.layout_of(next(csv.reader(io.StringIO(text)))) == layout
    made = _import(metrics_ws, actors["member"], plan_id, text, "export.csv")
    with metrics_ws.session() as session:
        goal = service.get(session, made[0])
        assert (goal.kind, goal.owner.email) == (kind, "max@example.com")


def test_day_one_yaml_is_read_with_its_fields(metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int) -> None:
    made = _import(metrics_ws, actors["member"], plan_id, DAYONE_YAML, "goals.yaml")
    with metrics_ws.session() as session:
        first, second = (service.get(session, i) for i in made)
        assert (first.metric, first.target, first.s_team) == ("orders", 7000, True)
        assert (second.kind, second.milestones[0]["text"]) == ("initiative", "Beta")


def test_every_fault_is_named_by_file_line_and_column_and_nothing_is_imported(
        metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int) -> None:
    text = ("text,owner,due,metric,target,period\n"
            "Good goal by 1 May 2026,max@example.com,2026-05-01,,,\n"
            "Bad metric,max@example.com,2026-05-01,ordrs,7000,week\n"
            "\n"
            "Bad date,max@example.com,2025-05-01,,,\n"
            "Nobody,nobody@example.com,2026-05-01,,,\n")
    with metrics_ws.session() as session, pytest.raises(ValidationFailed) as caught:
        interchange.import_text(session, actors["member"], plan_id, text, file="goals.csv")
    found = [d["message"] for d in caught.value.details]
    assert found[0].startswith("goals.csv, line 3, column 4 (metric): metric: the WBR has no metric 'ordrs'")
    assert found[1].startswith("goals.csv, line 5, column 3 (due): due: 2025-05-01 is before planning year 2026")
    assert found[2].startswith("goals.csv, line 6, column 2 (owner): owner: no person")
    with metrics_ws.session() as session:
        assert service.list_all(session) == []


@pytest.mark.parametrize(("text", "words"), [
    ("", "line 1: the file is empty"),
    ("goal,when\nx,y\n", "line 1: the header has no column for owner, due"),
    ('text,owner,due\n"unclosed,max@example.com,2026-05-01\n', "goals.csv, line"),
    ("text,owner,due\na,b,c,d\n", "line 2, column 4: the row has 4 cells"),
])
def test_a_broken_file_is_refused_with_its_place(metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int,
                                                 text: str, words: str) -> None:
    with metrics_ws.session() as session, pytest.raises(ValidationFailed) as caught:
        interchange.import_text(session, actors["member"], plan_id, text, file="goals.csv")
    assert words in caught.value.message


def test_csv_out_reads_back_in(metrics_ws: Workspace, actors: dict[str, Actor], plan_id: int,
                               make_goal: Callable[..., int]) -> None:
    make_goal(s_team=True)
    make_goal(metric="conversion", target="12.5%", text="=HYPERLINK(1) conversion at 12.5% by year end")
    with metrics_ws.session() as session:
        exported = interchange.to_csv(plans.get(session, plan_id))
        markdown = interchange.to_markdown(plans.get(session, plan_id))
    assert "'=HYPERLINK" in exported  # a spreadsheet would run it as a formula
    assert "**(S-Team)**" in markdown
    rows = list(csv.DictReader(io.StringIO(exported.replace("'=HYPERLINK", "HYPERLINK"))))
    assert [r["target"] for r in rows] == ["7000", "0.125"]


cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=5),
       header=st.lists(st.sampled_from(["text", "owner", "due", "metric", "target", "period", "x", "Goal Name"]),
                       max_size=7))
def test_any_csv_is_read_or_refused_clearly(header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        for line, fields, columns, names in interchange.read_csv(out.getvalue(), file="f.csv"):
            assert line >= 2 and set(fields) <= set(interchange.ALIASES)
            assert all(0 <= i < len(names) for i in columns.values())
    except ValidationFailed as exc:
        assert exc.message.startswith("f.csv, line ")
