"""The one YAML reader: plain YAML reads as PyYAML's safe loader reads it; anchors and aliases
(the "billion laughs"), deep nesting, too many values, big documents, unknown tags and values
that cannot be converted are refused with the file, the line and what to do — never a crash."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone import yamlfile
from dayone.errors import ValidationFailed

SRC = Path(__file__).parents[1] / "src" / "dayone"


def billion_laughs(levels: int = 9) -> str:
    """The classic: ten lines, a few hundred bytes, 9**levels strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        here, before = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{here}: &{here} [" + ",".join([f"*{before}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def refused(text: str, **limits: int) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        yamlfile.load(text, file="m.yaml", limits=yamlfile.Limits(**limits))
    (finding,) = caught.value.details
    assert finding["location"]["file"] == "m.yaml"
    return caught.value


def test_the_billion_laughs_is_refused_at_its_first_anchor() -> None:
    error = refused(billion_laughs())
    assert error.message.startswith("m.yaml, line 1: YAML anchors and aliases")
    assert "write the repeated part out in full" in error.message
    assert error.details[0]["location"]["line"] == 1


@pytest.mark.parametrize(("text", "line"), [
    ("base: &base {x: 1}\nother: [1]\n", 1),  # the anchor alone is refused
    ("a: 1\nb: *nowhere\n", 2),  # an alias without its anchor
    ("base: &b {x: 1}\nmerged: {<<: *b, y: 2}\n", 1),  # merge keys need an alias
    ("- &x text\n", 1),
    ("key: !!str &tagged value\n", 1),
])
def test_every_anchor_and_alias_is_refused(text: str, line: int) -> None:
    error = refused(text)
    assert "anchors and aliases" in error.message and error.details[0]["location"]["line"] == line


def test_nesting_is_capped_before_it_is_built() -> None:
    assert yamlfile.load("[" * 40 + "]" * 40, file="m.yaml") is not None  # the default cap: 40 levels
    error = refused("a:\n" + "".join("  " * i + "- \n" for i in range(1, 12)) + "  " * 12 + "- x\n", depth=10)
    assert "nested more than 10 levels deep" in error.message and error.details[0]["location"]["line"] == 11
    assert "nested more than 40 levels deep" in refused("- " * 50_000 + "x").message  # no RecursionError
    assert "nesting depth" in refused("[" * 100_000 + "]" * 100_000).message  # libyaml's own cap, as a finding


def test_values_and_bytes_are_capped() -> None:
    assert "more than 100 values" in refused("[" + ",".join(["1"] * 200) + "]", nodes=100).message
    error = refused("x: " + "y" * 2_000, bytes=1_000)
    assert "2,003 bytes of YAML; the limit is 1,000" in error.message and error.details[0]["suggestion"]
    assert "é" in yamlfile.load("x: é", file="m.yaml", limits=yamlfile.Limits(bytes=5))["x"]
    assert "5 bytes of YAML" in refused("x: é", bytes=4).message  # bytes, not characters


@pytest.mark.parametrize(("text", "says", "line"), [
    ("a: 1\nwhen: 2026-04-31\n", "'2026-04-31' cannot be read (day is out of range for month); quote it", 2),
    ("n: " + "1" * 5_000 + "\n", "cannot be read (Exceeds the limit (4300 digits)", 1),
    ("run: !!python/object/apply:os.system [echo hi]\n", "the tag tag:yaml.org,2002:python/object/apply:os.system "
     "is not accepted", 1),
    ("s: !!set {a, b}\n", "tag:yaml.org,2002:set is not accepted", 1),
    ("b: !!binary aGk=\n", "tag:yaml.org,2002:binary is not accepted", 1),
    ("o: !!omap [a: 1]\n", "tag:yaml.org,2002:omap is not accepted", 1),
    ("x: !mine 1\n", "the tag !mine is not accepted", 1),
    ("a: b\n\tc: d\n", "not valid YAML", 2),
    ("a: [1, 2\n", "not valid YAML", 1),  # the bracket opened on line 1 and never closed
    ("a: 1\nb: 'open\n", "not valid YAML", 2),  # the quote opened on line 2
    ("a: 1\n---\nb: 2\n", "expected a single document", 2),
    ("a: 1\nb: \x00\n", "not valid YAML: unacceptable character #x0000", 2),
    ("a: \ud800\n", "not valid Unicode", 1),
    ("{[1, 2]: x}\n", "found unhashable key", 1),
])
def test_bad_yaml_names_its_line_and_what_to_do(text: str, says: str, line: int) -> None:
    error = refused(text)
    assert says in error.message and error.message.startswith(f"m.yaml, line {line}: ")
    assert error.details[0]["location"]["line"] == line


def test_an_empty_document_is_none_and_nodes_keep_their_lines() -> None:
    assert yamlfile.load("", file="m.yaml") is None and yamlfile.load("# only a comment\n", file="m.yaml") is None
    node = yamlfile.compose("a: 1\nb:\n  c: 2\n", file="m.yaml")
    assert node is not None and [k.start_mark.line + 1 for k, _ in node.value] == [1, 2]
    assert yamlfile.construct(node, file="m.yaml") == {"a": 1, "b": {"c": 2}}


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text() | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text() | st.integers(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_plain_yaml_reads_exactly_as_the_safe_loader_reads_it(value: object) -> None:
    for text in (yaml.safe_dump(value), yaml.safe_dump(value, default_flow_style=True)):
        assert yamlfile.load(text, file="m.yaml") == yaml.safe_load(text)


def test_dates_read_as_dates() -> None:
    assert yamlfile.load("d: 2026-11-21\n", file="m.yaml") == {"d": date(2026, 11, 21)}


READERS = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "compose", "compose_all",
           "parse", "scan", "Loader", "SafeLoader", "FullLoader", "UnsafeLoader", "BaseLoader", "CLoader",
           "CSafeLoader", "CFullLoader", "CUnsafeLoader", "CBaseLoader", "CParser"}


def test_every_yaml_the_app_reads_goes_through_the_one_reader() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "yamlfile.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml" \
                    and node.attr in READERS:
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: yaml.{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("yaml"):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: from {node.module} import …")
    assert offenders == []


@pytest.mark.parametrize(("text", "line", "first"), [
    ("a: 1\nb: 2\na: 3\n", 3, 1),  # PyYAML keeps the 3 and says nothing
    ("metrics:\n  orders:\n    column: n\n  orders:\n    column: m\n", 4, 2),  # a metric defined twice
    ("{a: 1, a: 2}\n", 1, 1),  # two on one line
    ("- x: 1\n  y: 2\n  x: 3\n", 3, 1),  # inside a list
])
def test_a_key_written_twice_is_refused_at_its_second_line(text: str, line: int, first: int) -> None:
    error = refused(text)
    assert error.details[0]["location"]["line"] == line
    assert f"written twice in this mapping (first on line {first})" in str(error)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1) | st.integers(), st.integers(), min_size=1, max_size=6), st.data())
def test_any_mapping_with_one_key_repeated_is_refused(mapping: dict[object, int], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(mapping, key=repr)))
    before = yaml.safe_dump(mapping)
    error = refused(before + yaml.safe_dump({key: 0}))  # the key again, after the mapping
    assert error.details[0]["location"]["line"] == before.count("\n") + 1


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert yamlfile.load("a: {x: 1}\nb: {x: 2}\nc: [{x: 3}, {x: 4}]\n", file="m.yaml") == {
        "a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]}
