"""Hostile command lines (issue 13, item 4): a missing or unreadable file is one ``error:`` line and exit 1."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from benchmarks.fuzz_inputs import base_scenario
from sufficiency_app.cli import main
from sufficiency_app.io import write_scenario

MISSING = "/nonexistent-folder/missing"


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cmd") / "county"
    write_scenario(base_scenario(), folder)
    return folder


def commands(county: Path, out: Path, bad: str) -> dict[str, list[str]]:
    """Every command with ``bad`` as the file it reads."""
    c = str(county)
    return {
        "validate": ["validate", bad],
        "import-gias": ["import-gias", bad + ".csv", "--la", "865", "--out", str(out / "p.csv")],
        "import-boundaries": ["import-boundaries", bad + ".geojson", "--out", str(out / "a.geojson")],
        "import-demand": ["import-demand", bad + ".csv", "--out", str(out / "d.csv")],
        "solve": ["solve", bad, "--out", str(out / "r")],
        "report": ["report", bad + ".sufficiency", "--out", str(out / "r.pdf")],
        "forecast": ["forecast", c, "--history", bad + ".csv", "--out", str(out / "d.csv")],
        "backtest": ["backtest", bad + ".csv", "--fit-to", "2020"],
        "plan-robust": ["plan-robust", c, "--population", bad + ".csv", "--out", str(out / "r")],
        "travel-roads": ["travel-roads", c, "--roads", bad + ".gpkg", "--out", str(out / "t.csv")],
        "travel-compare": ["travel-compare", c, "--known", bad + ".csv"],
        "gui": ["gui", bad + ".sufficiency", "--smoke"],
    }


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize("command", list(commands(Path("."), Path("."), MISSING)))
def test_a_missing_file_is_one_error_line(command, county, tmp_path, capsys):
    argv = commands(county, tmp_path, MISSING)[command]
    assert main(argv) == 1
    assert "missing" in one_error_line(capsys)


@pytest.mark.parametrize("command", ["import-demand", "import-boundaries", "import-gias"])
def test_a_folder_where_a_file_belongs_is_one_error_line(command, county, tmp_path, capsys):
    folder = tmp_path / "a-folder"
    (folder.parent / (folder.name + ".csv")).mkdir(parents=True)
    (folder.parent / (folder.name + ".geojson")).mkdir()
    argv = commands(county, tmp_path, str(folder))[command]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "error" in (captured.out + captured.err)


def test_a_file_that_vanishes_mid_command_is_one_error_line(county, tmp_path, capsys, monkeypatch):
    import sufficiency_app.commands.validate as validate

    def vanish(path):
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(validate, "load_scenario", vanish)
    assert main(["validate", str(county)]) == 1
    assert str(county) in one_error_line(capsys)


def test_report_on_a_crafted_project_is_one_error_line(tmp_path, capsys):
    path = tmp_path / "deep.sufficiency"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)
    assert main(["report", str(path), "--out", str(tmp_path / "r.xlsx")]) == 1
    assert "nested too deeply" in one_error_line(capsys)
