"""`dateline`: the summary opens with CITY — Outlet — Date —, like a real press release.

The summary is the press release's first paragraph after the headline and subheading,
whether a `## Summary` heading names it or not; `dates` reads the dateline.
"""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.dates import EXAMPLE, Dateline, find_dateline
from dayone.documents.checks.prfaq import layout
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def summary_dateline(ctx: Context) -> tuple[Dateline | None, int | None]:
    """The summary's dateline (offsets relative to the summary) and the summary's first
    offset; (None, None) when there is no summary with prose."""
    part = layout(ctx.doc).parts.get("summary")
    if part is None or not part.blocks:
        return None, None
    first = part.blocks[0]
    return find_dateline(ctx.doc.masked[first.start:first.end]), first.start


def check(ctx: Context) -> Iterator[Finding]:
    found, start = summary_dateline(ctx)
    if start is None or found is not None:
        return
    end = ctx.doc.source.find("\n", start)
    end = end if end >= 0 else len(ctx.doc.source)
    yield ctx.finding(start, end,
                      "The summary does not open with a dateline (city — outlet — launch date).",
                      f"Start it like a press release: \"{EXAMPLE}\".")


RULE = Rule("dateline", Level.ERROR, "the summary's dateline", check, doc_types=frozenset({"prfaq"}))
