"""Layers point one way: faces (web, cli) → services → models and engines."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "dayone"
FACES = ("dayone.web", "dayone.cli")
# modules holding rules must not import a face; routes/api/cli modules are faces
FACE_FILES = {"routes.py", "api.py", "cli.py", "__main__.py"}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_services_and_engines_do_not_import_faces() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] in ("web", "cli") or path.name in FACE_FILES \
                or path.name.endswith(("_routes.py", "_api.py")):
            continue
        for name in _imports(path):
            if name.startswith(FACES):
                offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_modules_stay_small() -> None:
    big = [f"{p.relative_to(SRC)}: {n}" for p in SRC.rglob("*.py")
           if (n := len(p.read_text().splitlines())) > 600]
    assert big == []
