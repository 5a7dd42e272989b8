"""Numbers as a WBR shows them: the metric's own format, changes in % or bps, "—" for none."""

from __future__ import annotations

import re

DASH = "—"


def value(number: float | None, fmt: str = "") -> str:
    """Format by a spreadsheet-style pattern: "#,##0", "0.0%", "$#,##0.00", "0.00"."""
    if number is None:
        return DASH
    fmt = fmt or "#,##0"
    percent = fmt.endswith("%")
    decimals = len(m.group(1)) if (m := re.search(r"\.(0+)", fmt)) else 0
    prefix = re.match(r"^[^#0.,]*", fmt).group(0) if not percent else ""  # type: ignore[union-attr]
    shown = number * 100 if percent else number
    grouped = f"{shown:,.{decimals}f}" if "," in fmt else f"{shown:.{decimals}f}"
    return f"{prefix}{grouped}{'%' if percent else ''}"


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


