"""`section-order`: the press release tells its story in the canonical order."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.prfaq import PARTS, layout
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    parts = layout(ctx.doc).parts
    order = list(PARTS)
    present = sorted(parts.items(), key=lambda kv: kv[1].line)
    expected = sorted(present, key=lambda kv: order.index(kv[0]))
    for (part, section), (want, _) in zip(present, expected, strict=True):
        if part != want:
            yield ctx.at_line(
                section.line,
                f"`{PARTS[part][0]}` comes where `{PARTS[want][0]}` belongs: readers expect the "
                "press release in its usual order.",
                "Order: " + ", ".join(name for name, _ in PARTS.values()) + ".")
            return


RULE = Rule("section-order", Level.WARNING, "press release parts out of order", check,
            doc_types=frozenset({"prfaq"}))
