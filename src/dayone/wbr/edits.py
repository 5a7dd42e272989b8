"""Edits of the metrics file's text that keep its comments and layout: add a metric, replace
one metric's definition, remove a metric (with the deck items that show it and its place in
other metrics' ``drives``). Each works on the node tree of the text (every node knows its
lines); a file written in flow style (``metrics: {a: …}``) is rewritten as plain YAML.

Every function returns the new text; the caller validates and saves it as a new version."""

from __future__ import annotations

from typing import Any

import yaml

from dayone import yamlfile
from dayone.errors import InvalidInput


def _definition(fields: dict[str, Any]) -> str:
    """A metric's fields as one flow mapping: ``{source: d, column: n}``."""
    clean = {k: v for k, v in fields.items() if v not in (None, "", [], ())}
    return yaml.safe_dump(clean, default_flow_style=True, width=10_000, sort_keys=False, allow_unicode=True).strip()


def metric_line(name: str, fields: dict[str, Any]) -> str:
    """One metric as one line of YAML: ``name: {source: d, column: n}`` (a name YAML would read
    as something else, such as ``on``, quoted)."""
    return f"{yamlfile.plain_key(name)}: {_definition(fields)}"


def _root(body: str) -> yaml.Node | None:
    return yamlfile.compose(body, file="metrics file")


