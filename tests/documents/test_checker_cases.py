"""The field cases of issue 11 (tests/documents/cases/checker/, copied from the shared
cases): each file is checked by `dayone check FILE --format json`, the real entry point,
and must give the result its first comment states — the findings it names at their
positions (`line:col-endline:endcol`, code points, end exclusive) and none of the codes it
rules out. Positions are in code points; the editor's side of `wrong-position-emoji` is
tests/browser/test_documents_browser.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dayone.cli.main import run

CASES = Path(__file__).parent / "cases" / "checker"
Span = tuple[str, str]  # (code, "line:col-endline:endcol")

# case → (findings that must be there, codes that must not be there)
EXPECTED: dict[str, tuple[list[Span], set[str]]] = {
    "abbrev-merge-ms-no": ([], {"*"}),
    "acronym-shouted-word": ([], {"acronym-undefined"}),
    "config-acronym-allow": ([], {"acronym-undefined"}),
    "ellipsis-subheading": ([], {"subheading-one-sentence"}),
    "em-dash-undercount": ([("sentence-length", "2:1-2:138")], set()),
    "footnote-ref-number": ([], {"number-without-unit"}),
    "hard-wrap-year-masked": ([("passive-voice", "3:17-3:34")], {"vague-time", "sentence-length"}),
    "number-words-comparative": ([], {"comparative-without-baseline"}),
    "passive-contraction-fn": ([("passive-voice", "2:12-2:27"), ("passive-voice", "2:54-2:66")], set()),
    "passive-stative-adjectives": ([], {"passive-voice"}),
    "percent-range": ([], {"number-without-unit"}),
    "rating-out-of": ([], {"number-without-unit"}),
    "roman-numeral-acronyms": ([("acronym-undefined", "2:5-2:7"), ("acronym-undefined", "2:17-2:20"),
                                ("acronym-undefined", "2:39-2:41")], set()),
    "rupee-currency": ([], {"number-without-unit"}),
    "table-cells-unchecked": ([("weasel-word", "6:18-6:22"), ("weasel-word", "6:23-6:27"),
                               ("vague-time", "6:37-6:41")], {"sentence-length"}),
    "thematic-break-top": ([("weasel-word", "3:9-3:17"), ("weasel-word", "3:53-3:57"),
                            ("weasel-word", "3:71-3:84"), ("vague-time", "3:37-3:41"),
                            ("comparative-without-baseline", "3:85-3:91")], {"front-matter"}),
    "unit-before-number": ([], {"number-without-unit"}),
    "vague-as-soon-as": ([], {"vague-time"}),
    "weasel-non-hedge-senses": ([], {"weasel-word"}),
    "wrong-position-emoji": ([("weasel-word", "2:13-2:17")], set()),
    # the case says the list ends at 11:37, but line 11 is 40 code points long: the list
    # (and so the finding) ends after its last character, at 11:41
    "nested-list-depth-10": ([("bullet-in-narrative", "2:1-11:41")]
                             + [("weasel-word", f"{n}:{col}-{n}:{col + 4}")
                                for n, col in zip(range(2, 12), [*range(13, 31, 2), 32], strict=True)],
                             set()),
}


def check_json(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    """`dayone check PATH --format json`: the exit status and the file's result."""
    capsys.readouterr()
    try:
        run(["check", str(path), "--format", "json", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    (result,) = json.loads(out)
    return code, result


def spans(result: dict[str, Any]) -> list[Span]:
    return [(f["code"], f"{f['line']}:{f['column']}-{f['end_line']}:{f['end_column']}")
            for f in result["findings"]]


def test_every_case_is_here() -> None:
    """Each sentence-and-word case is tested here (the PR/FAQ cases beside them are tested in
    test_prfaq_cases.py)."""
    named = set(EXPECTED) | {"config-max-words-text", "front-matter-error-position", "readability-ted-ded"}
    assert len(named) == 24 and named <= {p.stem for p in CASES.glob("*.md")}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_gives_its_stated_result(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    """At the defaults, as `dayone check FILE --format json` runs: the rules report every long
    sentence, passive, weasel word and undefined acronym the case names (those real prose
    rarely needs are marked minor, never hidden)."""
    _, result = check_json(CASES / f"{case}.md", capsys)
    found = spans(result)
    present, absent = EXPECTED[case]
    for span in present:
        assert span in found, (span, found)
    codes = {code for code, _ in found}
    if "*" in absent:
        assert found == []
    assert not codes & absent, found


def test_config_max_words_as_text_is_a_check_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = check_json(CASES / "config-max-words-text.md", capsys)
    (problem,) = [f for f in result["findings"] if f["code"] == "check-config"]
    assert code == 1 and problem["level"] == "error"
    assert problem["line"] == 3 and "checks.sentence-length.max_words" in problem["message"]
    assert "'twenty' is not allowed; use a whole number from 1 to 500" in problem["message"]


def test_front_matter_error_is_at_its_own_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = check_json(CASES / "front-matter-error-position.md", capsys)
    (problem,) = [f for f in result["findings"] if f["code"] == "front-matter"]
    assert code == 1 and (problem["line"], problem["column"]) == (3, 16)
    assert "(line 3)" in problem["message"] and "quotes on that line" in problem["suggestion"]


def test_readability_counts_ted_and_ded_syllables(capsys: pytest.CaptureFixture[str]) -> None:
    _, result = check_json(CASES / "readability-ted-ded.md", capsys)
    stats = result["stats"]
    assert (stats["words"], stats["sentences"]) == (21, 3)
    assert (stats["flesch_kincaid_grade"], stats["reading_ease"]) == (5.7, 66.8)
