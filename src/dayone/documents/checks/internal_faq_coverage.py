"""`internal-faq-coverage`: the internal FAQ answers the four questions leaders ask."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.prfaq import layout
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

AREAS = {
    "customer and market size": r"\b(customers?|market|tam|segment|addressable|audience|demand|users?|"
                                r"how many|how big|population|patients?|shoppers?|buyers?|households?|"
                                r"businesses|companies)\b",
    "problems, solutions and assumptions": r"\b(problems?|solutions?|assum\w*|hypothes\w*|risks?|why now)\b",
    "economics": r"\b(cost|costs|price|pricing|revenue|margin|profit\w*|p&l|invest\w*|economics|"
                 r"budget|roi|payback|cash)\b",
    "dependencies": r"\b(depend\w*|partners?|third[- ]part\w*|vendors?|other teams?|integrat\w*|"
                    r"legal|regulat\w*)\b",
}


def check(ctx: Context) -> Iterator[Finding]:
    division = layout(ctx.doc).internal_faq
    if division is None:
        return  # missing-section reports it
    text = division.text(ctx.doc).lower()
    missing = [area for area, pattern in AREAS.items() if not re.search(pattern, text)]
    if missing:
        yield ctx.at_line(division.line, "The internal FAQ does not cover " + "; ".join(missing) + ".",
                          "Answer the questions leaders will ask: who the customers are and how many, "
                          "what you assume, what it costs and earns, and what you depend on.")


RULE = Rule("internal-faq-coverage", Level.WARNING, "the internal FAQ's four areas", check,
            doc_types=frozenset({"prfaq"}))
