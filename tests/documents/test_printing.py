"""Print layout and page counting: the real layout, and the fast estimate held to it."""

from __future__ import annotations

import random
from functools import cache

from dayone.documents.printing import (
    count_pages,
)

WORDS = ["customer", "customers", "team", "teams", "launch", "launches", "product", "products", "service", "services", "price", "pricing", "cost", "costs", "revenue", "margin", "margins", "growth", "market", "markets", "seller", "sellers", "buyer", "buyers", "order", "orders", "delivery", "deliveries", "warehouse", "inventory", "forecast", "forecasts", "week", "weeks", "month", "months", "quarter", "year", "plan", "plans", "goal", "goals", "metric", "metrics", "input", "output", "review", "reviews", "decision", "decisions", "owner", "owners", "leader", "leaders", "problem", "problems", "solution", "solutions", "experience", "data", "signal", "signals", "feedback", "today", "tomorrow", "process", "processes", "tool", "tools", "account", "accounts", "support", "ticket", "tickets", "request", "requests", "the", "a", "an", "and", "or", "but", "because", "so", "that", "which", "who", "when", "where", "while", "with", "without", "into", "onto", "from", "for", "of", "to", "in", "on", "at", "by", "as", "is", "are", "was", "were", "be", "will", "can", "do", "does", "did", "have", "has", "had", "not", "only", "also", "each", "every", "first", "second", "third", "next", "last", "new", "old", "simple", "clear", "small", "large", "fast", "slow", "early", "late", "better", "worse", "build", "ship", "measure", "learn", "test", "scale", "reduce", "increase", "remove", "add", "change", "keep", "start", "stop", "run", "hire", "mechanism", "mechanisms", "flywheel", "selection", "convenience", "trust", "invention", "frugality", "ownership", "bar", "raiser", "narrative", "appendix", "press", "release", "frequently", "asked", "questions", "internal", "external", "working", "backwards", "single", "threaded", "two", "pizza", "one", "way", "door", "reversible", "irreversible", "anecdote", "anecdotes", "spreadsheet", "dashboard", "deep", "dive", "weekly", "business", "operational", "excellence", "availability", "latency", "throughput", "reliability", "durability", "onboarding", "checkout", "payment", "payments", "refund", "refunds", "return", "returns", "catalogue", "listing", "listings", "search", "ranking", "recommendation", "recommendations", "notification", "international", "localization", "compliance", "accessibility", "infrastructure", "dependency", "dependencies", "assumption", "assumptions", "economics", "profitability", "contribution", "headcount", "investment", "investments"]


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
    """A deterministic Markdown document of about `words` words, in one of several shapes."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < words:
        roll = rng.random()
        if shape in ("headings", "mixed", "prfaq") and (not parts or roll < 0.18):
            level = rng.choice(["#", "##", "##", "###"]) if shape != "prfaq" else "##"
            block = f"{level} {_sentence(rng, 2, 7).rstrip('.?!')}"
        elif shape in ("lists", "mixed") and roll < 0.4:
            block = _list(rng, rng.randint(3, 8), numbered=rng.random() < 0.4)
        elif shape in ("tables", "mixed") and roll < 0.55:
            block = _table(rng, rng.randint(2, 8), rng.randint(2, 4))
        elif shape == "prfaq" and roll < 0.6:
            block = f"**Q: {_sentence(rng, 5, 14).rstrip('.?!')}?**\n\n{_paragraph(rng, rng.randint(30, 110))}"
        elif shape == "long":
            block = _paragraph(rng, rng.randint(120, 240))
        elif shape == "short":
            block = _paragraph(rng, rng.randint(10, 50))
        else:
            block = _paragraph(rng, rng.randint(40, 150))
        parts.append(block)
        size += len(block.split())
    return "\n\n".join(parts) + "\n"


CORPUS = [
    (1, 150, "short"),
    (2, 300, "headings"),
    (3, 500, "lists"),
    (4, 700, "tables"),
    (5, 900, "long"),
    (6, 1200, "prfaq"),
    (7, 1500, "mixed"),
    (8, 1900, "short"),
    (9, 2300, "headings"),
    (10, 2700, "long"),
    (11, 3200, "lists"),
    (12, 3500, "mixed"),
    (13, 4000, "prfaq"),
    (14, 1100, "tables"),
]


@cache
def real_pages(seed: int, words: int, shape: str, paper: str) -> int:
    return count_pages(document(seed, words, shape), paper=paper)
