"""Every YAML Day One reads — metrics files, WBR App configs and their connections files,
document front matter, the writing checker's settings — is read here, and only here.

YAML written by someone else is data, never a program, and never a bomb:

- anchors and aliases (``&name``, ``*name``) are refused as they are parsed, before any
  node is built, so the "billion laughs" (a few kilobytes that expand to gigabytes) cannot
  expand at all; merge keys (``<<: *name``) need an alias and go with them;
- a document is capped in size (UTF-8 bytes), nesting depth and number of values;
- only the plain types come out: mappings, lists, strings, numbers, booleans, null and dates
  (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs`` and every other tag are refused);
- a key written twice in one mapping is an error at its second line (PyYAML keeps the last
  silently, so a metric defined twice, or a setting overridden further down, went unseen);
- a value that looks like a date but is none (``2026-04-31``) or a number too long to convert
  is an error at its line, not a crash.

Every refusal is a :class:`~dayone.errors.ValidationFailed` naming the file, the line and what
to do, with one finding in ``details``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.resolver import Resolver

from dayone.errors import ValidationFailed
from dayone.findings import Finding, Level, Location


@dataclass(frozen=True)
class Limits:
    """How big a document may be: UTF-8 bytes, nesting depth, and values (scalars and collections)."""

    bytes: int = 2_000_000
    depth: int = 40
    nodes: int = 200_000


DEFAULT = Limits()
FRONT_MATTER = Limits(bytes=64_000, depth=20, nodes=5_000)  # a document's front matter is a few settings
SETTINGS = Limits(bytes=256_000, depth=20, nodes=20_000)  # the writing checker's settings

_ALIAS_ADVICE = ("YAML anchors and aliases (`&name`, `*name`, `<<: *name`) are not accepted: "
                 "write the repeated part out in full")


class _Refused(yaml.MarkedYAMLError):
    """A limit or rule of this module broken at a place in the text."""


class _LimitedComposer(Composer):
    """PyYAML's composer with no anchors or aliases, and with depth and node counts."""

    limits: Limits = DEFAULT

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(None, None, _ALIAS_ADVICE, event.start_mark)
        self._nodes += 1
        if self._nodes > self.limits.nodes:
            raise _Refused(None, None, f"more than {self.limits.nodes:,} values: split the file", event.start_mark)
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        self._depth += 1
        if self._depth > self.limits.depth:
            raise _Refused(None, None, f"nested more than {self.limits.depth} levels deep: flatten it",
                           event.start_mark)
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


class _PlainConstructor(SafeConstructor):
    """The safe constructor, limited to plain types, with conversion errors reported at their line."""

    yaml_constructors: ClassVar[dict[Any, Any]] = {tag: make for tag, make in SafeConstructor.yaml_constructors.items()
                         if tag not in ("tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
                                        "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs")}

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise ConstructorError(None, None, f"the tag {node.tag} is not accepted: write plain values "
                               "(text, numbers, true/false, dates, lists and mappings)", node.start_mark)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # 2026-04-31, or an integer of 5,000 digits
            shown = str(node.value) if len(str(node.value)) <= 40 else str(node.value)[:40] + "…"
            reason = str(exc).split(":")[0][:80]
            raise ConstructorError(None, None, f"{shown!r} cannot be read ({reason}); quote it if it is text",
                                   node.start_mark) from None


    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, yaml.Mark] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first.setdefault(key, key_node.start_mark)
                except TypeError:  # an unhashable key: the base constructor says so at its line
                    continue
                if earlier is not key_node.start_mark:
                    raise ConstructorError(None, None, f"the key {one_line(str(key))!r} is written twice in this "
                                           f"mapping (first on line {earlier.line + 1}): keep one",
                                           key_node.start_mark)
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


_PlainConstructor.add_constructor(None, _PlainConstructor.construct_undefined)

try:  # libyaml's scanner and parser (about ten times faster); the composer stays ours
    from yaml.cyaml import CParser

    class _Composer(_LimitedComposer, CParser, Resolver):  # type: ignore[misc]
        def __init__(self, text: str, limits: Limits) -> None:
            CParser.__init__(self, text)
            _LimitedComposer.__init__(self)
            Resolver.__init__(self)
            self.limits = limits

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Composer(_LimitedComposer, Reader, Scanner, Parser, Resolver):  # type: ignore[no-redef]
        def __init__(self, text: str, limits: Limits) -> None:
            Reader.__init__(self, text)
            Scanner.__init__(self)
            Parser.__init__(self)
            _LimitedComposer.__init__(self)
            Resolver.__init__(self)
            self.limits = limits


_CONTROL = {c: repr(chr(c))[1:-1] for c in (*range(32), 127, 0x85, 0x2028, 0x2029)}


def one_line(text: str) -> str:
    """A message about a file's content on one line: a name with a line break in it shows ``\\n``."""
    return text.translate(_CONTROL)


def _refuse(file: str, line: int | None, message: str, suggestion: str | None = None,
            column: int | None = None) -> ValidationFailed:
    message = one_line(message)
    where = f"{file}, line {line}" if line else file
    return ValidationFailed(f"{where}: {message}.", details=[Finding(
        Level.ERROR, "yaml", message, Location(file=file, line=line, column=column), suggestion).to_dict()])


def compose(text: str, *, file: str, limits: Limits = DEFAULT) -> yaml.Node | None:
    """The document's node tree (each node knows its line), or None for an empty document.
    Raises ValidationFailed naming ``file`` and the line for invalid or refused YAML."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise _refuse(file, line, "the text is not valid Unicode (a lone surrogate)", "save it as UTF-8") from None
    if size > limits.bytes:
        raise _refuse(file, None, f"{size:,} bytes of YAML; the limit is {limits.bytes:,}", "make it smaller")
    try:
        composer = _Composer(text, limits)  # the pure-Python reader checks the characters here
        try:
            return composer.get_single_node()  # type: ignore[no-any-return]
        finally:
            composer.dispose()
    except yaml.YAMLError as exc:
        raise _error(file, text, exc) from None


def construct(node: yaml.Node | None, *, file: str) -> Any:
    """The plain Python value of a node from :func:`compose` (None for an empty document)."""
    if node is None:
        return None
    try:
        return _PlainConstructor().construct_document(node)
    except yaml.YAMLError as exc:
        raise _error(file, "", exc) from None


def load(text: str, *, file: str, limits: Limits = DEFAULT) -> Any:
    """The document as plain Python values (None for an empty document), read under ``limits``."""
    return construct(compose(text, file=file, limits=limits), file=file)


def _error(file: str, text: str, exc: yaml.YAMLError) -> ValidationFailed:
    if isinstance(exc, _Refused | ConstructorError):
        mark = exc.problem_mark
        return _refuse(file, mark.line + 1 if mark else None, str(exc.problem))
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and text and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "unexpected end of stream": it broke where the quote opened
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        return _refuse(file, mark.line + 1 if mark else None, f"not valid YAML: {problem}",
                       "check the indentation, the colons and the quotes on that line",
                       mark.column + 1 if mark else None)
    position = getattr(exc, "position", None)  # a reader error: a character YAML does not allow
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) and text else None
    return _refuse(file, line, f"not valid YAML: {str(exc).splitlines()[0]}", "remove the control characters")


def plain_key(name: str) -> str:
    """``name`` written as a mapping key that YAML reads back as that same text: quoted when
    it would be read as something else (``on``, ``no``, ``null``, ``2026-11-21``) or holds
    YAML's own characters (``a: b``)."""
    return yaml.safe_dump({name: 0}, default_flow_style=True, width=10_000).strip()[1:-1].rsplit(": ", 1)[0]
