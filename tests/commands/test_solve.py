"""``sufficiency solve`` end to end: scenario folder in, results folder out."""

from __future__ import annotations

import json
import re

import pandas as pd
from solver.builder import area, option, provision, scenario

from sufficiency_app.cli import main
from sufficiency_app.commands.solve import progress_line
from sufficiency_app.io import write_scenario
from sufficiency_app.solver.api import ProgressEvent


def test_solve_command_writes_results(tmp_path, capsys):
    """The budget-binds case of test_exact through the command line: 4 independent, 3 modules."""
    sc = scenario([area("A", 0)], [(2025, "A", "ASD", "PRI", "special", 10)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=2, capital=1e6)], capital=(3.5e6,))
    write_scenario(sc, tmp_path / "in")
    assert main(["solve", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--time-limit", "20"]) == 0
    meta = json.loads((tmp_path / "out" / "solve.json").read_text())
    assert meta["status"] == "optimal" and meta["backend"] == "highs" and len(meta["scenario_sha256"]) == 64
    assert [lv["name"] for lv in meta["levels"]] == ["independent", "travel", "cost"]
    assert abs(meta["levels"][0]["value"] - 4) < 1e-6
    schedule = pd.read_csv(tmp_path / "out" / "schedule.csv")
    assert schedule["modules"].sum() == 3
    out = capsys.readouterr()
    assert "Proven best plan" in out.out
    progress = [line for line in out.err.splitlines() if line.startswith("  [")]
    assert progress and all(re.fullmatch(r"  \[ *\d+\.\d s\] [^\r]+", line) for line in progress), out.err


def test_a_progress_report_is_one_line_of_a_log_file():
    event = ProgressEvent(level="travel", elapsed=3.25, message="solving level 2\r of 3\n(journeys)")
    assert progress_line(event) == "  [   3.2 s] solving level 2 of 3 (journeys)"


def test_solve_command_reports_bad_input(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["solve", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    assert "error" in capsys.readouterr().err


def test_without_the_do_nothing_comparison_the_figures_against_it_say_so(tmp_path, capsys, monkeypatch):
    """The baseline skipped for time: 'child-years avoided' and 'revenue saved' are not known, not 0."""
    from sufficiency_app.solver import Planner

    sc = scenario([area("A", 0)], [(2025, "A", "ASD", "PRI", "special", 10)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=2, capital=1e6)], capital=(3.5e6,))
    write_scenario(sc, tmp_path / "in")
    monkeypatch.setattr(Planner, "baseline", lambda self, deadline: None)
    assert main(["solve", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--time-limit", "20"]) == 0
    out = capsys.readouterr()
    missing = "not known: the do-nothing comparison is missing"
    assert f"Independent child-years avoided: {missing}" in out.out
    assert f"Revenue saved: {missing}" in out.out
    assert "Capital used: £3.0m" in out.out  # a figure of the plan alone is still given
    assert "the do-nothing comparison was left out" in out.err