def _section(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        return next((v for k, v in root.value if getattr(k, "value", None) == key), None)
    return None


def _end_line(node: yaml.Node) -> int:
    """The line after ``node``'s text ends (0-based, exclusive). A block collection's own end
    mark is the start of whatever follows it, so its last value is asked instead."""
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark
    return end.line + (1 if end.column > 0 else 0)


def _rewritten(body: str, change: Any) -> str:
    """The file as plain YAML after ``change(data)``: for files whose layout cannot be kept."""
    data = yamlfile.load(body, file="metrics file") or {}
    change(data)
    return yaml.safe_dump(data, sort_keys=False, width=10_000, allow_unicode=True)


def insert_metric(body: str, name: str, fields: dict[str, Any]) -> str:
    """``body`` with the metric added as the last entry of its ``metrics:`` mapping."""
    line = metric_line(name, fields)
    metrics_node = _section(_root(body), "metrics")
    if not isinstance(metrics_node, yaml.MappingNode) or metrics_node.flow_style or not metrics_node.value:
        def add(data: dict[str, Any]) -> None:
            data.setdefault("metrics", {})[name] = yamlfile.load(_definition(fields), file="the new metric")
        return _rewritten(body, add)
    indent = " " * metrics_node.value[0][0].start_mark.column
    lines = body.splitlines(keepends=True)
    at = _end_line(metrics_node.value[-1][1])  # the line after the last metric
    while at > 0 and not lines[at - 1].strip():  # before the blank lines that close the mapping
        at -= 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines.insert(at, f"{indent}{line}\n")
    return "".join(lines)


def _entry(metrics_node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node]:
    for key, value in metrics_node.value:
        if getattr(key, "value", None) == name:
            return key, value
    raise InvalidInput(f"No metric {name!r} in the metrics file.", field="name")


def _block(metrics_node: yaml.Node | None) -> bool:
    """Whether each metric's entry has lines of its own (block style, one entry per line range)."""
    if not isinstance(metrics_node, yaml.MappingNode) or metrics_node.flow_style or not metrics_node.value:
        return False
    starts = [key.start_mark.line for key, _ in metrics_node.value]
    return len(set(starts)) == len(starts)


def replace_metric(body: str, name: str, fields: dict[str, Any]) -> str:
    """``body`` with the definition of metric ``name`` replaced by ``fields`` (its lines only)."""
    metrics_node = _section(_root(body), "metrics")
    if not _block(metrics_node):
        def swap(data: dict[str, Any]) -> None:
            if name not in (data.get("metrics") or {}):
                raise InvalidInput(f"No metric {name!r} in the metrics file.", field="name")
            data["metrics"][name] = yamlfile.load(_definition(fields), file="the metric")
        return _rewritten(body, swap)
    assert isinstance(metrics_node, yaml.MappingNode)
    key, value = _entry(metrics_node, name)
    lines = body.splitlines(keepends=True)
    start, end = key.start_mark.line, _end_line(value)
    indent = " " * key.start_mark.column
    lines[start:end] = [f"{indent}{metric_line(name, fields)}\n"]
    return "".join(lines)


def fields_of(body: str, name: str) -> dict[str, Any]:
    """Metric ``name``'s fields as written in the file."""
    data = yamlfile.load(body, file="metrics file") or {}
    metrics = data.get("metrics") if isinstance(data, dict) else None
    if not isinstance(metrics, dict) or not isinstance(metrics.get(name), dict):
        raise InvalidInput(f"No metric {name!r} in the metrics file.", field="name")
    return dict(metrics[name])


def removal(body: str, name: str) -> dict[str, list[str]]:
    """What removing metric ``name`` changes: ``drives`` (metrics whose drives name it) and
    ``deck`` (deck items showing it, by number), and what blocks it: ``derived`` (metrics
    computed from it) and ``blocks`` (charts or tables that draw it among others)."""
    data = yamlfile.load(body, file="metrics file") or {}
    metrics = data.get("metrics") or {}
    if name not in metrics:
        raise InvalidInput(f"No metric {name!r} in the metrics file.", field="name")
    found: dict[str, list[str]] = {"drives": [], "deck": [], "derived": [], "blocks": []}
    for other, spec in metrics.items():
        if other == name or not isinstance(spec, dict):
            continue
        if name in (spec.get("of") or []):
            found["derived"].append(str(other))
        if name in (spec.get("drives") or []):
            found["drives"].append(str(other))
    for number, item in enumerate(data.get("deck") or [], start=1):
        if isinstance(item, dict) and item.get("metric") == name and len(item) == 1:
            found["deck"].append(str(number))
        elif name in _values(item):
            title = (item.get("title") or item.get("section")) if isinstance(item, dict) else None
            found["blocks"].append(str(title or f"number {number}"))
    return found


def _values(item: Any) -> list[Any]:
    if isinstance(item, dict):
        return [v for value in item.values() for v in _values(value)]
    if isinstance(item, list):
        return [v for value in item for v in _values(value)]
    return [item]


def remove_metric(body: str, name: str) -> str:
    """``body`` without metric ``name``, its ``- metric: name`` deck items and its place in other
    metrics' ``drives``. Raises InvalidInput when a derived metric or a chart or table uses it."""
    found = removal(body, name)
    if found["derived"] or found["blocks"]:
        users = [f"metric {m}" for m in found["derived"]] + [f"deck block {b}" for b in found["blocks"]]
        raise InvalidInput(f"{name} cannot be removed: {', '.join(users)} uses it. Change or remove "
                           f"{'it' if len(users) == 1 else 'them'} first.", field="name")
    for other in found["drives"]:
        fields = fields_of(body, other)
        fields["drives"] = [d for d in fields.get("drives") or [] if d != name]
        body = replace_metric(body, other, fields)
    root = _root(body)
    metrics_node, deck_node = _section(root, "metrics"), _section(root, "deck")
    deck_block = isinstance(deck_node, yaml.SequenceNode) and not deck_node.flow_style and all(
        isinstance(item, yaml.MappingNode) for item in deck_node.value)
    if not _block(metrics_node) or (found["deck"] and not deck_block):
        def drop(data: dict[str, Any]) -> None:
            del data["metrics"][name]
            data["deck"] = [item for item in data.get("deck") or []
                            if not (isinstance(item, dict) and item.get("metric") == name and len(item) == 1)]
        return _rewritten(body, drop)
    assert isinstance(metrics_node, yaml.MappingNode)
    cuts: list[tuple[int, int]] = []
    key, value = _entry(metrics_node, name)
    cuts.append((key.start_mark.line, _end_line(value)))
    if found["deck"] and isinstance(deck_node, yaml.SequenceNode):
        for number in found["deck"]:
            item = deck_node.value[int(number) - 1]
            cuts.append((item.start_mark.line, _end_line(item)))
    lines = body.splitlines(keepends=True)
    for start, end in sorted(cuts, reverse=True):
        del lines[start:end]
    return "".join(lines)


def insert_deck_item(body: str, name: str) -> str:
    """``body`` with ``- metric: name`` added as the deck's last item (a metric restored from the
    archive goes back on the deck it left); a file without a block-style deck is rewritten."""
    deck_node = _section(_root(body), "deck")
    if not isinstance(deck_node, yaml.SequenceNode) or deck_node.flow_style or not deck_node.value:
        def add(data: dict[str, Any]) -> None:
            data["deck"] = [*(data.get("deck") or []), {"metric": name}]
        return _rewritten(body, add)
    indent = " " * (deck_node.value[0].start_mark.column - 2)
    lines = body.splitlines(keepends=True)
    at = _end_line(deck_node.value[-1])
    while at > 0 and not lines[at - 1].strip():
        at -= 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines.insert(at, f"{indent}- metric: {yamlfile.plain_key(name)}\n")
    return "".join(lines)
