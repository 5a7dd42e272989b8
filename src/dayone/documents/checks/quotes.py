"""Quotations as press releases print them, and who is speaking.

A quotation is words between quotation marks — straight or curly, double or single
(British style), guillemets, low-high German marks — or a block quote. A quote *part*
of a press release is a quotation with its speaker: ``said Name, title``, ``Name
said``, ``according to Name``, or a block quote's attribution line (``— Name, title``).
"""

from __future__ import annotations

import re

# Single straight marks double as apostrophes: an opening one follows no letter and a
# closing one is followed by none (so "the customers' choice" is not a quotation).
# A quotation is at most QUOTED characters long, so a paragraph of stray marks costs
# linear time, not quadratic; and only a paragraph's first READ characters are read.
QUOTATION = re.compile(
    r"[\"“”«»„‟].{8,2000}?[\"“”«»‟]"
    r"|[‘‚‛].{8,2000}?[’‘‛]"
    r"|(?<![\w'’])'(?=\S).{8,2000}?(?<=\S)'(?![\w'])",
    re.S)
READ = 6_000
SPEECH = re.compile(r"\b(?:said|says|say|adds?|added|explain(?:s|ed)?|notes?|noted|comment(?:s|ed)|"
                    r"told|tells|recalls?|recalled|according to|wrote|writes|stated|states|remarked|"
                    r"shared|continued|concluded|observed|asked)\b"
                    r"|[\"”»’']\s*(?:—|–|―|--)\s*[^\W\d_]", re.I)  # “…” — Ana Lopes, head of Pay
ATTRIBUTION = re.compile(r"^\s*(?:—|–|―|--+|-)\s*[^\W\d_]", re.M)  # a block quote's "— Ana Lopes"
BLOCK_QUOTE = re.compile(r"^[ \t]{0,3}>", re.M)
# How a speaker is introduced: these read as someone outside the company, a customer.
CUSTOMER = re.compile(r"(?i:\b(?:customers?|users?|clients?|shoppers?|buyers?|owners?|members?|"
                      r"subscribers?|patients?|students?|parents?|teachers?|residents?|"
                      r"who\s|from\s|at\s+an?\s))|\bin\s+[A-Z][a-z]")
LEADER = re.compile(r"\b(?:ceo|cto|coo|cfo|chief|president|vice\s+president|vp|head|director|founder|"
                    r"co-founder|leader|general\s+manager|gm|manager|lead|owner\s+of\s+the\s+product)\b",
                    re.I)


def has_quotation(text: str, *, block_quote: bool = False) -> bool:
    """Whether the text quotes someone's words (a block quote counts as quotation marks)."""
    return block_quote or bool(QUOTATION.search(text, 0, READ))


def is_quote(text: str, *, block_quote: bool = False) -> bool:
    """Whether the text is a quote with its speaker: a quotation and a speech verb, or a
    block quote with an attribution line or a speech verb."""
    text = text[:READ]
    if block_quote:
        return bool(ATTRIBUTION.search(text) or SPEECH.search(text))
    return bool(QUOTATION.search(text) and SPEECH.search(text))


def speaker_text(text: str, *, block_quote: bool = False) -> str:
    """The words that introduce the speaker: a block quote's attribution line, or the
    text around the quotation marks."""
    text = text[:READ]
    if block_quote:
        line = ATTRIBUTION.search(text)
        return text[line.start():] if line else ""
    return QUOTATION.sub(" ", text)


def reads_as_customer(text: str, *, block_quote: bool = False) -> bool | None:
    """True when the speaker is introduced as a customer, False as a leader of the
    company, None when the words do not say."""
    around = speaker_text(text, block_quote=block_quote)
    if CUSTOMER.search(around):
        return True
    if LEADER.search(around):
        return False
    return None
