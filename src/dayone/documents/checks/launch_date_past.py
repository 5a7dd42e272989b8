"""`launch-date-past`: a PR/FAQ imagines a launch that has not happened yet."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks import front_matter
from dayone.documents.checks.dateline import parse_date, summary_dateline
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    launch = front_matter.launch_date(ctx.doc.front_matter)  # a bad one is a front-matter finding
    match, start = summary_dateline(ctx)
    if launch is None and match is not None:
        launch = parse_date(match.group("date"))
    if launch is None or launch >= ctx.today:
        return
    if match is not None and start is not None:
        where = (start + match.start("date"), start + match.end("date"))
    else:
        where = (0, ctx.doc.source.find("\n"))
    yield ctx.finding(*where, f"The launch date {launch:%d %B %Y} is in the past.",
                      "Date the press release on the day you intend to launch.")


RULE = Rule("launch-date-past", Level.WARNING, "a launch date in the past", check,
            doc_types=frozenset({"prfaq"}))
