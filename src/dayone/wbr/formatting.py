"""Numbers as a WBR shows them: the metric's own format, changes in % or bps, "—" for none."""

from __future__ import annotations

import functools
import re

DASH = "—"


_SCALES = (("MM", 1e6, "M"), ("BB", 1e9, "B"), ("KK", 1e3, "K"), ("bps", 1e-4, " bps"), ("%", 0.01, "%"))


def scaled(number: float | None, y_scaling: str) -> str:
    """A WBR App ``y_scaling`` format: ``##[.n]UNIT`` with UNIT MM (millions), BB (billions),
    KK (thousands), bps or %, matched in that order; n decimals (default 0)."""
    if number is None:
        return DASH
    decimals = int(m.group(1)) if (m := re.match(r"##\.(\d)", y_scaling)) else 0
    for unit, factor, label in _SCALES:
        if unit in y_scaling:
            return f"{number / factor:,.{decimals}f}{label}"
    return f"{number:,.{decimals}f}"


def value(number: float | None, fmt: str = "") -> str:
    """Format by a spreadsheet-style pattern ("#,##0", "0.0%", "$#,##0.00", "0.00") or a WBR App
    y_scaling ("##.2MM", "##%", "##KK")."""
    if number is None:
        return DASH
    if fmt.startswith("##"):
        return scaled(number, fmt)
    prefix, spec, percent = _pattern(fmt or "#,##0")
    return f"{prefix}{(number * 100 if percent else number):{spec}}{'%' if percent else ''}"


@functools.lru_cache(maxsize=256)
def _pattern(fmt: str) -> tuple[str, str, bool]:
    """A spreadsheet pattern as (prefix, Python format spec, is a percentage)."""
    percent = fmt.endswith("%")
    decimals = len(m.group(1)) if (m := re.search(r"\.(0+)", fmt)) else 0
    prefix = re.match(r"^[^#0.,]*", fmt).group(0) if not percent else ""  # type: ignore[union-attr]
    return prefix, f"{',' if ',' in fmt else ''}.{decimals}f", percent


def change(number: float | None, comparison: str, fmt: str = "") -> str:
    if number is None:
        return DASH
    if comparison == "percent":
        return f"{number:+.1%}"
    if comparison == "bps":
        return f"{number * 10000:+,.0f} bps"
    return ("+" if number >= 0 else "") + value(number, fmt).replace("--", "-")


def tone(number: float | None, direction: str) -> str:
    """good / bad / flat, by whether up is good for this metric."""
    if number is None or number == 0:
        return "flat"
    return "good" if (number > 0) == (direction == "up") else "bad"


def title(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


