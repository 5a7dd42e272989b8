"""`dateline`: the summary opens with CITY — Outlet — Date —, like a real press release."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from dayone.documents.checks.prfaq import layout
from dayone.documents.checks.prose import MONTHS
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

DASH = r"\s*(?:—|–|--|-)\s*"
DATE_TEXT = (rf"(?:(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\.?\s+\d{{4}}"
             r"|\d{4}-\d{2}-\d{2})")
DATELINE = re.compile(
    rf"^\s*(?P<city>[A-Z][A-Z .'-]+(?:,\s*[A-Za-z. ]+)?){DASH}(?P<outlet>\(?[^—–\n]+?\)?){DASH}"
    rf"(?P<date>{DATE_TEXT}){DASH}", re.I)
REACH = 300  # characters
EXAMPLE = "SEATTLE, WA — (BUSINESS WIRE) — March 3, 2027 — "


def summary_dateline(ctx: Context) -> tuple[re.Match[str] | None, int | None]:
    """The dateline match in the summary and the summary's first offset."""
    section = layout(ctx.doc).parts.get("summary")
    if section is None:
        return None, None
    blocks = [b for b in ctx.doc.blocks_in(section) if b.kind == "paragraph"]
    if not blocks:
        return None, ctx.doc.line_offset(section.line)
    first = blocks[0]
    # a dateline is short: looking no further keeps the backtracking pattern cheap on a long paragraph
    return DATELINE.match(ctx.doc.source[first.start:min(first.end, first.start + REACH)]), first.start


def parse_date(text: str) -> date | None:
    from datetime import datetime

    cleaned = re.sub(r"\s+", " ", text.replace(",", "").replace(".", "")).strip()
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def check(ctx: Context) -> Iterator[Finding]:
    match, start = summary_dateline(ctx)
    if start is None or match is not None:
        return
    end = ctx.doc.source.find("\n", start)
    yield ctx.finding(start, end if end >= 0 else len(ctx.doc.source),
                      "The summary does not open with a dateline (city — outlet — launch date).",
                      f"Start it like a press release: \"{EXAMPLE}\".")


RULE = Rule("dateline", Level.ERROR, "the summary's dateline", check, doc_types=frozenset({"prfaq"}))
