"""`dayone check` and `dayone doc` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli, cli  # noqa: F401  (the fixture)
from tests.helpers import run_cli

GOOD = Path(__file__).parents[1] / "documents" / "fixtures" / "good-prfaq.md"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


def test_check_exits_0_on_a_clean_prfaq_and_1_on_errors(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "check", str(GOOD))[0] == 0
    broken = tmp_path / "broken.md"
    text = GOOD.read_text()
    broken.write_text(text[:text.index("## Customer quote")] + text[text.index("## Call to action"):])
    code, out, _ = _run(capsys, "check", str(broken))
    assert code == 1
    assert f"{broken}:5:1: error missing-section The press release has no quote from a customer" in out


def test_check_json_has_positions_and_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.md"
    note.write_text("Sales grew significantly.\n")
    code, out, _ = _run(capsys, "check", str(note), "--type", "narrative", "--format", "json")
    (result,) = json.loads(out)
    assert code == 0 and result["type"] == "narrative" and result["stats"]["words"] == 3
    (finding,) = [f for f in result["findings"] if f["code"] == "weasel-word"]
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (1, 12, 1, 25)
    assert finding["level"] == "warning" and finding["suggestion"]


@pytest.mark.parametrize(("args", "message"), [
    (("check", "/nonexistent/x.md"), "/nonexistent/x.md: no such file."),
    (("check", "{tmp}", "--type", "memo"), "--type: 'memo' is not a document type"),
    (("check", "{bad}"), "not UTF-8 text (byte 2); save it as UTF-8."),
    (("check", "{tmp}", "--format", "xml"), "--format: 'xml'; use text or json."),
    (("check", "{tmp}", "--config", "{badyaml}"), "not valid YAML"),
])
def test_check_input_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         args: tuple[str, ...], message: str) -> None:
    (tmp_path / "ok.md").write_text("Hello.\n")
    (tmp_path / "bad.md").write_bytes(b"Hi\xff\xfe\n")
    (tmp_path / "bad.yaml").write_text("checks: [unclosed\n")
    filled = [a.format(tmp=tmp_path / "ok.md", bad=tmp_path / "bad.md", badyaml=tmp_path / "bad.yaml")
              for a in args]
    code, _, err = _run(capsys, *filled)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_doc_new_save_list_export(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli("user", "add", "ana@example.com", "--name", "Ana", "--password", "long-password-1")
    cli("user", "add", "bo@example.com", "--name", "Bo", "--role", "viewer", "--password", "long-password-2")
    code, out, _ = cli("doc", "new", "Reorder", "--author", "ana@example.com")
    doc_id = out.strip()
    assert code == 0 and doc_id.isdigit()
    text = tmp_path / "v2.md"
    text.write_text(GOOD.read_text())
    code, out, _ = cli("doc", "save", doc_id, str(text), "--as", "ana@example.com", "--note", "first")
    assert code == 0 and "Saved version 2" in out
    code, out, err = cli("doc", "save", doc_id, str(text), "--as", "bo@example.com")
    assert code == 1 and "No document with id" in err  # private: Bo cannot even see it
    code, out, err = cli("doc", "save", doc_id, str(text), "--as", "ana@example.com", "--base", "1")
    assert code == 1 and "saved version 2 while you edited version 1" in err
    assert "Reorder" in cli("doc", "list")[1]
    assert "Reorder" not in cli("doc", "list", "--as", "bo@example.com")[1]
    pdf = tmp_path / "out.pdf"
    assert cli("doc", "export", doc_id, "--format", "pdf", "--out", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    md = tmp_path / "out.md"
    cli("doc", "export", doc_id, "--out", str(md), "--version", "2")
    assert md.read_text() == GOOD.read_text()
