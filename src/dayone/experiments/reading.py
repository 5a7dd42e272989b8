"""What an experiment's result means, and what it does not, in sentences a person can act on.

Pure: it reads the analysis JSON (``ExperimentAnalysis.to_dict()``) with the experiment's
design — its primary metric, guardrails and their bad directions, the minimum effect worth
detecting, and each metric's good direction — and returns the page's and the API's words:
the sample-ratio warning, the primary metric's headline, each comparison's verdict and each
guardrail's regression flag.
"""

from __future__ import annotations

from typing import Any

Verdict = str  # better | worse | unclear | error


def pct(value: float | None, sign: bool = True) -> str:
    """A relative effect as a percentage: +2.3%, −0.45%; an open interval end as ∞."""
    if value is None:
        return "no bound"
    digits = 1 if abs(value) >= 0.01 else 2
    text = f"{value:{'+' if sign else ''}.{digits}%}"
    return text.replace("-", "−")


def _interval(r: dict[str, Any]) -> str:
    low = "−∞" if r["ci_low"] is None else pct(r["ci_low"])
    high = "+∞" if r["ci_high"] is None else pct(r["ci_high"])
    return f"{low} to {high}"


def excludes_zero(r: dict[str, Any]) -> int:
    """1 when the interval lies above 0, −1 below, 0 when it includes 0 (or cannot be read)."""
    low, high = r.get("ci_low"), r.get("ci_high")
    if low is not None and low > 0:
        return 1
    if high is not None and high < 0:
        return -1
    return 0


def _within(r: dict[str, Any], effect: float) -> bool:
    """Whether the whole interval is smaller in size than ``effect``: it rules that effect out."""
    low, high = r.get("ci_low"), r.get("ci_high")
    return low is not None and high is not None and max(abs(low), abs(high)) < abs(effect)


def _sentence(r: dict[str, Any], engine: str, level: str, minimum_effect: float) -> str:
    metric, variant, control = r["metric"], r["variant"], r["control"]
    if r.get("error"):
        return f"{metric}, {variant} against {control}: no estimate ({r['error']})."
    side = excludes_zero(r)
    word = "credible interval" if engine == "bayesian" else "interval"
    lead = ""
    if engine == "bayesian" and r.get("chance_to_win") is not None:
        lead = (f"There is a {r['chance_to_win']:.0%} chance that {variant} raises {metric} against {control} "
                f"(expected loss if shipped {pct(r.get('risk'), sign=False)}). ")
    if side:
        moved = "raised" if side > 0 else "lowered"
        return (f"{lead}{variant} {moved} {metric} by {pct(abs(r['effect']), sign=False)} against {control} "
                f"({level} {word} {_interval(r)}). The {word} excludes no effect, so chance alone is an unlikely "
                f"explanation; it does not pin the effect to {pct(r['effect'])} — any value in the {word} fits the "
                "data — and says nothing about customers or periods outside the test.")
    text = (f"{lead}For {metric}, {variant} against {control}: the {level} {word} ({_interval(r)}) includes no "
            f"effect; this test cannot tell whether {variant} changes {metric}.")
    if _within(r, minimum_effect):
        return text + (f" It does rule out an effect as large as the {pct(abs(minimum_effect), sign=False)} worth "
                       "detecting: whatever the effect is, it is smaller than that.")
    return text + (" It does not show that there is no effect: effects anywhere in the interval are still "
                   "consistent with the data; more units would narrow it.")


def _guardrail(r: dict[str, Any], bad: str, level: str) -> dict[str, Any]:
    metric, variant = r["metric"], r["variant"]
    out = {"metric": metric, "variant": variant, "bad_direction": bad}
    if r.get("error"):
        return {**out, "status": "error", "sentence": f"Guardrail {metric} ({variant}): no estimate ({r['error']})."}
    side = excludes_zero(r)
    bad_side = 1 if bad == "up" else -1
    if side == bad_side:
        return {**out, "status": "regressed",
                "sentence": f"Guardrail {metric} regressed: {variant} moved it {bad} by "
                            f"{pct(abs(r['effect']), sign=False)} ({level} interval {_interval(r)}), the direction "
                            "that is bad."}
    if side == -bad_side:
        return {**out, "status": "improved",
                "sentence": f"Guardrail {metric} improved under {variant} ({level} interval {_interval(r)})."}
    worst = r["ci_high"] if bad == "up" else r["ci_low"]
    return {**out, "status": "no change detected",
            "sentence": f"Guardrail {metric}: no regression detected under {variant}, but the interval "
                        f"({_interval(r)}) still allows a move {bad} of up to {pct(abs(worst), sign=False)}."
            if worst is not None else f"Guardrail {metric}: no regression detected under {variant}."}


def read(result: dict[str, Any], *, primary: str, guardrails: list[dict[str, Any]], minimum_effect: float,
         good_direction: dict[str, str]) -> dict[str, Any]:
    """The words for one analysis: see the module's docstring."""
    engine = result["engine"]
    level = f"{1 - result['alpha']:.0%}"
    bad = {g["metric"]: g["bad_direction"] for g in guardrails}
    comparisons = []
    for r in result["results"]:
        role = "primary" if r["metric"] == primary else "guardrail" if r["metric"] in bad else "other"
        side = excludes_zero(r) if not r.get("error") else 0
        good = good_direction.get(r["metric"], "down" if bad.get(r["metric"]) == "up" else "up")
        verdict: Verdict = ("error" if r.get("error") else "unclear" if side == 0 else
                            "better" if (side > 0) == (good == "up") else "worse")
        comparisons.append({"metric": r["metric"], "variant": r["variant"], "role": role, "verdict": verdict,
                            "sentence": _sentence(r, engine, level, minimum_effect if role == "primary" else 0)})
    flags = [_guardrail(r, bad[r["metric"]], level) for r in result["results"] if r["metric"] in bad]
    srm = result["srm"]
    return {"srm_passed": srm["passed"], "srm_warning": srm["warning"],
            "headline": [c["sentence"] for c in comparisons if c["role"] == "primary"],
            "comparisons": comparisons, "guardrails": flags,
            "regressions": sum(1 for g in flags if g["status"] == "regressed")}
