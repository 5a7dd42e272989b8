"""`quote-missing`: the leader and the customer each say something, in quotation marks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.prfaq import layout, part_text
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

QUOTE = re.compile(r"[\"“”«»„].{8,}?[\"“”«»]", re.S)


def check(ctx: Context) -> Iterator[Finding]:
    parts = layout(ctx.doc).parts
    for part, who in (("leader-quote", "a leader"), ("customer-quote", "a customer")):
        section = parts.get(part)
        if section is not None and not QUOTE.search(part_text(ctx.doc, section)):
            yield ctx.at_line(section.line, f"The {section.title} section quotes nobody.",
                              f"Quote {who} in their own words, in quotation marks, with their name.")


RULE = Rule("quote-missing", Level.ERROR, "quotes in the quote sections", check,
            doc_types=frozenset({"prfaq"}))
