"""`page-limit`: press release 1 page, FAQ 5, narrative body 6 — printed, appendix apart.

The editor and `dayone check` use the fast estimate (within ``ESTIMATE_ERROR`` pages
of the real layout); `dayone check --layout` and saved versions lay the document out
for print with WeasyPrint. Each part's count is kept in ``doc.memo["pages"]``, so a
face can say when an estimate is too close to the limit to trust.
"""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents import printing
from dayone.documents.checks.options import Amount, OneOf
from dayone.documents.checks.prfaq import Division, appendix_line, layout
from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.text import Doc
from dayone.findings import Finding, Level

PAGES = Amount(0.5, 100)  # a limit of printed pages
# how far the estimate may stray from the laid-out length (tests/documents/test_printing.py
# holds it to this on documents of every shape): nearer the limit, only the layout can tell
ESTIMATE_ERROR = 0.25


def _narrative_body(doc: Doc) -> str:
    appendix = appendix_line(doc)
    end = doc.line_offset(appendix) if appendix else len(doc.source)
    return doc.source[doc.body_start:end]


def _text(doc: Doc, divisions: list[Division | None]) -> str:
    return "\n\n".join(d.text(doc) for d in divisions if d is not None)


def measured_parts(ctx: Context) -> list[tuple[str, str, float, int]]:
    """(name, markdown, limit, line) of each part of the document that has a page limit."""
    doc = ctx.doc
    if doc.type == "prfaq":
        found = layout(doc)
        parts = []
        if found.press_release is not None:
            parts.append(("press release", _text(doc, [found.press_release]),
                          ctx.option("press_release_pages"), found.press_release.line))
        faqs = [found.external_faq, found.internal_faq]
        if any(faqs):
            first = min(s.line for s in faqs if s is not None)
            parts.append(("FAQ", _text(doc, faqs), ctx.option("faq_pages"), first))
        return parts
    if doc.type == "narrative":
        return [("narrative body", _narrative_body(doc), ctx.option("narrative_pages"),
                 doc.position(doc.body_start)[0])]
    return [("one-pager", doc.source[doc.body_start:], ctx.option("one_pager_pages"), 1)]


def pages(ctx: Context, markdown: str) -> float:
    paper = str(ctx.option("paper"))
    if ctx.layout_pages:
        return float(printing.count_pages(markdown, paper=paper))
    return printing.estimate_pages(markdown, paper=paper)


def check(ctx: Context) -> Iterator[Finding]:
    how = "laid out" if ctx.layout_pages else "estimated"
    measured = ctx.doc.memo.setdefault("pages", [])
    for name, markdown, limit, line in measured_parts(ctx):
        count = pages(ctx, markdown)
        measured.append({"part": name, "pages": round(count, 2), "limit": float(limit), "how": how})
        if count > float(limit) + (0 if ctx.layout_pages else 0.05):
            shown = f"{count:.0f}" if ctx.layout_pages else f"{count:.1f}"
            yield ctx.at_line(
                line, f"The {name} runs to {shown} pages ({how} for {ctx.option('paper')}); "
                f"the limit is {limit:g}.",
                "Cut until it fits: the limit forces the thinking. Move detail to the appendix.")


RULE = Rule("page-limit", Level.ERROR, "printed length", check,
            defaults={"press_release_pages": 1, "faq_pages": 5, "narrative_pages": 6,
                      "one_pager_pages": 1, "paper": "A4"},
            kinds={"press_release_pages": PAGES, "faq_pages": PAGES, "narrative_pages": PAGES,
                   "one_pager_pages": PAGES, "paper": OneOf(tuple(printing.PAPER_SIZES))})
