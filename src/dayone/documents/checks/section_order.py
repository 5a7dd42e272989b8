"""`section-order`: the press release tells its story in the canonical order.

Only parts named by headings can be out of order: parts found by their place are
found in order.
"""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.prfaq import ORDER, PARTS, layout
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    present = sorted(((part.id, part.line) for part in layout(ctx.doc).parts.values()
                      if part.heading is not None), key=lambda item: item[1])
    expected = sorted(present, key=lambda item: ORDER.index(item[0]))
    for (part, line), (want, _) in zip(present, expected, strict=True):
        if part != want:
            yield ctx.at_line(
                line,
                f"`{PARTS[part][0]}` comes where `{PARTS[want][0]}` belongs: readers expect the "
                "press release in its usual order.",
                "Order: " + ", ".join(name for name, _ in PARTS.values()) + ".")
            return


RULE = Rule("section-order", Level.WARNING, "press release parts out of order", check,
            doc_types=frozenset({"prfaq"}))
