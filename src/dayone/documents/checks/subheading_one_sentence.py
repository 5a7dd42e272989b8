"""`subheading-one-sentence`: the subheading is one sentence."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.prfaq import one_sentence
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    yield from one_sentence(ctx, "subheading", "subheading")


RULE = Rule("subheading-one-sentence", Level.WARNING, "a subheading of one sentence", check,
            doc_types=frozenset({"prfaq"}))
