"""Same inputs, same plan, everywhere: the window's Solve, ``sufficiency solve`` and the workshop agree.

The window's plan goes out through its own Export results action, the
command line's through ``sufficiency solve --out``; the files must be equal
byte for byte (``solve.json`` apart from its timing). The workshop's settled
plan, kept as a snapshot, must be what a fresh ``sufficiency solve`` of the
snapshot's scenario gives, its model size and bounds too (the improving solve
runs on the kept planner built afresh).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from small_scenarios import core_county, map_county, window_county

from sufficiency_app import cli
from sufficiency_app.io import write_scenario
from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.io.results import RESULT_FILES, write_results

TIMING = ("seconds",)  # solve.json's fields that say how long it took, not what was found


def assert_same_results(ours: Path, theirs: Path) -> None:
    """Equal files; ``solve.json`` apart from its timing."""
    for name in RESULT_FILES:
        if name != "solve.json":
            assert (ours / name).exists() == (theirs / name).exists(), name  # optional tables: both or neither
            if (ours / name).exists():
                assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name
    a, b = (json.loads((f / "solve.json").read_text(encoding="utf-8")) for f in (ours, theirs))
    differ = {key: (a.get(key), b.get(key)) for key in a.keys() | b.keys()
              if key not in TIMING and a.get(key) != b.get(key)}
    assert not differ


def command_line(scenario_folder: Path, out: Path, limit: int) -> Path:
    assert cli.main(["solve", str(scenario_folder), "--out", str(out), "--time-limit", str(limit)]) == 0
    return out


@pytest.mark.parametrize("make", [window_county, map_county, core_county])
def test_window_solve_writes_what_the_command_line_writes(qtbot, window, tmp_path, monkeypatch, make):
    folder = tmp_path / "scenario"
    write_scenario(make(), folder)
    handle = window.open_path(folder)
    with qtbot.waitSignal(handle.done, timeout=20_000):
        pass
    window.time_limit_spin.setValue(45)
    assert window.solve_options().time_limit == 45
    handle = window.solve()
    with qtbot.waitSignal(handle.done, timeout=60_000):
        pass
    exported = tmp_path / "window"
    exported.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(exported))
    window.export_results()
    qtbot.waitUntil(lambda: (exported / "solve.json").exists(), timeout=10_000)
    assert_same_results(exported, command_line(folder, tmp_path / "cli", 45))
    write_results(window.store.entry.baseline, tmp_path / "window-baseline")  # the figures' do-nothing plan too
    assert_same_results(tmp_path / "window-baseline", tmp_path / "cli" / "baseline")


def settled(workshop) -> bool:
    """The workshop has shown the plan of its latest state and is not improving it any more."""
    latest = workshop.latest
    return (not workshop.runner.busy and not workshop.timer.isActive() and latest is not None
            and latest.scenario is workshop._pending)


def test_workshop_settled_plan_is_a_fresh_solve_of_its_snapshot(qtbot, window, tmp_path, monkeypatch):
    import sufficiency_app.ui.workshop as workshop_module

    monkeypatch.setattr(workshop_module, "WORKSHOP_QUICK", 0.0)  # the first plan unproven: the kept planner proves it
    window.store.set_project(Project((ProjectEntry(map_county()),)), None)
    workshop = workshop_module.WorkshopWindow(window.store, 0, prove_limit=45)
    qtbot.addWidget(workshop)
    workshop.show()
    qtbot.waitUntil(lambda: settled(workshop), timeout=60_000)
    workshop.capital.spin.setValue(2.0)  # £2m a year (the county's three years average £1.67m)
    workshop.options.topLevelItem(1).setCheckState(1, Qt.CheckState.Checked)  # must build the resource base class
    qtbot.waitUntil(lambda: settled(workshop) and workshop.state.force == {"O2"}, timeout=60_000)
    assert workshop.latest.scenario.parameters.capital == (2e6,) * 3
    assert workshop.latest.result.status == "optimal"
    name = workshop.snapshot()
    kept = window.store.project.entries[window.store.project.names.index(name)]
    folder = tmp_path / "snapshot"
    write_scenario(kept.scenario, folder)
    write_results(kept.result, tmp_path / "workshop")
    assert_same_results(tmp_path / "workshop", command_line(folder, tmp_path / "cli", 45))
    assert (tmp_path / "cli" / "schedule.csv").read_text().count("O2,") == 1  # the pin held in both
    workshop.close()
