"""`acronym-undefined`: spell an acronym out at its first use."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.options import Words
from dayone.documents.checks.prose import word_after, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

KNOWN = ["US", "UK", "EU", "UN", "CEO", "CFO", "COO", "CTO", "VP", "HR", "IT", "PR", "FAQ", "AM",
         "PM", "OK", "TV", "PDF", "ID", "USA", "GDP", "AI"]
UNITS = {"GB", "MB", "KB", "TB", "PB", "GHZ", "MHZ", "KWH", "MWH", "GW", "MW", "KW"}
CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK"}
ROMAN = re.compile(r"^(?=[MDCLXVI]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
QUARTER = re.compile(r"^[QH][1-4]$")  # quarters and halves: Q3, H2
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]*[A-Z0-9])(s)?(?![\w-])")
DATELINE_REACH = 300  # characters
# a city in capitals of any script (ZÜRICH, SÃO PAULO): letters that are not ASCII lower case
DATELINE = re.compile(r"^[^\W\d_a-z][^\W\d_a-z .,'’-]+(?:,\s*[^\W\d_][^\W\d_. ]*)?\s*[—–-]+\s*"
                      r"(?:\([^)]*\)\s*[—–-]+\s*)?")


def _is_acronym(token: str) -> bool:
    letters = sum(c.isalpha() for c in token)
    capitals = sum(c.isupper() for c in token)
    return letters >= 1 and (capitals >= 2 or (capitals == 1 and any(c.isdigit() for c in token)))


def check(ctx: Context) -> Iterator[Finding]:
    known = {w.upper() for w in ctx.words_option("known")} | UNITS | CURRENCIES
    defined: set[str] = set()
    for sentence in ctx.doc.prose:
        text = sentence.text
        skip_until = 0
        # a dateline is short: looking no further keeps the backtracking pattern cheap
        if sentence.block.start == sentence.start and (m := DATELINE.match(text, 0, DATELINE_REACH)):
            skip_until = m.end()  # SEATTLE, WA — (BUSINESS WIRE) — is a dateline, not acronyms
        for match in ACRONYM.finditer(text):
            token = match.group(1)
            if match.start() < skip_until or not _is_acronym(token) or token in known \
                    or ROMAN.match(token) or QUARTER.match(token) or token in defined:
                continue
            if word_after(text, match.end()).startswith("(") or word_before(text, match.start()).endswith("("):
                defined.add(token)  # "SLA (service level agreement)" or "… (SLA)"
                continue
            if token.isupper() and len(token) > 5 and token.isalpha():
                continue  # a shouted word, not an acronym
            defined.add(token)  # report the first use only
            yield ctx.finding(
                sentence.start + match.start(), sentence.start + match.end(),
                f"`{token}` is not spelled out at its first use; not every reader knows it.",
                f"Write the long form first: \"Long Form ({token})\".")


RULE = Rule("acronym-undefined", Level.WARNING, "acronyms not spelled out", check,
            defaults={"known": KNOWN}, kinds={"known": Words()})
