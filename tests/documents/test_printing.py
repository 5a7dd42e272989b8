"""Print layout and page counting: the real layout, and the fast estimate held to it."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

import pytest

from dayone.documents.printing import (
    PAPER_SIZES,
    count_pages,
    estimate_pages,
    markdown_to_html,
    print_html,
    write_pdf,
)

# Words of business prose, short and long, to generate documents from.
VOCABULARY = """
customer customers team teams launch launches product products service services price pricing
cost costs revenue margin margins growth market markets seller sellers buyer buyers order orders
delivery deliveries warehouse inventory forecast forecasts week weeks month months quarter year
plan plans goal goals metric metrics input output review reviews decision decisions owner owners
leader leaders problem problems solution solutions experience data signal signals feedback today
tomorrow process processes tool tools account accounts support ticket tickets request requests the
a an and or but because so that which who when where while with without into onto from for of to
in on at by as is are was were be will can do does did have has had not only also each every
first second third next last new old simple clear small large fast slow early late better worse
build ship measure learn test scale reduce increase remove add change keep start stop run hire
mechanism mechanisms flywheel selection convenience trust invention frugality ownership bar
raiser narrative appendix press release frequently asked questions internal external working
backwards single threaded two pizza one way door reversible irreversible anecdote anecdotes
spreadsheet dashboard deep dive weekly business operational excellence availability latency
throughput reliability durability onboarding checkout payment payments refund refunds return
returns catalogue listing listings search ranking recommendation recommendations notification
international localization compliance accessibility infrastructure dependency dependencies
assumption assumptions economics profitability contribution headcount investment investments
"""
WORDS = VOCABULARY.split()


def _sentence(rng: random.Random, low: int = 6, high: int = 26) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(["42%", "$3.2 million", "2027", "1,250", "P95"]))
    if rng.random() < 0.25:
        words[rng.randrange(len(words))] += ","
    if rng.random() < 0.1:
        at = rng.randrange(len(words))
        words[at] = f"**{words[at]}**"
    if rng.random() < 0.05:
        at = rng.randrange(len(words))
        words[at] = f"[{words[at]}](https://example.com/{words[at]})"
    return " ".join(words).capitalize() + rng.choice(".....?!")


def _paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(_sentence(rng))
    return " ".join(sentences)


def _list(rng: random.Random, items: int, numbered: bool) -> str:
    return "\n".join(
        f"{f'{n}.' if numbered else '-'} {_sentence(rng, 3, rng.choice([8, 20, 45]))}"
        for n in range(1, items + 1)
    )


def _table(rng: random.Random, rows: int, cols: int) -> str:
    def row(cells: int) -> str:
        return "| " + " | ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.choice([1, 1, 2, 3, 6, 12]))) for _ in range(cells)
        ) + " |"
    head = "| " + " | ".join(rng.choice(WORDS).title() for _ in range(cols)) + " |"
    return "\n".join([head, "|" + "---|" * cols, *(row(cols) for _ in range(rows))])


def document(seed: int, words: int, shape: str) -> str:
    """A deterministic Markdown document of about `words` words, in one of several shapes.

    narrative: a title, sections under headings, one bulleted list and one table;
    long / short: paragraphs only; lists, headings, tables, prfaq: heavy on that element;
    mixed: a bit of everything.
    """
    rng = random.Random(seed)
    parts: list[str] = [f"# {_sentence(rng, 3, 8).rstrip('.?!')}"] if shape == "narrative" else []
    size = 0
    while size < words:
        roll = rng.random()
        if shape == "narrative" and len(parts) in (4, 12):
            block = _list(rng, 5, numbered=False) if len(parts) == 4 else _table(rng, 5, 3)
        elif shape == "narrative" and roll < 0.15:
            block = f"## {_sentence(rng, 2, 6).rstrip('.?!')}"
        elif shape in ("headings", "mixed") and (not parts or roll < 0.18):
            block = f"{rng.choice(['#', '##', '##', '###'])} {_sentence(rng, 2, 7).rstrip('.?!')}"
        elif shape == "prfaq" and (not parts or roll < 0.12):
            block = f"## {_sentence(rng, 2, 7).rstrip('.?!')}"
        elif shape in ("lists", "mixed") and roll < 0.4:
            block = _list(rng, rng.randint(3, 8), numbered=rng.random() < 0.4)
        elif shape in ("tables", "mixed") and roll < 0.55:
            block = _table(rng, rng.randint(2, 8), rng.randint(2, 4))
        elif shape == "prfaq" and roll < 0.6:
            question = _sentence(rng, 5, 14).rstrip(".?!")
            block = f"**Q: {question}?**\n\n{_paragraph(rng, rng.randint(30, 110))}"
        elif shape == "long":
            block = _paragraph(rng, rng.randint(120, 240))
        elif shape == "short":
            block = _paragraph(rng, rng.randint(10, 50))
        else:
            block = _paragraph(rng, rng.randint(40, 180))
        parts.append(block)
        size += len(block.split())
    return "\n\n".join(parts) + "\n"


NARRATIVE = (20, 3500, "narrative")
CORPUS = [
    (1, 150, "short"),
    (2, 300, "headings"),
    (3, 500, "tables"),
    (4, 700, "lists"),
    (5, 900, "long"),
    (6, 1200, "prfaq"),
    (7, 1500, "mixed"),
    (8, 1900, "short"),
    (9, 2300, "headings"),
    (10, 2700, "lists"),
    NARRATIVE,
    (13, 4000, "prfaq"),
]


@cache
def real_pages(spec: tuple[int, int, str], paper: str) -> int:
    """count_pages of a corpus document, laid out once for the whole module."""
    return count_pages(document(*spec), paper=paper)


def test_short_text_is_one_page() -> None:
    assert count_pages("Customers wait two days for a refund.") == 1
    assert count_pages("# Title\n\nOne line.", paper="Letter") == 1


@pytest.mark.parametrize("markdown", ["", "   ", "\n\t\n"])
def test_empty_text_is_no_pages(markdown: str) -> None:
    assert count_pages(markdown) == 0
    assert estimate_pages(markdown) == 0.0


def test_a_3500_word_narrative_prints_on_six_to_nine_pages() -> None:
    markdown = document(*NARRATIVE)
    assert 3400 <= len(markdown.split()) <= 3800
    assert "\n## " in markdown and "\n- " in markdown and "\n|---" in markdown
    assert 6 <= real_pages(NARRATIVE, "A4") <= 9


def test_letter_and_a4_both_lay_out() -> None:
    a4, letter = real_pages(NARRATIVE, "A4"), real_pages(NARRATIVE, "Letter")
    # Letter is a little wider but shorter than A4: the same text takes as many pages or more
    assert 6 <= a4 <= letter <= 10
    assert "size: A4; margin: 2.5cm 2.5cm" in print_html("<p>x</p>", paper="A4")
    assert "size: letter; margin: 1in 1in" in print_html("<p>x</p>", paper="Letter")


@pytest.mark.parametrize(
    "call",
    [
        lambda: count_pages("text", paper="A5"),
        lambda: estimate_pages("text", paper="a4"),
        lambda: write_pdf("text", paper="Legal"),
        lambda: print_html("<p>x</p>", paper=""),
    ],
)
def test_unknown_paper_is_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="A4, Letter"):
        call()


def test_write_pdf_returns_pdf_bytes() -> None:
    pdf = write_pdf("# Launch\n\nThe team ships on 3 March.", title="Launch <PR/FAQ>")
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")


def test_print_html_is_a_standalone_print_document() -> None:
    page = print_html("<p>Body</p>", title="Q3 <plan>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Q3 &lt;plan&gt;</title>" in page
    assert "font-size: 11pt" in page and "line-height: 1.35" in page and '"DejaVu Serif"' in page
    assert "<p>Body</p>" in page


def test_markdown_is_rendered_and_sanitized() -> None:
    html = markdown_to_html(
        "# Title\n\n<script>alert('x')</script>\n\n<!-- reviewer note -->\n\n"
        "Text with [a link](https://example.com) and <b onclick='x()'>bold</b>.\n\n"
        "[bad](javascript:alert(1))\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<h1>Title</h1>" in html
    assert "<script" not in html and "alert('x')" not in html
    assert "reviewer note" not in html and "<!--" not in html
    assert 'href="https://example.com"' in html
    assert 'href="javascript' not in html and "onclick" not in html
    assert "<table>" in html and "<td>2</td>" in html


@pytest.mark.parametrize("paper", list(PAPER_SIZES))
@pytest.mark.parametrize("spec", CORPUS, ids=lambda spec: f"{spec[2]}-{spec[1]}")
def test_estimate_stays_within_half_a_page_of_the_layout(spec: tuple[int, int, str], paper: str) -> None:
    estimate = estimate_pages(document(*spec), paper=paper)
    real = real_pages(spec, paper)
    # the layout fills `real` pages, the last one in part: its exact length lies in (real - 1, real]
    assert real - 1 - 0.5 <= estimate <= real + 0.5, (
        f"estimate {estimate:.2f} pages, layout {real}; the estimate assumes Times metrics "
        "(Liberation Serif, from fonts-liberation on Debian): is such a font installed?"
    )
