"""``sufficiency solve``'s time limit counts from the process's start when the process is the command."""

from __future__ import annotations

import json
import time

from solver.builder import area, option, provision, scenario

from sufficiency_app.cli import main
from sufficiency_app.commands import solve
from sufficiency_app.io import write_scenario


def test_the_process_age_is_known_and_counts_from_its_start():
    import psutil

    age = solve.process_age()
    assert age is not None and 0 < age
    assert abs(age - (time.time() - psutil.Process().create_time())) < 1.5  # psutil: boot time in whole seconds


def test_the_clock_starts_with_the_process_only_when_its_command_line_is_the_solve(monkeypatch):
    monkeypatch.setattr(solve, "process_age", lambda: 50.0)
    monkeypatch.setattr("sys.argv", ["pytest", "tests"])
    assert time.perf_counter() - solve.call_started() < 1.0  # called inside another program: from now
    monkeypatch.setattr("sys.argv", ["sufficiency", "solve", "S", "--out", "R"])
    assert solve.call_started() <= time.perf_counter() - 50.0
    monkeypatch.setattr(solve, "process_age", lambda: solve.START_SECONDS + 1)  # a clock that cannot be right
    assert time.perf_counter() - solve.call_started() < 1.0


def test_a_solve_whose_process_started_longer_ago_than_its_limit_stops_on_time(tmp_path, monkeypatch, capsys):
    """Starting the interpreter and importing count: a process 50 s old with a 20 s limit has no time left
    (the clock once started after the imports, 1.2 s unseen beside three busy processes on two cores)."""
    sc = scenario([area("A", 0)], [(2025, "A", "ASD", "PRI", "special", 10)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=2, capital=1e6)], capital=(3.5e6,))
    write_scenario(sc, tmp_path / "in")
    argv = ["solve", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--time-limit", "20"]
    monkeypatch.setattr("sys.argv", ["sufficiency", *argv])
    monkeypatch.setattr(solve, "process_age", lambda: 50.0)
    assert main(argv) == 0
    meta = json.loads((tmp_path / "out" / "solve.json").read_text())
    assert meta["status"] == "time_limit"
    assert "the do-nothing comparison was left out: the time limit came first" in capsys.readouterr().err
