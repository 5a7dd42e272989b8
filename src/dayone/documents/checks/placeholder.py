"""`placeholder`: the template's instructions are still in the document.

A document starts from its type's template (`dayone doc new`, the web page), whose
paragraphs say what to write ("Describe the customer's problem…"). Until the writer
replaces one, it is reported once, as "replace the placeholder", and no other rule
reports anything on its lines: the words are the template's, not the writer's.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.text import Block, Doc
from dayone.findings import Finding, Level

TEMPLATES = Path(__file__).parents[1] / "templates_md"


def _words(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def template_paragraphs() -> frozenset[str]:
    """The text of every paragraph in the packaged templates, whitespace folded."""
    found: set[str] = set()
    for path in sorted(TEMPLATES.glob("*.md")):
        doc = Doc(path.read_text(encoding="utf-8"), doc_type="narrative")
        found.update(_words(doc.source[b.start:b.end]) for b in doc.blocks if b.kind == "paragraph")
    return frozenset(found)


def placeholders(doc: Doc) -> list[Block]:
    """The paragraphs of ``doc`` that are a template's placeholder, unchanged."""
    found = doc.memo.get("placeholders")
    if found is None:
        known = template_paragraphs()
        found = doc.memo["placeholders"] = [
            b for b in doc.blocks if b.kind == "paragraph" and _words(doc.source[b.start:b.end]) in known]
    return found  # type: ignore[no-any-return]


def placeholder_lines(doc: Doc) -> set[int]:
    """The lines the placeholders stand on (other rules stay quiet there)."""
    return {line for b in placeholders(doc) for line in range(b.line, b.end_line + 1)}


def check(ctx: Context) -> Iterator[Finding]:
    for block in placeholders(ctx.doc):
        where = block.section.title if block.section is not None else "this part"
        yield ctx.finding(block.start, block.end,
                          f"Replace the placeholder: this is the template's text for `{where}`.",
                          "Write your own text in its place; the placeholder says what belongs here.")


RULE = Rule("placeholder", Level.ERROR, "template text not yet replaced", check)
