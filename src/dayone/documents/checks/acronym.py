"""`acronym-undefined`: spell an acronym out at its first use.

An acronym is defined where a parenthesis next to it spells it out — *Service Level
Agreement (SLA)* or *SLA (service level agreement)* — checked with Schwartz and Hearst's
rule (each letter, in order, from a word's start or inside it; the first from a word's
start), so a parenthesis that describes (*NPS (it rose in May)*) is no definition. Not
acronyms: the rule's `known` list and `allow`, units and currency codes, quarters, Roman
numerals (of I, V and X, or of any letters after a label: *Phase II*, *Super Bowl LVII* —
*CI*, *CLI* and *CD* are acronyms), and English words in capitals for emphasis (*FREE*,
*NOT*)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dayone.documents.checks.options import Whole, Words
from dayone.documents.checks.prose import word_after, word_before
from dayone.documents.checks.rule import Context, Rule
from dayone.findings import Finding, Level

KNOWN = ["US", "UK", "EU", "UN", "CEO", "CFO", "COO", "CTO", "VP", "HR", "IT", "PR", "FAQ", "AM",
         "PM", "OK", "TV", "PDF", "ID", "USA", "GDP", "AI"]
KNOWN_BEFORE_CALIBRATION = list(KNOWN)
# Computing words every reader of a software document knows: on the real-prose corpus
# (docs/writing-checker.md) they were a third of this rule's flags and none was useful.
KNOWN += ["API", "SDK", "UI", "URL", "HTTP", "HTTPS", "HTML", "CSS", "JSON", "XML", "YAML", "CSV",
          "SQL", "CPU", "GPU", "RAM", "OS", "IDE", "GUI", "REST", "SSL", "TLS", "DNS", "IP", "TCP",
          "USB", "RFC", "LTS", "CLI"]
# Household abbreviations every adult reader knows (a company, a science word, office jargon):
# spelling them out would puzzle more readers than it helps.
KNOWN += ["IBM", "NASA", "BBC", "DNA", "RSS", "GPS", "SMS", "ATM", "PIN", "DVD", "KPI", "ROI", "TBD",
          "TBA", "FYI", "ASAP", "ETA"]
UNITS = {"GB", "MB", "KB", "TB", "PB", "GHZ", "MHZ", "KWH", "MWH", "GW", "MW", "KW"}
CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK"}
ROMAN = re.compile(r"^(?=[MDCLXVI]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
SMALL_ROMAN = re.compile(r"^[IVX]+$")
NUMERAL_LABELS = {"part", "phase", "title", "chapter", "volume", "vol", "book", "act", "scene", "article",
                  "section", "appendix", "annex", "schedule", "bowl", "war", "tier", "stage", "level",
                  "grade", "class", "type", "league", "gen", "generation", "mark", "mk", "series", "model",
                  "version", "year", "round", "step", "pope", "king", "queen", "louis", "henry", "george",
                  "edward", "elizabeth", "charles", "olympiad", "games"}
# English words people write in capitals for emphasis; longer all-letter words (over five)
# are never read as acronyms
SHOUTED = set("""
A AN THE AND OR BUT NOT NO YES NOR SO IF THEN THAN AS AT BY FOR FROM IN INTO OF ON ONTO TO UP
DOWN OUT OFF OVER WITH IS ARE WAS WERE BE BEEN AM DO DOES DID DONE DONT CAN CANT WILL WONT
MUST MAY HAVE HAS HAD GET GOT MAKE MADE GO GOES WENT GONE SEE SAW SEEN SAY SAID USE USED
ALL ANY EACH EVERY SOME NONE MANY MUCH MORE MOST LESS LEAST FEW ONLY JUST EVEN EVER NEVER
ALWAYS NOW HERE THERE WHERE WHEN WHY HOW WHAT WHO WHOM WHICH THIS THAT THESE THOSE YOU YOUR
WE OUR OURS THEY THEIR THEM HE SHE HIS HER ITS I ME MY MINE FREE NEW OLD BIG SMALL HUGE BEST
GOOD BAD WORST SAME REAL TRUE FALSE FULL HALF ZERO ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE
TEN FIRST LAST NEXT STOP START WAIT READ NOTE WARN ALERT HELP SAVE SALE DEAL OPEN SHUT LIVE
DEAD HOT COLD FAST SLOW EASY HARD ONCE TWICE STILL VERY REALLY TOO ALSO AGAIN WHILE UNTIL
AFTER ABOUT ABOVE BELOW UNDER SINCE THANK THANKS PLEASE SORRY WOW OH HEY HI OKAY FINE RIGHT
WRONG LEFT KEEP LOSE LOST WIN WON PAY PAID OWN LIKE LOVE HATE WANT NEED ASK TELL GIVE TAKE
BUY SELL SOLD SHIP SEND CALL ACT NEW NEWS WORD WORDS DAY DAYS WEEK YEAR TIME TODAY SOON LATE
EARLY MONEY CASH PRICE COST RISK SAFE SURE HOME WORK TEAM PLAN GOAL WHOLE HIGH LOW LONG SHORT
""".split())
QUARTER = re.compile(r"^[QH][1-4]$")  # quarters and halves: Q3, H2
ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]*[A-Z0-9])(s)?(?![\w-])")
# an organisation's name: "ZOT Group", "OASIS Technical Committee" (a name, not a term to decode)
ORGANISATION_NEXT = re.compile(r"(?:\s+[A-Z][\w&.-]*){0,2}?\s+(?:Group|Inc|Incorporated|Corp|Corporation|Ltd|LLC|"
                               r"GmbH|PLC|Foundation|Committee|Consortium|Association|Institute|Society|"
                               r"University|Labs|Laboratories|Technologies|Company|Holdings|Partners)\b")
DATELINE_REACH = 300  # characters
# a city in capitals of any script (ZÜRICH, SÃO PAULO): letters that are not ASCII lower case
DATELINE = re.compile(r"^[^\W\d_a-z][^\W\d_a-z .,'’-]+(?:,\s*[^\W\d_][^\W\d_. ]*)?\s*[—–-]+\s*"
                      r"(?:\([^)]*\)\s*[—–-]+\s*)?")


def _is_acronym(token: str) -> bool:
    letters = sum(c.isalpha() for c in token)
    capitals = sum(c.isupper() for c in token)
    return letters >= 1 and (capitals >= 2 or (capitals == 1 and any(c.isdigit() for c in token)))


def spells_out(acronym: str, text: str) -> bool:
    """Whether ``text`` ends with a long form of ``acronym`` (Schwartz and Hearst, 2003):
    each of its letters, from the last, is found in order, the first at the start of a word;
    its digits anywhere."""
    letters = [c.lower() for c in acronym.rstrip("s") if c.isalpha()] or [c.lower() for c in acronym]
    if any(c.isdigit() and c not in text for c in acronym):
        return False  # digits may sit anywhere: "95th percentile latency (P95)"
    at = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        c = letters[index]
        while at >= 0 and (text[at].lower() != c or (index == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def _defined_here(text: str, start: int, end: int, token: str) -> bool:
    """The acronym at ``start:end`` is spelled out by the parenthesis after it, or is the
    parenthesis after its long form."""
    after = PAREN_AFTER.match(text, end)
    if after and spells_out(token, " ".join(after.group(1).split()[:2 * len(token) + 2])):
        return True  # "SLA (service level agreement: our promise…)"
    opening = OPEN_BEFORE.search(text, max(0, start - 16), start)
    if opening and CLOSE_NEXT.match(text, end):
        words = text[max(0, opening.start() - 200):opening.start()].split()[-(len(token) + 5):]
        return bool(words) and spells_out(token, " ".join(words))  # "Net Promoter Score (NPS, …)"
    return False


PAREN_AFTER = re.compile(r"\s*\(([^()\n]{1,200})\)")
OPEN_BEFORE = re.compile(r"\(\s*(?:(?:or|hereafter|the|aka|a\.k\.a\.)\s+)?[\"“'‘]?\s*$", re.I)
CLOSE_NEXT = re.compile(r"s?[\"”'’]?\s*[),;:]")


def _shouted(word: str) -> bool:
    """An English word in capitals: on the list, or all letters and over five of them."""
    return word.isupper() and word.isalpha() and (len(word) > 5 or word in SHOUTED)


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’.,;:!?()")


def _numeral(text: str, start: int, token: str) -> bool:
    if not ROMAN.match(token):
        return False
    return bool(SMALL_ROMAN.match(token)) or word_before(text, start).strip("(,").lower() in NUMERAL_LABELS


def check(ctx: Context) -> Iterator[Finding]:
    known = {w.upper() for w in ctx.words_option("known", allow_adds=True)} | UNITS | CURRENCIES
    shortest = int(ctx.option("min_length"))
    defined: set[str] = set()
    for sentence in ctx.doc.prose:
        text = sentence.text
        skip_until = 0
        # a dateline is short: looking no further keeps the backtracking pattern cheap
        if sentence.block.start == sentence.start and (m := DATELINE.match(text, 0, DATELINE_REACH)):
            skip_until = m.end()  # SEATTLE, WA — (BUSINESS WIRE) — is a dateline, not acronyms
        for match in ACRONYM.finditer(text):
            token = match.group(1)
            if match.start() < skip_until or not _is_acronym(token) or token in known or len(token) < shortest \
                    or _numeral(text, match.start(), token) or QUARTER.match(token) or token in defined:
                continue
            if ORGANISATION_NEXT.match(text, match.end()):
                continue  # "ZOT Group": an organisation's name
            if _defined_here(text, match.start(), match.end(), token):
                defined.add(token)  # "SLA (service level agreement)" or "… (SLA)"
                continue
            neighbours = (_bare(word_before(text, match.start())), _bare(word_after(text, match.end())))
            if _shouted(token) or (token.isalpha() and any(_shouted(n) for n in neighbours)):
                continue  # a shouted word, or one in a shouted run ("DO NOT REPLY"), not an acronym
            defined.add(token)  # report the first use only
            yield ctx.finding(
                sentence.start + match.start(), sentence.start + match.end(),
                f"`{token}` is not spelled out at its first use; not every reader knows it.",
                f"Write the long form first: \"Long Form ({token})\".")


# Two characters (V1, L3, M0, VS Code) were labels or names in every real-prose flag: a
# reader does not stumble on them, so the default reports acronyms of three or more.
RULE = Rule("acronym-undefined", Level.WARNING, "acronyms not spelled out", check,
            defaults={"known": KNOWN, "min_length": 3}, kinds={"known": Words(), "min_length": Whole(2, 20)})
