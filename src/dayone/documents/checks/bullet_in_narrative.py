"""`bullet-in-narrative`: a narrative argues in sentences; bullets hide the reasoning."""

from __future__ import annotations

from collections.abc import Iterator

from dayone.documents.checks.options import Whole
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level


def check(ctx: Context) -> Iterator[Finding]:
    shortest = int(ctx.option("min_item_words"))
    reported_until = 0
    blocks = ctx.doc.blocks
    for index, block in enumerate(blocks):
        if not block.in_list or block.in_appendix or block.line <= reported_until:
            continue
        # one finding per list: extend over the list blocks that follow it with only blank
        # lines between (a loose list's items are paragraphs a blank line apart), scanning
        # from this block on (from the first block made a long document's lists quadratic)
        end_block, last = block, index
        for j in range(index + 1, len(blocks)):
            other = blocks[j]
            if not other.in_list or ctx.doc.source[end_block.end:other.start].strip():
                break
            end_block, last = other, j
        reported_until = end_block.end_line
        items = [b for b in blocks[index:last + 1] if b.in_list]  # this list's blocks only: linear
        words = len(ctx.doc.masked[block.start:end_block.end].split())
        if shortest > 1 and (len(items) < 2 or words < shortest * len(items)):
            continue  # names, dates, steps: a list is their form; paragraphs behind bullets are not
        yield ctx.finding(block.start, end_block.end,
                          "A list in the narrative body: bullets skip the reasoning that connects "
                          "the points.",
                          "Write it as sentences that say how the points connect, or move it to the "
                          "appendix.")


def _before_the_appendix(ctx: Context) -> Iterator[Finding]:
    """The body's lists: all that follows an appendix title, a heading or a bold line, is appendix."""
    from dayone.documents.checks.prfaq import appendix_line  # imported here: a small, shared file

    appendix = appendix_line(ctx.doc)
    return (f for f in check(ctx) if appendix is None or (f.location.line or 0) < appendix)


# Calibrated on the real-prose corpus (docs/writing-checker.md): of every list in a
# narrative's body, a quarter were worth rewriting; of lists whose items average 40 words
# or more — paragraphs written as bullets — all were. `min_item_words: 1` flags every list.
RULE = Rule("bullet-in-narrative", Level.WARNING, "paragraphs written as bullets in a narrative's body",
            _before_the_appendix, defaults={"min_item_words": 40}, kinds={"min_item_words": Whole(1, 1000)},
            doc_types=frozenset({"narrative"}))
