"""`placeholder`: the template's instructions are still in the document.

A document starts from its type's template (`dayone doc new`, the web page), whose
paragraphs say what to write ("Describe the customer's problem…"). Until the writer
replaces one, it is reported once, as "replace the placeholder", and no other rule
reports anything on its lines: the words are the template's, not the writer's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from dayone.documents.checks.rule import Context, Rule
from dayone.documents.checks.text import Doc
from dayone.findings import Finding, Level

TEMPLATES = Path(__file__).parents[1] / "templates_md"
# the template's dateline, kept when the rest of the summary is written
DATELINE = re.compile(r"[ \t]*CITY,\s*STATE\s*[—–-]+\s*\(OUTLET\)\s*[—–-]+\s*Month D,\s*YYYY\s*[—–-]+")


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


def placeholders(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, what) of each placeholder left in ``doc``: a template paragraph,
    unchanged, or the template's dateline at the start of a paragraph."""
    found = doc.memo.get("placeholders")
    if found is None:
        known = template_paragraphs()
        found = doc.memo["placeholders"] = []
        for block in doc.blocks:
            if block.kind != "paragraph":
                continue
            where = f"`{block.section.title}`" if block.section is not None else "this part"
            if _words(doc.source[block.start:block.end]) in known:
                found.append((block.start, block.end, f"the template's text for {where}"))
            elif dateline := DATELINE.match(doc.source, block.start, block.end):
                found.append((block.start, dateline.end(), "the template's dateline"))
    return found  # type: ignore[no-any-return]


def covers(doc: Doc, finding: Finding) -> bool:
    """Whether a finding starts on a placeholder (other rules stay quiet there)."""
    line, column = finding.location.line, finding.location.column
    if line is None or not placeholders(doc):
        return False
    offset = doc.line_offset(line) + (column or 1) - 1
    return any(start <= offset < end for start, end, _ in placeholders(doc))


def check(ctx: Context) -> Iterator[Finding]:
    for start, end, what in placeholders(ctx.doc):
        yield ctx.finding(start, end, f"Replace the placeholder: this is {what}.",
                          "Write your own text in its place; the placeholder says what belongs here.")


RULE = Rule("placeholder", Level.ERROR, "template text not yet replaced", check)
