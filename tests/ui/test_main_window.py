"""The main window end to end on the tiny county (and the sample, when built).

Every wait is on a signal, never a sleep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog
from small_scenarios import window_county

from sufficiency_app.infra import appdirs, resources
from sufficiency_app.io import scenario_sha256, write_scenario
from sufficiency_app.io.project_file import Project, ProjectEntry, recovery_offer
from sufficiency_app.model.plan import PlanResult
from sufficiency_app.solver.api import ProgressEvent
from sufficiency_app.ui import theme
from sufficiency_app.ui.store import ProblemsChanged, ProjectReplaced

ROOT = Path(__file__).resolve().parents[2]


def solve_and_wait(qtbot, window):
    handle = window.solve()
    with qtbot.waitSignal(handle.done, timeout=60_000):
        pass
    return window.store.entry


def wait_problems(qtbot, window):
    with qtbot.waitSignal(window.store.changed, timeout=20_000,
                          check_params_cb=lambda m: isinstance(m, ProblemsChanged)):
        pass


@pytest.mark.skipif(not (resources.sample_scenario_path() / "scenario.toml").exists(), reason="sample not built")
def test_first_start_opens_the_sample(qtbot, window):
    window.store.set_project(Project(), None)
    with qtbot.waitSignal(window.store.changed, timeout=30_000,
                          check_params_cb=lambda m: isinstance(m, ProjectReplaced)):
        window.start()
    scenario = window.store.scenario
    assert scenario is not None and len(scenario.demand) > 1000
    demand = window.data_panel.editors["demand"]
    assert demand.model.rowCount() == len(scenario.demand)
    assert str(len(scenario.provisions)) in window.summary_label.text()


def test_a_solve_ends_and_fills_the_results(qtbot, window):
    entry = solve_and_wait(qtbot, window)
    assert entry.result.status == "optimal" and entry.baseline.independent == 80.0
    cards = window.results_panel.cards
    assert cards["avoided"].value.text() == "80"
    assert cards["capital"].value.text() == "£2.0m"
    assert "vs doing nothing" in cards["within"].detail.text()
    schedule = window.results_panel.schedule_model.frame
    assert schedule.values.tolist() == [["September 2025", "East Special", "2", "40", "£2,000,000"]]
    assert window.results_panel.words.text() == "Proven best plan."
    assert window.solve_action.isEnabled() and not window.cancel_action.isEnabled()
    assert window.tabs.currentWidget() is window.results_panel


class _SlowPlanner:
    """Stands in for the solver: reports progress until cancelled."""

    def __init__(self, scenario):
        self.scenario = scenario

    def solve(self, options, progress, cancel, started=None):
        start = time.perf_counter()
        while not cancel.is_set() and time.perf_counter() - start < 30:
            progress(ProgressEvent("independent", time.perf_counter() - start, incumbent=40.0, bound=10.0))
            time.sleep(0.05)
        return PlanResult("cancelled", pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), (), 1.0,
                          time.perf_counter() - start, "fake", "")


def test_cancel_stops_a_solve_within_a_second(qtbot, window, monkeypatch):
    import sufficiency_app.solver as solver

    monkeypatch.setattr(solver, "Planner", _SlowPlanner)
    handle = window.solve()
    qtbot.waitUntil(lambda: "leaves 40 independent child-years" in window.progress_label.text(), timeout=5_000)
    assert "no plan can leave fewer than 10" in window.progress_label.text() and window.cancel_action.isEnabled()
    start = time.perf_counter()
    with qtbot.waitSignal(handle.cancelled, timeout=2_000):
        window.cancel_action.trigger()
    assert time.perf_counter() - start < 1.0
    qtbot.waitUntil(lambda: window.solve_action.isEnabled(), timeout=2_000)
    assert window.store.entry.result is None


def test_an_edit_and_its_undo(qtbot, window):
    editor = window.data_panel.editors["demand"]
    count = list(editor.model.frame.columns).index("count")
    index = editor.proxy.index(0, count)
    old = window.store.scenario
    assert editor.proxy.setData(index, "5")
    assert window.store.scenario is not old and window.store.scenario.demand["count"].iloc[0] == 5.0
    assert old.demand["count"].iloc[0] == 20.0  # the old scenario is immutable
    assert editor.proxy.data(index) == "5" and window.store.dirty
    assert window.undo_action.text().startswith("Undo Edit Demand row 1: count = 5")
    window.undo_action.trigger()
    assert window.store.scenario is old and editor.proxy.data(index) == "20"
    window.redo_action.trigger()
    assert window.store.scenario.demand["count"].iloc[0] == 5.0
    assert not editor.proxy.setData(editor.proxy.index(0, list(editor.model.frame.columns).index("year")), "x")


def test_bulk_edit_is_one_undo_step(qtbot, window, monkeypatch):
    editor = window.data_panel.editors["options"]
    column = list(editor.model.frame.columns).index("max_modules")
    selection = editor.view.selectionModel()
    for row in (0, 1):
        selection.select(editor.proxy.index(row, column), QItemSelectionModel.SelectionFlag.Select)
    editor.view.setCurrentIndex(editor.proxy.index(1, column))
    selection.select(editor.proxy.index(0, column), QItemSelectionModel.SelectionFlag.Select)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("4", True))
    steps = window.store.undo_stack.count()
    editor.bulk_edit()
    assert window.store.scenario.options["max_modules"].tolist() == [4, 4]
    assert window.store.undo_stack.count() == steps + 1
    window.undo_action.trigger()
    assert window.store.scenario.options["max_modules"].tolist() == [2, 1]


def test_a_value_that_does_not_fit_is_refused(qtbot, window):
    editor = window.data_panel.editors["provisions"]
    messages = []
    editor.message.connect(messages.append)
    column = list(editor.model.frame.columns).index("capacity")
    editor.proxy.setData(editor.proxy.index(0, column), "lots")
    assert window.store.scenario.provisions["capacity"].iloc[0] == 40
    assert messages and "capacity" in messages[0]


def test_invalid_cells_are_marked_and_the_problem_list_jumps_to_them(qtbot, window):
    wait_problems(qtbot, window)
    editor = window.data_panel.editors["demand"]
    need = list(editor.model.frame.columns).index("need")
    with qtbot.waitSignal(window.store.changed, timeout=20_000,
                          check_params_cb=lambda m: isinstance(m, ProblemsChanged)):
        editor.proxy.setData(editor.proxy.index(2, need), "XYZ")
    items = [window.problem_list.list.item(i) for i in range(window.problem_list.list.count())]
    item = next(i for i in items if i.text().startswith("demand"))
    assert item.text().startswith("demand.csv, row 4, need")
    source = editor.model.index(2, need)
    assert editor.model.data(source, Qt.ItemDataRole.BackgroundRole).color() == theme.ERROR_BG
    assert editor.model.data(source, Qt.ItemDataRole.ToolTipRole).startswith("Error:")
    window.tabs.setCurrentIndex(0)
    window.problem_list._clicked(item)
    assert window.tabs.currentWidget() is window.data_panel
    assert window.data_panel.currentWidget() is editor
    current = editor.proxy.mapToSource(editor.view.currentIndex())
    assert (current.row(), current.column()) == (2, need)


def test_a_broken_file_lists_its_errors(qtbot, window, tmp_path):
    folder = tmp_path / "broken"
    write_scenario(window_county(), folder)
    demand = (folder / "demand.csv").read_text().splitlines()
    parts = demand[1].split(",")
    parts[-1] = "-3"
    demand[1] = ",".join(parts)
    (folder / "demand.csv").write_text("\n".join(demand) + "\n")
    before = window.store.project
    handle = window.open_path(folder)
    with qtbot.waitSignal(handle.done, timeout=20_000):
        pass
    assert window.store.project is before  # nothing replaced
    problems = window.problem_list.list
    texts = [problems.item(i).text() for i in range(problems.count())]
    assert any("demand.csv" in t and "row 2" in t for t in texts)
    assert "error" in window.problem_list.summary.text()


def test_compare_two_scenarios(qtbot, window):
    solve_and_wait(qtbot, window)
    index = window.store.duplicate(0)
    s = window.store.project.entries[index].scenario
    window.store.edit_scenario(s.replace(parameters=s.parameters.replace(capital=(500_000.0, 500_000.0))),
                               "parameters", "Less capital")
    entry = solve_and_wait(qtbot, window)
    assert entry.name == "Tiny county copy" and entry.result.capital <= 1_000_000.0
    panel = window.compare_panel
    assert panel.picker.count() == 2
    heads = panel.headline_model.frame
    assert list(heads.columns) == ["figure", "Tiny county", "Tiny county copy"]
    row = heads.index[heads["figure"] == "Capital used"][0]
    assert heads.loc[row, "Tiny county"] == "£2.0m"
    diff = panel.headline_model.data(panel.headline_model.index(row, 2), Qt.ItemDataRole.BackgroundRole)
    assert diff is not None and diff.color() == theme.CHANGED_BG
    sched = panel.schedule_model.frame
    assert "East Special" in sched["option"].tolist()
    panel.set_ticked(["Tiny county"])
    assert list(panel.headline_model.frame.columns) == ["figure", "Tiny county"]


def test_workshop_slider_triggers_a_resolve_and_snapshot(qtbot, window):
    from sufficiency_app.ui.workshop import WorkshopWindow

    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    with qtbot.waitSignal(workshop.solved, timeout=60_000):
        workshop.show()
    assert workshop.latest.result.capital == 2_000_000.0
    with qtbot.waitSignal(workshop.solved, timeout=60_000) as blocker:
        workshop.capital.slider.setValue(1)  # one step of £0.5m: £0.5m a year, no module affordable
    outcome = blocker.args[0]
    assert workshop.capital.spin.value() == 0.5
    assert outcome.scenario.parameters.capital == (500_000.0, 500_000.0)
    assert outcome.result.capital == 0.0 and outcome.result.independent == 80.0
    assert workshop.cards["avoided"].value.text() == "0"
    name = workshop.snapshot()
    assert name in window.store.project.names
    kept = window.store.project.entries[window.store.project.names.index(name)]
    assert kept.scenario.parameters.capital == (500_000.0, 500_000.0) and kept.result.schedule is outcome.result.schedule
    assert kept.result.scenario_sha256 == scenario_sha256(kept.scenario) != outcome.result.scenario_sha256
    workshop.close()


def test_save_and_reopen(qtbot, window, tmp_path):
    solve_and_wait(qtbot, window)
    path = tmp_path / "plan.sufficiency"
    assert window.save_to(path)
    assert not window.store.dirty and window.store.path == path and path.name in window.windowTitle()
    window.store.set_project(Project((ProjectEntry(window_county("Other")),)), None)
    handle = window.open_path(path)
    with qtbot.waitSignal(handle.done, timeout=20_000):
        pass
    assert window.store.project.names == ("Tiny county",)
    assert window.store.entry.result.capital == 2_000_000.0
    assert window.results_panel.cards["avoided"].value.text() == "80"


def test_autosave_then_restore_on_next_start(qtbot, window, home):
    editor = window.data_panel.editors["demand"]
    editor.proxy.setData(editor.proxy.index(0, list(editor.model.frame.columns).index("count")), "11")
    handle = window.autosave()
    with qtbot.waitSignal(handle.done, timeout=20_000):
        pass
    assert recovery_offer(appdirs.recovery_file()) is not None
    from sufficiency_app.ui.main_window import MainWindow

    second = MainWindow(autosave_seconds=3600)
    qtbot.addWidget(second)
    second.quiet = True
    questions = []
    second.ask_restore = lambda q: questions.append(q) or True
    second.start()
    assert questions and "unsaved changes" in questions[0]
    assert second.store.scenario.demand["count"].iloc[0] == 11.0 and second.store.dirty
    second.shutdown()
    second.store.set_project(Project(), None)
    second.close()


CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from PySide6.QtCore import QEventLoop
    from small_scenarios import window_county
    from sufficiency_app.io.project_file import Project, ProjectEntry
    from sufficiency_app.ui.app import application, wait_for
    from sufficiency_app.ui.main_window import MainWindow
    application()
    w = MainWindow(autosave_seconds=1)
    w.quiet = True
    w.store.set_project(Project((ProjectEntry(window_county()),)), None)
    s = w.store.scenario
    w.store.edit_scenario(s.replace(demand=s.demand.assign(count=7.0)), "demand", "edit")
    loop = QEventLoop()
    w.autosave_runner.busyChanged.connect(lambda busy: busy or loop.quit())
    loop.exec()  # the 1-second autosave timer fires and finishes
    print("AUTOSAVED", flush=True)
    w.store.edit_scenario(w.store.scenario.replace(demand=s.demand.assign(count=99.0)), "demand", "later")
    time.sleep(60)
""")


