"""WBR App configs read their CSV files from any folder (cases/app-config-relative-path: a
relative ``csv_files`` path was joined to the config's folder twice), may declare the files'
format beside ``url_or_path``, and ``dayone wbr build`` prints every problem it finds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dayone.cli.main import run

CASE = Path(__file__).parent / "cases" / "app-config-relative-path"


def _build(config: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        run(["wbr", "build", config, "--out", "d.json"])
    code = exited.value.code
    assert isinstance(code, int)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("where", ["above", "inside", "elsewhere"])
def test_an_app_config_runs_from_any_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    folder = tmp_path / "work" / "app-config-relative-path"
    shutil.copytree(CASE, folder)
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    cwd = {"above": folder.parent, "inside": folder, "elsewhere": elsewhere}[where]
    monkeypatch.chdir(cwd)
    config = {"above": "app-config-relative-path/config.yaml", "inside": "config.yaml",
              "elsewhere": "../work/app-config-relative-path/config.yaml"}[where]
    code, err = _build(config, capsys)
    assert code == 0, err
    deck = json.loads((cwd / "d.json").read_text())
    assert deck["metrics"]["Orders"]["weeks"][-1]["value"] == 182  # 23 + 24 + … + 29


def test_every_problem_is_printed_with_or_without_a_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    (folder / "data.csv").rename(folder / "moved.csv")
    text = (folder / "config.yaml").read_text()
    (folder / "config.yaml").write_text(text.replace("{url_or_path: data.csv}", "{url_or_path: data.csv, decimal: ';'}")
                                        .replace("aggf: sum", "aggf: summ"))
    monkeypatch.chdir(tmp_path)
    code, err = _build("case/config.yaml", capsys)
    lines = err.strip().splitlines()
    assert code == 1 and lines[-1] == "error: config.yaml: 3 problem(s); nothing was computed."
    assert "config.yaml:4: data_sources.csv_files.s.decimal: ';' is not a decimal mark" in err
    assert "config.yaml:6: metrics.Orders.aggf: 'summ' is not a aggregation. (did you mean `sum`?)" in err
    # the translated source has no line in the App's config: printed all the same
    assert "config.yaml: sources.s.csv: no file case/data.csv. (paths are relative to the metrics file)" in err


def test_an_app_csv_may_declare_its_format(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    rows = (folder / "data.csv").read_text().splitlines()
    (folder / "data.csv").write_text("\n".join([rows[0].replace(",", ";")] +
                                               [r.replace('",', '";') for r in rows[1:]]) + "\n")
    (folder / "data.csv").write_text((folder / "data.csv").read_text().replace(";29\n", ";29,5\n"))
    text = (folder / "config.yaml").read_text()
    (folder / "config.yaml").write_text(text.replace("{url_or_path: data.csv}",
                                                     "{url_or_path: data.csv, delimiter: ';', decimal: ','}"))
    monkeypatch.chdir(folder)
    code, err = _build("config.yaml", capsys)
    assert code == 0, err
    assert json.loads((folder / "d.json").read_text())["metrics"]["Orders"]["weeks"][-1]["value"] == 182.5
