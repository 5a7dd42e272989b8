"""`quote-missing`: the leader and the customer each say something, in quotation marks.

This reads the parts a heading names (``## Customer quote``): a paragraph found by its
place is a quote part only because it quotes someone, and a quote part that is not there
at all is a `missing-section` finding. Quotation marks may be straight or curly, double
or single (British style), guillemets, or a block quote.
"""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks import quotes
from dayone.documents.checks.prfaq import layout, part_text
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    parts = layout(ctx.doc).parts
    for part_id, who in (("leader-quote", "a leader"), ("customer-quote", "a customer")):
        part = parts.get(part_id)
        if part is None or part.heading is None or not part.blocks:
            continue
        block_quote = any(quotes.BLOCK_QUOTE.match(ctx.doc.source, b.start) for b in part.blocks)
        if not quotes.has_quotation(part_text(ctx.doc, part), block_quote=block_quote):
            yield ctx.at_line(part.line, f"The {part.heading.text} section quotes nobody.",
                              f"Quote {who} in their own words, in quotation marks, with their name.")


RULE = Rule("quote-missing", Level.ERROR, "quotes in the quote sections", check,
            doc_types=frozenset({"prfaq"}))
