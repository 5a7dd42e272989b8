"""`launch-date-past`: a PR/FAQ imagines a launch that has not happened yet."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks import front_matter
from dayone.documents.checks.dateline import summary_dateline
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    launch = front_matter.launch_date(ctx.doc.front_matter)  # a bad one is a front-matter finding
    found, start = summary_dateline(ctx)
    if launch is None and found is not None:
        launch = found.date
    if launch is None or launch >= ctx.today:
        return
    if found is not None and start is not None:
        where = (start + found.date_start, start + found.date_end)
    else:
        line = front_matter.key_line(ctx.doc.source, "launch_date")
        begin = ctx.doc.line_offset(line)
        end = ctx.doc.source.find("\n", begin)
        where = (begin, end if end >= 0 else len(ctx.doc.source))
    yield ctx.finding(*where, f"The launch date {launch:%d %B %Y} is in the past.",
                      "Date the press release on the day you intend to launch.")


RULE = Rule("launch-date-past", Level.WARNING, "a launch date in the past", check,
            doc_types=frozenset({"prfaq"}))
