"""The demo company's experiments: every status, a failed idea whose lesson fed a decision, a
sample-ratio mismatch and a CUPED example — created once."""

from __future__ import annotations

from sqlalchemy import func, select

from dayone.demo.company import ensure_demo
from dayone.experiments import service
from dayone.experiments.models import Experiment
from dayone.workspace import Workspace


def test_the_demo_holds_experiments_in_every_status(ws: Workspace) -> None:
    ensure_demo(ws)
    with ws.session() as session:
        experiments = {e.title: e for e in session.scalars(select(Experiment))}
        assert {e.status for e in experiments.values()} == {"designed", "running", "stopped", "decided"}
        failed = experiments["Autoplay product videos"]
        assert failed.outcome == "stop" and failed.decision is not None and failed.decision.choice == "stop"
        assert "Speed matters more" in failed.decision.reasoning
        reading = service.analysis(session, failed)
        assert reading is not None and reading["reading"]["regressions"] == 1
        assert reading["reading"]["comparisons"][0]["verdict"] == "unclear"
        launched = experiments["One-click reorder button"]
        assert launched.outcome == "launch" and service.analysis(session, launched)["reading"]["srm_passed"]
        mismatch = service.analysis(session, experiments["Free shipping over $35"])
        assert mismatch is not None and not mismatch["srm"]["passed"] and mismatch["reading"]["srm_warning"]
        cuped = service.analysis(session, experiments["Delivery date on product pages"])
        assert cuped is not None and cuped["engine"] == "sequential"
        revenue = next(r for r in cuped["results"] if r["metric"] == "revenue")
        assert revenue["cuped_theta"] is not None and revenue["cuped_theta"] > 0.5
        assert [v["value"] for v in cuped["breakdowns"][0]["values"]][:2] == ["mobile", "desktop"]
        days = cuped["timeline"]
        assert len(days) == 8 and days[-1]["results"][0]["n_control"] == 24000
        assert experiments["Gift card upsell at checkout"].planned_sample_size > 0
        market = service.market_analysis(experiments["Same-day delivery in two metros (market test)"])
        assert market is not None and market["method"] == "synthetic" and market["treated"] == ["Lyon", "Porto"]
        assert 0.06 < market["relative_effect"] < 0.10 and market["p_value"] == 1 / 13
        counts = service.portfolio(session)
        assert (counts["tested"], counts["launch"], counts["stop"]) == (5, 1, 1)
    ensure_demo(ws)
    with ws.session() as session:
        assert session.scalar(select(func.count()).select_from(Experiment)) == len(experiments)
