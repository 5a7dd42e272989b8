"""`dayone check`: how pages are counted (estimate by default, `--layout` to lay out), the
note when an estimate is too near a limit to call, and the text output's exact lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dayone
from dayone.documents.printing import estimate_pages
from tests.cli.test_check_cli import _run

PARAGRAPH = ("Families rebuild the same basket every two weeks, which takes them fourteen minutes "
             "on average and leaves them unsure they missed nothing they needed for the week. ") * 3


def _narrative(tmp_path: Path, paragraphs: int, limit: float) -> Path:
    body = "\n\n".join([PARAGRAPH] * paragraphs)
    path = tmp_path / "memo.md"
    path.write_text(f"---\ntype: narrative\nchecks:\n  page-limit:\n    narrative_pages: {limit}\n---\n{body}\n")
    return path


def _pages(path: Path) -> float:
    return estimate_pages(path.read_text().split("---\n", 2)[2])


def test_check_estimates_pages_by_default_and_lays_out_with_layout(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = _narrative(tmp_path, 12, 0.5)
    code, out, _ = _run(capsys, "check", str(path))
    assert code == 1 and "(estimated for A4); the limit is 0.5." in out
    code, out, _ = _run(capsys, "check", "--layout", str(path))
    assert code == 1 and "runs to 2 pages (laid out for A4); the limit is 0.5." in out
    code, out, _ = _run(capsys, "check", "--estimate", str(path))  # the old flag still works
    assert code == 1 and "(estimated for A4)" in out


def test_an_estimate_near_the_limit_gets_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    near = _narrative(tmp_path, 12, 1.0)
    pages = _pages(near)
    limit = round(pages + 0.2, 2)
    near.write_text(near.read_text().replace("narrative_pages: 1.0", f"narrative_pages: {limit}"))
    code, out, _ = _run(capsys, "check", str(near))
    assert code == 0
    assert (f"{near}: note: the narrative body is estimated at {round(pages, 2):.1f} pages, within 0.25 of "
            f"its {limit:g}-page limit: `--layout` counts its pages exactly.") in out
    code, out, _ = _run(capsys, "check", "--format", "json", str(near))
    (result,) = json.loads(out)
    assert result["stats"]["pages"] == [{"part": "narrative body", "pages": round(pages, 2),
                                         "limit": limit, "how": "estimated"}]


@pytest.mark.parametrize("margin", [0.3, 2.0, -0.3])
def test_no_note_when_the_estimate_is_clear_of_the_limit_or_laid_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], margin: float) -> None:
    path = _narrative(tmp_path, 12, 1.0)
    pages = _pages(path)
    path.write_text(path.read_text().replace("narrative_pages: 1.0", f"narrative_pages: {pages + margin:.2f}"))
    assert "note:" not in _run(capsys, "check", str(path))[1]
    near = path.read_text().replace(f"narrative_pages: {pages + margin:.2f}", f"narrative_pages: {pages:.2f}")
    path.write_text(near)
    assert "note:" not in _run(capsys, "check", "--layout", str(path))[1]


def test_positions_print_as_numbers_whatever_they_spell(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`file:100:12:` once printed as `file💯12:` (`:100:` is a Rich emoji code)."""
    path = tmp_path / "memo.md"
    path.write_text("---\ntype: narrative\n---\n" + "Plain line.\n\n" * 48 + "Sales grew significantly.\n")
    out = _run(capsys, "check", str(path))[1]
    assert f"{path}:100:" in out and "💯" not in out
    assert any(line.startswith(f"{path}:100:") and "weasel-word `significantly`" in line for line in out.splitlines())


def test_a_terminal_gets_colour_and_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "memo.md"
    path.write_text("---\ntype: narrative\n---\n" + "Plain line.\n\n" * 48 + "Sales grew significantly.\n")
    env = {**os.environ, "PYTHONPATH": str(Path(dayone.__file__).parents[1]), "COLUMNS": "80"}
    plain = subprocess.run([sys.executable, "-m", "dayone", "check", "memo.md"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
    coloured = subprocess.run([sys.executable, "-m", "dayone", "check", "memo.md"], cwd=tmp_path,
                              env={**env, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}, capture_output=True, text=True)
    assert "\x1b[" not in plain.stdout and "\x1b[33mwarning\x1b[0m" in coloured.stdout
    assert "memo.md:100:12: " in plain.stdout and "memo.md:100:12: " in coloured.stdout
    assert "1 finding(s) in 1 file(s)" in plain.stdout.splitlines()[-1]
