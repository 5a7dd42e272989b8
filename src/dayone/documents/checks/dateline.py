"""`dateline`: the summary opens with CITY — Outlet — Date —, like a real press release.

The summary is the press release's first paragraph of prose after the headline and
subheading, whether a `## Summary` heading names it or not; `dates` reads the dateline. A
press release written as a launch blog post (see `prfaq`) is dated by its byline instead
(``March 18, 2026 · AWS CDK Team``, the line right above the summary): a blog post names
no city.
"""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.dates import EXAMPLE, Dateline, find_date, find_dateline
from dayone.documents.checks.prfaq import Division, layout
from dayone.documents.checks.prfaq_shape import is_byline
from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.text import Block
from dayone.findings import Finding, Level


def summary_dateline(ctx: Context) -> tuple[Dateline | None, int | None]:
    """The summary's dateline (offsets relative to the summary) and the summary's first
    offset; (None, None) when there is no summary with prose."""
    part = layout(ctx.doc).parts.get("summary")
    if part is None or not part.blocks:
        return None, None
    first = part.blocks[0]
    found = find_dateline(ctx.doc.masked[first.start:first.end])
    press = layout(ctx.doc).press_release
    if found is None and press is not None and press.blog_post:
        byline = _byline(ctx, press, first)
        if byline is not None:
            return byline
    return found, first.start


def _byline(ctx: Context, press: Division, summary: Block) -> tuple[Dateline, int] | None:
    """A blog post's byline right above its summary, read as its dateline (no city)."""
    above = [b for b in ctx.doc.blocks if press.line <= b.line < summary.line and b.kind != "code"]
    if not above or above[-1].kind != "paragraph":
        return None
    text = ctx.doc.masked[above[-1].start:above[-1].end]
    when = find_date(text)
    if when is None or not is_byline(text):
        return None
    day, start, end = when
    return Dateline("", day, start, end, len(text)), above[-1].start


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
