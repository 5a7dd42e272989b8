"""`missing-section`: a PR/FAQ has every part of the press release and both FAQs."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.prfaq import PARTS, layout
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    found = layout(ctx.doc)
    missing = [name for part, (name, _) in PARTS.items() if part not in found.parts]
    if found.press_release is None and len(missing) == len(PARTS):
        yield ctx.at_line(1, "This PR/FAQ has no press release: it is where the customer story starts.",
                          "Add a `# Press release` section with its nine parts (use the template).")
    else:
        line = found.press_release.line if found.press_release else 1
        for name in missing:
            yield ctx.at_line(line, f"The press release has no `{name}` part.",
                              f"Add a `## {name}` section in the press release.")
    for section, name in ((found.external_faq, "External FAQ"), (found.internal_faq, "Internal FAQ")):
        if section is None:
            yield ctx.at_line(1, f"This PR/FAQ has no {name}: the questions are where the thinking shows.",
                              f"Add a `# {name}` section.")


RULE = Rule("missing-section", Level.ERROR, "PR/FAQ parts that are missing", check,
            doc_types=frozenset({"prfaq"}))
