"""Each kind of fault behind issue 11's field cases, with more examples of each than the
cases hold (and hypothesis where the input space is wide): where sentences end, what a word
is, passives, numbers, acronyms, the committing senses of hedge words, byte-order marks,
thematic breaks, YAML errors, nesting at any depth, table cells and readability."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dayone.documents.checks import check_markdown, quality
from dayone.documents.checks.acronym import spells_out
from dayone.documents.checks.engine import RULES
from dayone.documents.checks.number_unit import CURRENCY
from dayone.documents.checks.prose import is_number_word
from dayone.documents.checks.readability import document_readability
from dayone.documents.checks.sentences import ABBREVIATIONS, LABELS, sentence_spans
from dayone.documents.checks.syllables import number_syllables, syllables
from dayone.documents.checks.text import Doc

# the rules' logic at their strictest (every weasel word, every passive, 20 words a sentence):
# the defaults, calibrated on real prose, report less (test_checker_real_prose.py)
QUIET = quality.LABELLED_SETTINGS


def found(text: str, code: str | None = None, **kw: Any) -> list[tuple[str, int, int, int, int]]:
    """(code, line, column, end line, end column) of each finding, of one code or all."""
    result = check_markdown(text, doc_type=kw.pop("doc_type", "narrative"), settings=kw.pop("settings", QUIET))
    return [(f.code, f.location.line or 0, f.location.column or 0, f.location.end_line or 0,
             f.location.end_column or 0) for f in result.findings if code is None or f.code == code]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


# --- where sentences end ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The page loads in 180 ms. The cache warms itself.", 2),
    ("Does it cost extra? No. It comes with every plan.", 3),
    ("Ask for item No. 5 at the desk.", 1),
    ("The model is in Appendix A. It shows each line.", 2),
    ("Choose Option B. It costs less.", 2),
    ("John A. Smith leads the team.", 1),
    ("We met Dr. Lee and Ms. Park on Monday.", 1),
    ("See Fig. 3 for the trend.", 1),
    ("We sell pears, plums, etc. Next week we add figs.", 2),
    ("Pears, plums, etc. are in stock.", 1),
    ("The store opens at 9 a.m. and closes at 5 p.m. It is open on Sundays.", 2),
    ("We use a queue, e.g. Kafka, for orders.", 1),
    ("The U.S. Army buys from us.", 1),
    ("Stall owners pay in one tap... even with no signal.", 1),
    ("Stall owners pay in one tap… even with no signal.", 1),
    ("We waited... Then the order came.", 2),
    ("Ship it, approx. three weeks from now.", 1),
    ("We grew in 2026. 40 new stores opened.", 2),
    ('He said "we ship today." Then he left.', 2),
    ("The page loads in 2 s. The cache warms itself.", 2),
    ("We sell in the U.S. The EU follows in May.", 2),
    ("Choose plan A. The board agrees.", 2),
    ("We waited . . . then the order came.", 1),
    ("We waited . . . Then the order came.", 2),
    ("It costs Rs. 499 a month.", 1),
])
def test_where_sentences_end(text: str, expected: int) -> None:
    assert len(sentences(text)) == expected, sentences(text)


WORDS = st.text(alphabet="abcdefghijklmnoprstuvwy", min_size=2, max_size=9).filter(
    lambda w: w not in ABBREVIATIONS and w not in LABELS)  # "option J. R. Smith" is ambiguous
ABBREVIATED = st.sampled_from(["e.g.", "i.e.", "vs.", "Dr.", "approx.", "No. 5", "Fig. 2", "etc. and",
                               "Jan. 3", "Appendix A. and", "180 ms and", "a.m. and", "J. R. Smith"])
SENTENCE = st.tuples(WORDS, st.lists(WORDS | ABBREVIATED, min_size=0, max_size=12),
                     st.sampled_from([".", "?", "!", "...", "…"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=6), st.sampled_from([" ", "\n", "  "]))
def test_sentences_built_with_abbreviations_are_found_whole(parts: list[Any], gap: str) -> None:
    """Sentences that start with a capital and hold abbreviations anywhere inside are
    found one for one, at their exact offsets."""
    written = [" ".join([first.capitalize(), *rest]) + end for first, rest, end in parts]
    text = gap.join(written)
    assert sentences(text) == written


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .?!…\"')\n12AB-—")), max_size=80))
def test_sentence_spans_are_ordered_stripped_and_in_bounds(text: str) -> None:
    last = 0
    for start, end in sentence_spans(text):
        assert last <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip() and any(c.isalnum() for c in text[start:end])
        last = end


def test_a_wrapped_line_that_starts_with_a_number_is_prose() -> None:
    text = "We open the second warehouse after the pilot ends in\n2027. The lease is signed.\n"
    assert len(Doc(text).sentences) == 2 and "2027." in Doc(text).masked
    listed = "Steps:\n\n1. Sign the lease.\n2. Order the racks.\n"
    assert "1." not in Doc(listed).masked and "2." not in Doc(listed).masked


@pytest.mark.parametrize(("text", "words"), [
    ("The team—four engineers—rebuilt it.", 6),
    ("The team--four engineers--rebuilt it.", 6),
    ("The team–four engineers–rebuilt it.", 6),
    ("The team — four engineers — rebuilt it.", 6),
    ("Set max_words to 25 in the file.", 7),
    ("A cloud-based, 10-20% cheaper plan.", 5),
    ("A cloud-based, 10–20% cheaper plan.", 6),  # "ten to twenty per cent"
])
def test_what_a_word_is(text: str, words: int) -> None:
    (sentence,) = Doc(text).sentences
    assert len(sentence.words) == words


# --- passive voice ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The refund wasn't approved until May 2026.", "The refund was not approved.",
    "It's handled by an outside agency.", "They're reviewed by the board.", "It isn't paid by card.",
    "The order was sent on 3 May 2026.", "The store was rebuilt after the fire.", "The crates were flown in.",
    "I'm told the plan changed.", "The refund hasn't been approved.", "The order's been shipped.",
    "The launch was overridden by the board.", "The product was unveiled in Paris.",
    "The app was re-released on 3 May 2026.", "The company was co-founded by two sellers.",
    "The debt is owed by the seller.", "The seller was sued in 2026.",
])
def test_passives_are_found(text: str) -> None:
    assert found(text, "passive-voice"), text


@pytest.mark.parametrize("text", [
    "Storage is unlimited.", "Demand is unprecedented.", "The service is cloud-based.",
    "The paper form is gone.", "The plan is data-driven.", "The brand is well-known.",
    "The result is unexpected.", "The outage has happened twice this year.",
    "The model is AI-powered.", "The card is expired.", "Support is unavailable on Sundays.",
    "The results are mixed.", "The price list is outdated.", "Rural sellers are underserved.",
    "Setup is included in every plan.",
])
def test_stative_adjectives_are_not_passives(text: str) -> None:
    assert found(text, "passive-voice") == [], text


# --- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The plan costs ₹499.", "The plan costs €20.", "The plan costs £3.50.", "The plan costs $5.",
    "The plan costs ¥800.", "Returns fell 10–20% in May 2026.", "Returns fell 10 to 20% this spring.",
    "Prices rose $10–20 this spring.", "Prices rose from $10 to 20 last spring.",
    "Sellers rate the app 4.6 out of 5.", "The fix ships in iOS 17.", "We tested on Android 14.",
    "Repeat orders rose to 58% in May.[^2]\n\n[^2]: The annual report.",
    "Customer accounts grew from 180,000 to 1,510,000.", "Our employee count grew from 158 to 614.",
    "We grew paying accounts from 200 to 340.", "Active sellers have steadily risen to 8,400.",
    "It costs Rs. 499.", "It costs € 20.", "Share rose to 58 per cent.", "Repeat orders rose 12%.[2]",
    "It runs on Node.js 20.", "Our staff grew from 158 to 614.", "Conversion rose (p < 0.05).",
])
def test_numbers_that_say_what_they_count(text: str) -> None:
    assert found(text, "number-without-unit") == [], text


@pytest.mark.parametrize("text", [
    "Latency fell from 300 to 120.", "Revenue grew from 3 to 5.", "Sales grew 15 last quarter.",
    "Sales fell from 300 to 120.", "The score went from 3 to 4.",
])
def test_numbers_that_say_nothing_of_what_they_count(text: str) -> None:
    assert found(text, "number-without-unit"), text


YEARS = {str(y) for y in range(1900, 2101)}
AMOUNTS = st.one_of(st.integers(0, 10**9).map(lambda n: f"{n:,}"), st.integers(0, 10**6).map(str),
                    st.decimals(0, 10**5, places=2, allow_nan=False, allow_infinity=False).map(str))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(CURRENCY)), AMOUNTS, AMOUNTS, st.sampled_from(["–", "-", " to ", " and "]))
def test_money_percentages_ranges_and_ratings_have_units(symbol: str, a: str, b: str, dash: str) -> None:
    for text in (f"The plan costs {symbol}{a}.", f"Returns fell {a}{dash}{b}% in the pilot.",
                 f"The plans cost {symbol}{a}{dash}{b}.", f"Sellers rate it {a} out of {b}."):
        assert found(text, "number-without-unit") == [], text
    if not {a, b} & YEARS:  # a year is a date, not a count
        assert found(f"Latency fell from {a} to {b}.", "number-without-unit")  # the rule still reads


@pytest.mark.parametrize(("word", "number"), [
    ("sixty", True), ("forty-two", True), ("two-thirds", True), ("fivefold", True), ("hundreds", True),
    ("seventeen", True), ("often", False), ("-", False), ("tone", False), ("net", False),
])
def test_numbers_written_as_words(word: str, number: bool) -> None:
    assert is_number_word(word) is number


def test_a_comparative_with_a_number_in_words_has_its_baseline() -> None:
    assert found("The new kit is cheaper by sixty euros a unit.", "comparative-without-baseline") == []
    assert found("The new kit is cheaper by forty-two euros.", "comparative-without-baseline") == []
    assert found("The new kit is cheaper.", "comparative-without-baseline")


# --- acronyms --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "flagged"), [
    ("Returns are FREE for members, and this is NOT a trial.", []),
    ("Our CI runs the CLI tests before each CD release.", ["CI", "CLI", "CD"]),
    ("We ship Phase II in May and Phase III in June.", []),
    ("Tickets for Super Bowl LVII sold out.", []),
    ("We track NPS (it rose in May).", ["NPS"]),
    ("We track Net Promoter Score (NPS) weekly.", []),
    ("We track NPS (net promoter score) weekly.", []),
    ("The 95th percentile latency (P95) is 310 ms.", []),
    ("The Service Level Agreements (SLAs) are signed.", []),
    ("DO NOT REPLY TO THIS EMAIL.", []),
    ("We run on the AWS CLI.", ["AWS", "CLI"]),
    ("We track Net Promoter Score (NPS, a loyalty measure) weekly.", []),
    ("Our SLA (service level agreement: our promise to answer within an hour) holds.", []),
    ("We use SQS (a queue) for orders.", ["SQS"]),
    ("The senior leadership team (or “SLT”) meets on Monday.", []),
])
def test_acronyms(text: str, flagged: list[str]) -> None:
    result = check_markdown(text, doc_type="narrative", settings=QUIET)
    tokens = [text[f.location.column - 1:f.location.end_column - 1]  # type: ignore[operator]
              for f in result.findings if f.code == "acronym-undefined"]
    assert tokens == flagged


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10), min_size=2, max_size=6))
def test_initials_of_a_long_form_spell_it_out(words: list[str]) -> None:
    long_form = " ".join(w.capitalize() for w in words)
    assert spells_out("".join(w[0] for w in words).upper(), long_form)
    assert spells_out("".join(w[0] for w in words).upper(), long_form.lower())


def test_allow_adds_acronyms_and_known_still_replaces() -> None:
    text = "Each SKU maps to one ASIN."
    assert found(text, "acronym-undefined", settings={"acronym-undefined": {"allow": ["SKU", "ASIN"]}}) == []
    assert len(found(text, "acronym-undefined", settings={"acronym-undefined": {"allow": ["SKU"]}})) == 1


# --- hedge words in committing senses ---------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("Acme Pay is generally available in the EU.", "weasel-word"),
    ("We pay drivers fairly.", "weasel-word"),
    ("We treat sellers fairly and quickly.", "weasel-word"),
    ("Sellers would rather pay per order.", "weasel-word"),
    ("Sellers prefer monthly bills, or rather bills they can predict.", "weasel-word"),
    ("As many as 4,000 sellers joined the waitlist.", "weasel-word"),
    ("Should demand pass 500 orders a day, we add a shift.", "weasel-word"),
    ("This is the very process we fixed.", "weasel-word"),
    ("The summit was held virtually.", "weasel-word"),
    ("The goods are fairly priced.", "weasel-word"),
    ("Conversion rose significantly (p = 0.01).", "weasel-word"),
    ("We add a shift, should demand pass 500 orders a day.", "weasel-word"),
    ("We email the receipt as soon as the payment clears.", "vague-time"),
    ("Open the most recently used file.", "vague-time"),
    ("The store is eventually consistent across regions.", "vague-time"),
])
def test_hedge_words_in_committing_senses_are_not_flagged(text: str, code: str) -> None:
    assert found(text, code) == [], text


@pytest.mark.parametrize(("text", "code"), [
    ("The new plan is generally cheaper.", "weasel-word"),
    ("The new plan is fairly cheap.", "weasel-word"),
    ("The plan is rather expensive.", "weasel-word"),
    ("Many sellers joined the waitlist.", "weasel-word"),
    ("We should add a shift.", "weasel-word"),
    ("It is a very good process.", "weasel-word"),
    ("We will fix it as soon as possible.", "vague-time"),
    ("We will eventually fix it.", "vague-time"),
])
def test_hedge_words_that_hedge_are_still_flagged(text: str, code: str) -> None:
    assert found(text, code), text


# --- the document around the prose -------------------------------------------------------

def test_a_byte_order_mark_is_not_a_column() -> None:
    assert found("\ufeffSales grew significantly.", "weasel-word") == [("weasel-word", 1, 12, 1, 25)]
    text = "\ufeff---\ntype: narrative\nchecks:\n  weasel-word: off\n---\nSales grew significantly.\n"
    assert found(text, "weasel-word", settings=None) == [] and Doc(text).front_matter["type"] == "narrative"


@pytest.mark.parametrize(("text", "front"), [
    ("---\n\nWe will probably ship.\n\n---\n\nThe team agrees.\n", False),
    ("---\nWe will probably ship.\n\n---\n", False),
    ("---\n- We will probably ship.\n- The team agrees.\n---\n", False),
    ("---\n\nWe will probably ship: soon, and it: [works\n\n---\n", False),  # prose with colons
    ("---\ntitle: Plan\n---\nWe will probably ship.\n", True),
    ("---\n# only a comment\n---\nWe will probably ship.\n", True),
    ("---\ntitle: [Draft] Plan: a plan\n---\nWe will probably ship.\n", True),
])
def test_front_matter_or_a_thematic_break(text: str, front: bool) -> None:
    doc = Doc(text)
    assert (doc.body_start > 0) is front
    assert [code for code, *_ in found(text, "weasel-word")] == ["weasel-word"]  # "probably", as prose


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 12), st.sampled_from(["title: [Draft] Plan: x", "key: 'unclosed", "a: b: c",
                                            "list: [1, 2", "\tkey: tab"]))
def test_a_yaml_error_is_reported_at_its_own_line(good_lines: int, broken: str) -> None:
    keys = "".join(f"key{n}: value {n}\n" for n in range(good_lines))
    text = f"---\n{keys}{broken}\n---\nWe ship on 3 May 2027.\n"
    result = check_markdown(text, doc_type="narrative")
    (problem,) = [f for f in result.findings if f.code == "front-matter"]
    assert problem.location.line == good_lines + 2  # after the opening --- and the good keys
    assert f"(line {good_lines + 2})" in problem.message


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 80), st.sampled_from(["list", "quote", "both"]))
def test_lists_and_quotes_at_any_depth_are_prose(depth: int, kind: str) -> None:
    lines = []
    for level in range(depth):
        prefix = {"list": "  " * level + "- ", "quote": "> " * (level + 1), "both": "> - " * (level + 1)}[kind]
        lines.append(f"{prefix}step {level} is very late")
    text = ("\n\n" if kind == "both" else "\n").join(lines) + "\n"  # "both": each its own nest
    weasels = found(text, "weasel-word")
    assert len(weasels) == depth
    for (_, _line, column, _, end), source in zip(weasels, lines, strict=True):
        assert source[column - 1:end - 1] == "very"
    if kind == "list":
        (bullets,) = found(text, "bullet-in-narrative", settings=quality.STRICT_SETTINGS)
        assert bullets[1:] == (1, 1, depth, len(lines[-1]) + 1)


def test_table_cells_are_read_by_the_word_rules_only() -> None:
    text = ("Returns by region follow.\n\n| region | very many |\n|---|---|\n"
            "| North | We saw very many returns, soon after launch, which was approved by the team "
            "and made the whole region a lot happier than it had been in the many years before. |\n"
            "| South | 300 |\n| East | cheaper |\n| West | Our SLA holds. |\n")
    codes = [(code, line) for code, line, *_ in found(text)]
    assert ("weasel-word", 5) in codes and ("vague-time", 5) in codes and ("passive-voice", 5) in codes
    assert ("acronym-undefined", 8) in codes
    assert not [c for c in codes if c[0] in ("sentence-length", "number-without-unit",
                                              "comparative-without-baseline")]
    assert not [c for c in codes if c[1] == 3]  # the header row is a heading, not prose


# --- readability -------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "count"), [  # the CMU Pronouncing Dictionary's counts
    ("created", 3), ("tested", 2), ("funded", 2), ("added", 2), ("edited", 3), ("noted", 2),
    ("needed", 2), ("decided", 3), ("asked", 1), ("walked", 1), ("area", 3), ("idea", 3),
    ("table", 2), ("business", 2), ("every", 3), ("quietly", 3), ("reorder", 3),
])
def test_syllables_of_words(word: str, count: int) -> None:
    assert syllables(word) == count


@pytest.mark.parametrize(("number", "count"), [
    ("7", 2), ("12", 1), ("58%", 5), ("2027", 7), ("4.6", 3), ("100", 3), ("1,510,000", 9), ("$5", 3),
])
def test_syllables_of_numbers(number: str, count: int) -> None:
    assert number_syllables(number) == count


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["We", "sell", "tea", "extraordinarily", "institutional", "2027", "58%",
                                 "go", ".", ".", "?"]), max_size=60))
def test_grade_and_ease_stay_on_their_scales(words: list[str]) -> None:
    grade = document_readability(Doc(" ".join(words) + "\n"))
    assert grade.grade >= 0 and 0 <= grade.ease <= 100


# --- settings written in a --config file ----------------------------------------------------

@pytest.mark.parametrize(("config", "line", "says"), [
    ("checks:\n  sentence-length: {max_words: twenty}\n", 2,
     "checks.sentence-length.max_words: 'twenty' is not allowed; use a whole number from 1 to 500"),
    ("checks:\n  sentence-length:\n    max_words: -3\n", 3, "checks.sentence-length.max_words: -3 is not allowed"),
    ("sentence-length:\n  max_words: 2.5\n", 2, "checks.sentence-length.max_words: 2.5 is not allowed"),
    ("checks:\n  acronym-undefined:\n    allow: SKU\n", 3,
     "checks.acronym-undefined.allow: 'SKU' is not allowed; use a list of at most 1,000 words"),
    ("checks:\n  readability: {max_grade: high}\n", 2, "checks.readability.max_grade: 'high' is not allowed"),
    ("checks:\n  weasel-word: {extra_words: [ok, 3]}\n", 2, "checks.weasel-word.extra_words: ['ok', 3]"),
    ("checks:\n  passive-voice: sometimes\n", 2, "checks.passive-voice: 'sometimes' is not allowed"),
])
def test_a_bad_option_in_a_config_file_is_a_finding_at_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str, line: int, says: str) -> None:
    from dayone.cli.main import run

    (tmp_path / "doc.md").write_text("We sell tea to 40 families in Tacoma.\n")
    settings_file = tmp_path / "rules.yaml"
    settings_file.write_text(config)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        run(["check", str(tmp_path / "doc.md"), "--config", str(settings_file)])
    out, err = capsys.readouterr()
    assert exit_.value.code == 1 and err == ""
    (problem,) = [row for row in out.splitlines() if "check-config" in row]
    assert problem.startswith(f"{settings_file}:{line}:1: error check-config {settings_file}: ")
    assert says in problem



OPTIONS = sorted((code, name) for code, rule in RULES.items() for name in rule.options())

PRINTABLE = st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"))  # what YAML may hold
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
           | st.text(PRINTABLE, max_size=8) | st.sampled_from(["twenty", "-3", "20", "A4", "SKU", ""]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option=st.sampled_from(OPTIONS), value=VALUES)
def test_any_option_value_in_a_config_file_is_used_or_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], option: tuple[str, str], value: Any) -> None:
    """`dayone check --config`: whatever a file gives an option, the check runs; a value its
    kind refuses is one check-config finding at the option's line, naming what is allowed."""
    from dayone.cli.main import run

    code, name = option
    doc, rules = tmp_path / "doc.md", tmp_path / "rules.yaml"
    doc.write_text("We sell tea to 40 families in Tacoma.\n")
    rules.write_text(f"checks:\n  {code}:\n    {name}: {json.dumps(value, ensure_ascii=False)}\n")
    loaded = yaml.safe_load(rules.read_text())["checks"][code][name]
    capsys.readouterr()
    try:
        run(["check", str(doc), "--config", str(rules), "--format", "json", "--estimate"])
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert err == "" and status == (0 if RULES[code].options()[name].accepts(loaded) else 1)
    (result,) = json.loads(out)
    problems = [f for f in result["findings"] if f["code"] == "check-config"]
    kind = RULES[code].options()[name]
    if kind.accepts(loaded):
        assert problems == []
    else:
        (problem,) = problems
        assert (problem["file"], problem["line"]) == (str(rules), 3)
        assert f"checks.{code}.{name}" in problem["message"] and kind.allowed in problem["message"]