def test_recover_after_the_process_is_killed(qtbot, window, home, tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(tests=str(Path(__file__).parents[1])))
    env = {**os.environ, "SUFFICIENCY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = ""
        timer = threading.Timer(60, child.kill)
        timer.start()
        line = child.stdout.readline()
        timer.cancel()
        assert line.strip() == "AUTOSAVED"
    finally:
        child.send_signal(signal.SIGKILL) if hasattr(signal, "SIGKILL") else child.kill()
        child.wait(10)
    assert recovery_offer(appdirs.recovery_file()) is not None
    window.store.set_project(Project(), None)
    window.start()
    assert window.store.project.names == ("Tiny county",)
    assert window.store.scenario.demand["count"].tolist() == [7.0] * 8  # the autosaved edit, not the later one


def test_gui_smoke_command_opens_solves_and_prints_one_line(qtbot, home, tmp_path, capsys):
    from sufficiency_app.cli import main

    folder = tmp_path / "tiny"
    write_scenario(window_county(), folder)
    assert main(["gui", str(folder), "--smoke", "--time-limit", "20"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("smoke ok: Tiny county: optimal, independent 0 child-years")
    assert "(baseline 80)" in out[0]
    assert main(["gui", str(tmp_path / "missing"), "--smoke"]) == 1
