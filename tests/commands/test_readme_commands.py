"""Every command of the README's command-line section runs as written, from the repository's folder."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from sufficiency_app import cli

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The ``sufficiency ...`` lines of the README's command block, without their comments."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## The same job without a window", 1)[1].split("```")[1]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.startswith("sufficiency ")]


def test_the_readme_names_only_shipped_inputs():
    inputs = [word for line in readme_commands() for word in shlex.split(line) if word.startswith("sample_data/")]
    assert len(inputs) >= 10
    assert [w for w in inputs if not (ROOT / w).exists()] == []


@pytest.mark.slow
def test_every_readme_command_runs_as_written(tmp_path, monkeypatch, capsys):
    for name in ("sample_data", "maps"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUFFICIENCY_HOME", str(tmp_path / "home"))
    commands = readme_commands()
    assert len(commands) == 14
    for line in commands:
        argv = shlex.split(line)[1:]
        if argv[0] == "gui":  # opens a window: the placeholder shows the argument
            assert argv == ["gui", "[SCENARIO_OR_PROJECT]"]
            continue
        assert cli.main(argv) == 0, f"{line}\n{capsys.readouterr().err}"
        err = capsys.readouterr().err
        assert "Traceback" not in err, line
        if argv[0] == "travel-roads":
            assert "road links:" not in err, err  # the example network passes the plausibility checks
    assert (tmp_path / "plan.pdf").read_bytes()[:5] == b"%PDF-"
    for made in ("results/solve.json", "results/scenario/scenario.toml", "plan.gpkg", "scap.xlsx", "travel.csv",
                 "provisions.csv",
                 "areas.geojson", "demand.csv", "robust", "stress/futures.csv"):
        assert (tmp_path / made).exists(), made
