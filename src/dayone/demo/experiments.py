"""The demo company's experiments: one in every status, a failed one whose lesson fed a decision,
one with a sample-ratio mismatch, a CUPED example (sequential, with its statistics by date and by
device) and a market test. Their statistics are sums over simulated units (a fixed seed), so every
number is one a real test could give."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from dayone.auth.models import Role
from dayone.auth.permissions import Actor
from dayone.db.base import utcnow
from dayone.org.models import Person


@dataclass(frozen=True)
class Arm:
    name: str
    units: int
    conversion: float = 0.031  # a unit's chance to order
    load_ms: float = 850.0  # mean page load
    revenue_lift: float = 0.0  # relative, on revenue per unit


@dataclass(frozen=True)
class DemoExperiment:
    title: str
    owner: str
    hypothesis: str
    primary: str
    guardrails: list[dict[str, str]]
    minimum_effect: float
    steps: tuple[str, ...]  # running, stopped, decided
    arms: tuple[Arm, ...] = ()
    engine: str = "frequentist"
    document: str | None = None
    outcome: str | None = None
    learning: str = ""
    days_ago: int = 30
    design: dict[str, Any] = field(default_factory=dict)
    sliced: bool = False  # statistics by device and cumulative by date too
    market: bool = False  # a market test: regions, not units


EXPERIMENTS = [
    DemoExperiment("Gift card upsell at checkout", "Tariq Rahman",
                   "Offering a gift card beside the basket lifts average order value: gifts are planned at checkout.",
                   "average_order_value", [{"metric": "conversion", "bad_direction": "down"}], 0.03, (),
                   document="Gift Cards", days_ago=2,
                   design={"planned_days": 21, "baseline_mean": 64.0, "baseline_sd": 48.0,
                           "compute_sample_size": True}),
    DemoExperiment("Delivery date on product pages", "Farid Haddad",
                   "Customers who see the delivery date before adding to cart buy more: the date answers their "
                   "first question. Revenue per visitor is read with CUPED on each visitor's previous four weeks.",
                   "revenue", [{"metric": "page_load_ms", "bad_direction": "up"}], 0.02, ("running",),
                   (Arm("control", 24000), Arm("treatment", 24000, revenue_lift=0.025)), engine="sequential",
                   document="Same-Day Delivery", days_ago=9, sliced=True),
    DemoExperiment("Free shipping over $35", "Chloe Dubois",
                   "A lower free-shipping threshold converts more first-time visitors.",
                   "conversion", [{"metric": "return_rate", "bad_direction": "up"}], 0.05, ("running", "stopped"),
                   # the assignment dropped part of the treatment's traffic: a sample-ratio mismatch
                   (Arm("control", 20000), Arm("treatment", 18900, conversion=0.034)), days_ago=26),
    DemoExperiment("One-click reorder button", "Maya Cohen",
                   "Repeat customers reorder a past basket when it takes one click.",
                   "conversion", [{"metric": "page_load_ms", "bad_direction": "up"}], 0.05,
                   ("running", "stopped", "decided"),
                   (Arm("control", 30000), Arm("treatment", 30000, conversion=0.0345)), document="One-Click Reorder",
                   outcome="launch", learning="Repeat customers use the button: conversion rose about 11% with no "
                   "cost in page speed. Launch to everyone and watch repeat_share in the WBR.", days_ago=70),
    DemoExperiment("Autoplay product videos", "Ines Silva",
                   "Videos that start on their own show the product better and lift conversion.",
                   "conversion", [{"metric": "page_load_ms", "bad_direction": "up"}], 0.03,
                   ("running", "stopped", "decided"),
                   (Arm("control", 25000), Arm("treatment", 25000, conversion=0.0308, load_ms=905.0)),
                   outcome="stop", learning="Autoplay did not move conversion (the interval includes no effect) and "
                   "slowed pages by about 6%. Speed matters more to our customers than motion: videos stay "
                   "click-to-play, and page weight is now reviewed before any media change.", days_ago=45),
    DemoExperiment("Same-day delivery in two metros (market test)", "Farid Haddad",
                   "Same-day delivery in Lyon and Porto lifts their weekly orders; other regions, without it, "
                   "show what would have happened. A city cannot be split into A and B: a market test.",
                   "orders", [], 0.05, ("running", "stopped"), document="Same-Day Delivery", days_ago=84,
                   market=True),
]
REGIONS = ("Lisbon", "Madrid", "Lyon", "Milan", "Hamburg", "Porto", "Seville", "Turin", "Bordeaux", "Munich",
           "Valencia", "Marseille", "Cologne", "Bologna")
TREATED = ("Lyon", "Porto")
DEVICES = (("mobile", 0.55), ("desktop", 0.3), ("tablet", 0.08), ("app", 0.05), ("tv", 0.02))


def _rows(rng: np.random.Generator, exp: DemoExperiment, today: date) -> str:
    """The statistics CSV of simulated units: conversion (0/1), page load, return rate (per order,
    a ratio) and revenue with its pre-period (CUPED); with ``exp.sliced``, by device too and
    cumulative by date (units enter evenly over the days run)."""
    lines = ["variant,metric,n,sum,sum_squares,denominator_sum,denominator_sum_squares,cross_sum,"
             "pre_sum,pre_sum_squares,pre_cross_sum,dimension,dimension_value,date"]
    for arm in exp.arms:
        n = arm.units
        orders = rng.binomial(1, arm.conversion, n).astype(float)
        load = rng.normal(arm.load_ms, 140.0, n)
        returns = orders * rng.binomial(1, 0.09, n)
        pre = rng.gamma(0.6, 11.0, n)
        revenue = (0.75 * pre + rng.gamma(0.5, 4.0, n)) * (1 + arm.revenue_lift)
        # a generator of its own: the other experiments' numbers stay those drawn before devices were
        device = np.random.default_rng(n).choice(len(DEVICES), n, p=[share for _, share in DEVICES])
        units = {"orders": orders, "load": load, "returns": returns, "pre": pre, "revenue": revenue}

        lines += _arm_rows(arm.name, units, np.ones(n, dtype=bool), ",,")
        if exp.sliced:
            for k, (name, _) in enumerate(DEVICES):
                lines += _arm_rows(arm.name, units, device == k, f"device,{name},")
            days = exp.days_ago - 1
            for d in range(1, days + 1):  # cumulative: the last day's are the whole experiment's
                lines += _arm_rows(arm.name, units, np.arange(n) < n * d // days,
                                   f",,{today - timedelta(days=days - d)}")
    return "\n".join(lines) + "\n"


def _arm_rows(name: str, units: dict[str, np.ndarray], keep: np.ndarray, labels: str) -> list[str]:
    """One arm's four metrics' rows over the units ``keep`` selects, ``labels`` as the last cells."""
    orders, load, returns, pre, revenue = (units[k][keep] for k in ("orders", "load", "returns", "pre", "revenue"))
    one = np.ones(len(orders))

    def sums(*pairs: tuple[np.ndarray, np.ndarray]) -> str:
        return ",".join(repr(float((a * b).sum())) for a, b in pairs)

    m = len(orders)
    return [f"{name},conversion,{m},{sums((orders, one), (orders, orders))},,,,,,,{labels}",
            f"{name},page_load_ms,{m},{sums((load, one), (load, load))},,,,,,,{labels}",
            f"{name},return_rate,{m},"
            f"{sums((returns, one), (returns, returns), (orders, one), (orders, orders), (returns, orders))}"
            f",,,,{labels}",
            f"{name},revenue,{m},{sums((revenue, one), (revenue, revenue))},,,,"
            f"{sums((pre, one), (pre, pre), (revenue, pre))},{labels}"]


def _panel(rng: np.random.Generator, today: date, weeks: int = 40, started: int = 12) -> tuple[str, date]:
    """Weekly orders per region: sizes differ, one seasonal swing and trend shared, noise; the treated
    regions gain 8% from ``started`` weeks ago. The panel and the first treated week."""
    trend = np.cumsum(rng.normal(0, 6, weeks)) + 40 * np.sin(np.arange(weeks) / 6)
    first = today - timedelta(weeks=weeks)
    lines = ["region,date,value"]
    for region, size in zip(REGIONS, np.linspace(600, 1800, len(REGIONS)), strict=True):
        for week in range(weeks):
            value = size + trend[week] * size / 1200 + rng.normal(0, 12)
            if region in TREATED and week >= weeks - started:
                value *= 1.08
            lines.append(f"{region},{first + timedelta(weeks=week)},{value:.0f}")
    return "\n".join(lines) + "\n", first + timedelta(weeks=weeks - started)


def add(session: Session) -> None:
    """Design, run, stop and decide the demo's experiments (once: the caller checks)."""
    from dayone.documents.models import Document
    from dayone.experiments import service
    from dayone.experiments.schemas import ExperimentCreate, TransitionIn

    people = {p.name: p for p in session.scalars(select(Person))}
    docs = {d.title: d.id for d in session.scalars(select(Document))}
    rng = np.random.default_rng(20261202)
    now = utcnow()
    for exp in EXPERIMENTS:
        owner = people[exp.owner]
        actor = Actor(user_id=None, person_id=owner.id, role=Role.MEMBER, label=owner.email)
        document = docs.get(exp.document) if exp.document else None
        made = service.create(session, actor, ExperimentCreate.model_validate({
            "title": exp.title, "hypothesis": exp.hypothesis, "primary_metric": exp.primary,
            "guardrails": exp.guardrails, "minimum_effect": exp.minimum_effect, "engine": exp.engine,
            "document_id": document, **exp.design}))
        made.created_at = now - timedelta(days=exp.days_ago)
        for step in exp.steps:
            if step == "decided":
                service.transition(session, actor, made.id, TransitionIn.model_validate({
                    "status": "decided", "outcome": exp.outcome, "learning": exp.learning}))
                continue
            service.transition(session, actor, made.id, TransitionIn.model_validate({"status": step}))
            if step == "running":
                made.started_at = now - timedelta(days=exp.days_ago - 1)
                if exp.market:
                    panel, start = _panel(np.random.default_rng(2026), now.date())
                    service.store_market(session, actor, made.id, panel, "orders by region (weekly)",
                                         treated=list(TREATED), start=start, method="synthetic")
                else:
                    service.store_statistics(session, actor, made.id, _rows(rng, exp, now.date()),
                                             "warehouse export")
        session.flush()
