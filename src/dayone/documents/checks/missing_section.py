"""`missing-section`: a PR/FAQ has every part of the press release and both FAQs.

Each missing part is reported once, as what a reader misses, wherever the parts are
found (by a heading or by their place: see `prfaq`). A written press release with no FAQ at
all stands alone — a PR/FAQ's first step, or a press release published as one: the FAQs it
has not started are one *minor* finding, not one error per FAQ.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from dayone.documents.checks.prfaq import MISSING, PARTS, layout
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

OUTLINE = 4  # this many parts missing: a draft, told in one finding rather than one per part


def _listed(parts: list[str]) -> str:
    names = [PARTS[p][0].lower() for p in parts]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def check(ctx: Context) -> Iterator[Finding]:
    found = layout(ctx.doc)
    written = found.press_release is not None and len([p for p in PARTS if p not in found.parts]) < OUTLINE
    if found.press_release is None:
        yield ctx.at_line(1, "This PR/FAQ has no press release: it is where the customer story starts.",
                          "Start with the press release: a headline, a subheading, then the summary "
                          "with its dateline (use the template: `dayone doc new --type prfaq`).")
    else:
        absent = [p for p in PARTS if p not in found.parts
                  and not (p == "subheading" and found.press_release.blog_post)]  # a blog post has none
        if len(absent) >= OUTLINE:
            yield ctx.at_line(found.press_release.line,
                              f"The press release is not written yet: it has no {_listed(absent)}.",
                              "Write it as a reader meets it: headline, subheading, the summary with its "
                              "dateline, problem, solution, a leader's quote, how to start, a customer's "
                              "quote, where to get it (the template shows each part).")
            absent = []
        for part_id in PARTS:
            part = found.parts.get(part_id)
            missed, fix = MISSING[part_id]
            if part_id in absent:
                yield ctx.at_line(found.press_release.line, f"The press release has {missed}.", fix)
            elif part is not None and not part.blocks:
                yield ctx.at_line(part.line, f"The {part.name} section is empty: the press release has "
                                  f"{missed}.", fix)
    if written and found.external_faq is None and found.internal_faq is None:
        alone = ctx.at_line(1, "The press release stands alone: this PR/FAQ has no customer FAQ and no "
                            "internal FAQ yet, where the thinking shows.",
                            "Add a `# Customer FAQ` and an `# Internal FAQ` section.")
        yield replace(alone, priority="minor")
        return
    for division, name in ((found.external_faq, "customer FAQ"), (found.internal_faq, "internal FAQ")):
        if division is None:
            yield ctx.at_line(1, f"This PR/FAQ has no {name}: the questions are where the thinking shows.",
                              f"Add a `# {name[0].upper() + name[1:]}` section.")


RULE = Rule("missing-section", Level.ERROR, "PR/FAQ parts that are missing", check,
            doc_types=frozenset({"prfaq"}))
