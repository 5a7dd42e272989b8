"""The page estimate `dayone check` and the editor use, held within a quarter page of the
real layout on documents of every shape (page-limit.ESTIMATE_ERROR)."""

from __future__ import annotations

import math
import random
import textwrap
from functools import cache

import pytest
from tests.documents.test_printing import CORPUS, _list, _paragraph, _sentence, _table, document

from dayone.documents.checks.page_limit import ESTIMATE_ERROR
from dayone.documents.printing import PAPER_SIZES, count_pages, estimate_pages, laid_out_pages


def _nested_lists(rng: random.Random) -> str:
    """Bulleted lists two and three levels deep between paragraphs."""
    def one_list() -> str:
        lines = []
        for _ in range(rng.randint(2, 6)):
            lines.append(f"- {_sentence(rng, 4, 20)}")
            for _ in range(rng.randint(0, 3)):
                lines.append(f"  - {_sentence(rng, 4, 20)}")
                lines += [f"    - {_sentence(rng, 4, 30)}" for _ in range(rng.randint(0, 2))]
        return "\n".join(lines)
    return "\n\n".join(f"{one_list()}\n\n{_paragraph(rng, rng.randint(20, 120))}" for _ in range(8))


def _quotes(rng: random.Random) -> str:
    """Block quotes of several paragraphs (a `>` line between them)."""
    quote = lambda: "\n>\n".join(f"> {_paragraph(rng, rng.randint(20, 80))}" for _ in range(3))  # noqa: E731
    return "\n\n".join(f"{quote()}\n\n{_paragraph(rng, 80)}" for _ in range(6))


def _hard_wrapped(rng: random.Random) -> str:
    """Paragraphs wrapped at 72 columns, as editors and mail write them."""
    return "# Title\n\n" + "\n\n".join(textwrap.fill(_paragraph(rng, rng.randint(60, 200)), 72) for _ in range(25))


def _code(rng: random.Random) -> str:
    block = "```\n" + "\n".join(f"    total = compute({i}) + previous * {i}  # {_sentence(rng, 2, 8)}"
                                for i in range(15)) + "\n```"
    return "\n\n".join(f"{block}\n\n{_paragraph(rng, 80)}" for _ in range(5))


def _wide_tables(rng: random.Random) -> str:
    return "\n\n".join(f"{_table(rng, 12, 5)}\n\n{_paragraph(rng, 50)}" for _ in range(5))


def _numbered(rng: random.Random) -> str:
    return "\n\n".join(f"{i}. {_paragraph(rng, 60)}" for i in range(1, 40))


def _setext(rng: random.Random) -> str:
    return "\n\n".join(f"Heading {i}\n{'=' if i % 3 == 0 else '-' * 10}\n\n{_paragraph(rng, 120)}"
                       for i in range(15))


def _lists_and_paragraphs(rng: random.Random) -> str:
    return "\n\n".join(_list(rng, rng.randint(2, 6), rng.random() < 0.5) if rng.random() < 0.5
                       else _paragraph(rng, rng.randint(20, 150)) for _ in range(30))


SHAPES = {"nested-lists": _nested_lists, "quotes": _quotes, "hard-wrapped": _hard_wrapped, "code": _code,
          "wide-tables": _wide_tables, "numbered": _numbered, "setext": _setext,
          "lists-and-paragraphs": _lists_and_paragraphs,
          "one-long-paragraph": lambda rng: _paragraph(rng, 3000)}
DOCUMENTS = [(shape, seed) for shape in SHAPES for seed in (3, 4)] + [(f"corpus-{s[2]}-{s[1]}", s[0]) for s in CORPUS]


@cache
def markdown(name: str, seed: int) -> str:
    if name.startswith("corpus-"):
        return document(*next(s for s in CORPUS if s[0] == seed))
    return SHAPES[name](random.Random(seed))


@cache
def laid_out(name: str, seed: int, paper: str) -> float:
    return laid_out_pages(markdown(name, seed), paper=paper)


@pytest.mark.parametrize("paper", list(PAPER_SIZES))
@pytest.mark.parametrize(("name", "seed"), DOCUMENTS, ids=[f"{n}-{s}" for n, s in DOCUMENTS])
def test_the_estimate_is_within_a_quarter_page_of_the_layout(name: str, seed: int, paper: str) -> None:
    estimate, real = estimate_pages(markdown(name, seed), paper=paper), laid_out(name, seed, paper)
    assert abs(estimate - real) <= ESTIMATE_ERROR, (
        f"estimate {estimate:.2f} pages, layout {real:.2f}; the estimate assumes Times metrics "
        "(Liberation Serif, from fonts-liberation on Debian): is such a font installed?")


@pytest.mark.parametrize(("name", "seed"), [("quotes", 3), ("nested-lists", 4), ("corpus-prfaq-1200", 6)])
def test_the_layout_s_length_fills_its_page_count(name: str, seed: int) -> None:
    real = laid_out(name, seed, "A4")
    assert count_pages(markdown(name, seed)) == math.ceil(real) and real > 1


def test_an_empty_document_lays_out_to_no_pages() -> None:
    assert laid_out_pages("  \n") == 0.0
    assert 0 < laid_out_pages("One line.") < 0.1
    with pytest.raises(ValueError, match="unknown paper"):
        laid_out_pages("text", paper="A5")
