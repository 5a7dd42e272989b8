"""Experiment records through the service: design, status moves, statistics, the decision they feed,
who may do what, and bad input refused while changing nothing — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from dayone.auth.permissions import CLI_ACTOR, Actor
from dayone.decisions.models import Decision, DecisionLink
from dayone.errors import Conflict, InvalidInput, PermissionDenied, ValidationFailed
from dayone.experiments import service
from dayone.experiments.models import Experiment, ExperimentStatistic
from dayone.experiments.schemas import ExperimentCreate, ExperimentUpdate, TransitionIn
from dayone.workspace import Workspace
from tests.experiments.conftest import DESIGN, STATS


def _count(ws: Workspace, model: type) -> int:
    with ws.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _move(ws: Workspace, actor: Actor, experiment_id: int, status: str, **extra: str) -> Experiment:
    with ws.session() as session:
        return service.transition(session, actor, experiment_id, TransitionIn.model_validate({"status": status,
                                                                                              **extra}))


def _store(ws: Workspace, actor: Actor, experiment_id: int, text: str) -> None:
    with ws.session() as session:
        service.store_statistics(session, actor, experiment_id, text, "stats.csv")


def test_a_design_is_stored_with_its_defaults_and_listed_with_the_portfolio(
        ws: Workspace, actors: dict[str, Actor], design: Callable[..., int]) -> None:
    first = design()
    second = design(title="Free shipping banner", variants=[{"name": "a", "weight": 0.2}, {"name": "b", "weight": 0.8}])
    with ws.session() as session:
        made = service.get(session, first)
        assert made.status == "designed" and made.owner_id == actors["member"].person_id
        assert made.variants == [{"name": "control", "weight": 0.5}, {"name": "treatment", "weight": 0.5}]
        assert made.guardrails == [{"metric": "page_load_ms", "bad_direction": "up"}]
        page, total = service.list_page(session, limit=1, offset=1)
        assert total == 2 and [e.id for e in page] == [first]  # newest first: the second page holds the first
        assert service.portfolio(session)["designed"] == 2 and service.portfolio(session)["tested"] == 0
    assert second > first


@pytest.mark.parametrize(("fields", "message"), [
    ({"variants": [{"name": "a", "weight": 0.5}, {"name": "b", "weight": 0.4}]}, "they sum to 0.9; they must sum to 1"),
    ({"variants": [{"name": "a", "weight": 1.5}, {"name": "b", "weight": -0.5}]}, "each must be a positive number"),
    ({"variants": [{"name": "a", "weight": 0.5}, {"name": "a", "weight": 0.5}]}, "a named twice"),
    ({"guardrails": [{"metric": "conversion"}]}, "is the primary metric"),
    ({"minimum_effect": 0}, "minimum_effect: give the smallest relative effect"),
    ({"compute_sample_size": True}, "baseline_mean: give the primary metric's mean"),
    ({"compute_sample_size": True, "baseline_mean": 3.0}, "without it the baseline is a rate"),
    ({"document_id": 999}, "document_id: no document you can read has id 999"),
    ({"data_file": "../secret.csv"}, "data_file:"),
    ({"data_file": "units.xlsx"}, "is neither a .csv nor a .parquet file"),
])
def test_a_bad_design_is_refused_and_nothing_is_stored(ws: Workspace, design: Callable[..., int],
                                                        fields: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        design(**fields)
    assert message in caught.value.message
    assert _count(ws, Experiment) == 0


def test_the_sample_size_comes_from_the_power_library(ws: Workspace, design: Callable[..., int]) -> None:
    from dayone.experiments import power

    made = design(baseline_mean=0.1, compute_sample_size=True,
                  variants=[{"name": "control", "weight": 0.25}, {"name": "treatment", "weight": 0.75}])
    per_variant = power.sample_size(power.PowerDesign(mean=0.1, variance=0.09), 0.02)
    with ws.session() as session:  # the smaller variant, a quarter of the traffic, must reach the per-variant size
        assert service.get(session, made).planned_sample_size == per_variant * 4


def test_statuses_move_only_forward_one_step(ws: Workspace, actors: dict[str, Actor],
                                             design: Callable[..., int]) -> None:
    made = design()
    member = actors["member"]
    for illegal in ("stopped", "decided"):
        with pytest.raises(Conflict) as caught:
            _move(ws, member, made, illegal)
        assert "cannot become" in caught.value.message and "it can only become running next" in caught.value.message
    _move(ws, member, made, "running")
    with pytest.raises(Conflict):
        _move(ws, member, made, "running")
    _move(ws, member, made, "stopped")
    with pytest.raises(Conflict, match="it can only become decided next"):
        _move(ws, member, made, "running")
    with ws.session() as session:
        assert service.get(session, made).status == "stopped"


def test_deciding_writes_the_decision_into_the_log_and_the_portfolio_counts_a_stopped_idea(
        ws: Workspace, actors: dict[str, Actor], design: Callable[..., int]) -> None:
    made = design()
    member = actors["member"]
    _move(ws, member, made, "running")
    _store(ws, member, made, STATS)
    _move(ws, member, made, "stopped")
    with pytest.raises(InvalidInput, match="outcome: choose launch, iterate or stop"):
        _move(ws, member, made, "decided")
    with pytest.raises(InvalidInput, match="learning: this field is required"):
        _move(ws, member, made, "decided", outcome="stop")
    assert _count(ws, Decision) == 0
    _move(ws, member, made, "decided", outcome="stop", learning="Page speed matters more than button size.")
    with ws.session() as session:
        experiment = service.get(session, made)
        decision = session.get(Decision, experiment.decision_id)
        assert decision is not None and decision.status == "decided" and decision.choice == "stop"
        assert decision.title == "Stop Bigger buy button" and decision.owner_id == member.person_id
        assert decision.reasoning == "Page speed matters more than button size."
        assert "Guardrail page_load_ms regressed" not in decision.context  # the headline is the primary metric's
        assert "raised conversion by 10.0%" in decision.context
        links = session.scalars(select(DecisionLink).where(DecisionLink.decision_id == decision.id)).all()
        assert [(link.kind, link.target) for link in links] == [("experiment", f"/experiments/{made}")]
        counts = service.portfolio(session)
        assert counts["stop"] == 1 and counts["tested"] == 1 and counts["decided"] == 1
    with pytest.raises(Conflict, match="decided"):
        _move(ws, member, made, "decided", outcome="launch", learning="again")
    with pytest.raises(Conflict, match="its results are kept"):
        _store(ws, member, made, STATS)


def test_the_design_is_fixed_once_running_and_a_stale_edit_is_refused(
        ws: Workspace, actors: dict[str, Actor], design: Callable[..., int]) -> None:
    made = design()
    member = actors["member"]
    with ws.session() as session:
        service.update(session, member, made, ExperimentUpdate(version=1, minimum_effect=0.05, title="Renamed"))
    with ws.session() as session, pytest.raises(Conflict, match="you edited version 1, it is now at version 2"):
        service.update(session, member, made, ExperimentUpdate(version=1, title="Lost"))
    _move(ws, member, made, "running")
    with ws.session() as session, pytest.raises(Conflict, match="minimum_effect: fixed once the experiment runs"):
        service.update(session, member, made, ExperimentUpdate(version=3, minimum_effect=0.01))
    with ws.session() as session:
        service.update(session, member, made, ExperimentUpdate(version=3, hypothesis="Clearer now."))
        kept = service.get(session, made)
        assert (kept.title, kept.minimum_effect, kept.hypothesis) == ("Renamed", 0.05, "Clearer now.")


def test_owner_team_and_admins_edit_viewers_and_outsiders_read(
        ws: Workspace, actors: dict[str, Actor], design: Callable[..., int]) -> None:
    with ws.session() as session, pytest.raises(PermissionDenied, match="Only members and above"):
        service.create(session, actors["viewer"], ExperimentCreate.model_validate(DESIGN))
    made = design()
    with pytest.raises(PermissionDenied, match="Only members and above may move to running; you are a viewer"):
        _move(ws, actors["viewer"], made, "running")
    with pytest.raises(PermissionDenied, match="only its owner, the owner's team and admins may"):
        _move(ws, actors["outsider"], made, "running")
    _move(ws, actors["admin"], made, "running")
    _move(ws, CLI_ACTOR, made, "stopped")
    with ws.session() as session:
        experiment = service.get(session, made)
        assert service.can_edit(session, actors["member"], experiment)
        assert not service.can_edit(session, actors["viewer"], experiment)


def test_a_team_mate_of_the_owner_may_edit(ws: Workspace, actors: dict[str, Actor]) -> None:
    from dayone.org import service as org
    from dayone.org.models import Person, Team
    from dayone.org.schemas import PersonUpdate

    with ws.session() as session:  # the outsider joins the owner's (the member's) team
        team = session.scalar(select(Team).where(Team.name == "Core"))
        person = session.get(Person, actors["outsider"].person_id)
        org.update_person(session, CLI_ACTOR, person.id, PersonUpdate(version=person.version, team_id=team.id))
        made = service.create(session, actors["member"], ExperimentCreate.model_validate(DESIGN)).id
    _move(ws, actors["outsider"], made, "running")


BAD_STATISTICS = [
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,0,0,0\ntreatment,conversion,100,10,10\n",
     "variant 'control' has no units for metric 'conversion'"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,-5,1,1\ntreatment,conversion,100,10,10\n",
     "-5 is negative"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,100,50,10\ntreatment,conversion,100,10,10\n",
     "sum_squares"),
    ("variant,metric,n,sum,sum_squares\ncontrol,page_load_ms,100,50,100\ntreatment,page_load_ms,100,10,10\n",
     "metric 'conversion' (the primary metric) has no rows"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,100,10,10\ntreatment,conversion,100,10,10\n",
     "metric 'page_load_ms' (the guardrail) has no rows"),
    ("variant,metric,n,sum,sum_squares\ncontrol,conversion,100,10,10\ntreatmnt,conversion,100,10,10\n"
     "control,page_load_ms,100,50,100\ntreatmnt,page_load_ms,100,50,100\n",
     "variant 'treatmnt' is not one of the experiment's variants (control, treatment) (did you mean 'treatment'?)"),
    ("variant,metric,n,sum\ncontrol,conversion,100,10\n", "missing column sum_squares"),
    ("", "is empty"),
]


@pytest.mark.parametrize(("text", "message"), BAD_STATISTICS)
def test_bad_statistics_are_refused_and_the_stored_ones_kept(ws: Workspace, actors: dict[str, Actor],
                                                             design: Callable[..., int], text: str,
                                                             message: str) -> None:
    made = design()
    member = actors["member"]
    _move(ws, member, made, "running")
    _store(ws, member, made, STATS)
    with pytest.raises(ValidationFailed) as caught:
        _store(ws, member, made, text)
    found = caught.value.message + " " + " ".join(str(d.get("message")) for d in caught.value.details or [])
    assert message in found
    with ws.session() as session:
        stored = session.scalars(select(ExperimentStatistic).where(ExperimentStatistic.experiment_id == made)).all()
        assert sorted((s.variant, s.metric, s.n) for s in stored) == [
            ("control", "conversion", 10000), ("control", "page_load_ms", 10000),
            ("treatment", "conversion", 10000), ("treatment", "page_load_ms", 10000)]


def test_statistics_wait_for_the_start(ws: Workspace, actors: dict[str, Actor], design: Callable[..., int]) -> None:
    made = design()
    with pytest.raises(Conflict, match="Start the experiment before entering its results"):
        _store(ws, actors["member"], made, STATS)
    assert _count(ws, ExperimentStatistic) == 0


def test_the_analysis_reads_the_stored_statistics_under_the_design(ws: Workspace, actors: dict[str, Actor],
                                                                   design: Callable[..., int]) -> None:
    from dayone.experiments.analysis import analyze
    from dayone.experiments.table import parse_table

    made = design(variants=[{"name": "control", "weight": 0.5}, {"name": "treatment", "weight": 0.5}])
    _move(ws, actors["member"], made, "running")
    # the file names the treatment first: the experiment's control stays the control
    reordered = "\n".join([STATS.splitlines()[0], *reversed(STATS.splitlines()[1:])]) + "\n"
    _store(ws, actors["member"], made, reordered)
    with ws.session() as session:
        result = service.analysis(session, service.get(session, made))
    assert result is not None and result["control"] == "control" and result["metrics"][0] == "conversion"
    direct = analyze(parse_table(STATS)).to_dict()
    assert [r["effect"] for r in result["results"]] == pytest.approx([r["effect"] for r in direct["results"]],
                                                                     rel=1e-12)
    reading = result["reading"]
    assert reading["srm_passed"] and reading["regressions"] == 1
    assert reading["guardrails"][0]["status"] == "regressed"
    assert reading["headline"][0].startswith("treatment raised conversion by 10.0% against control")


def test_an_owner_keeps_their_experiments_until_handed_on(ws: Workspace, actors: dict[str, Actor],
                                                          design: Callable[..., int]) -> None:
    from dayone.org import service as org

    made = design()
    with ws.session() as session, pytest.raises(Conflict, match="1 experiment\\(s\\) as owner: give them another"):
        org.delete_person(session, CLI_ACTOR, actors["member"].person_id)
    with ws.session() as session:
        service.update(session, actors["member"], made, ExperimentUpdate(version=1, owner_id=actors["admin"].person_id))
    with ws.session() as session:
        org.delete_person(session, CLI_ACTOR, actors["member"].person_id)
        assert service.get(session, made).owner_id == actors["admin"].person_id
