"""The Risk view: runs a stress test off the GUI thread with progress and cancel, draws the result."""

from __future__ import annotations

import pandas as pd
import pytest

from sufficiency_app.io import read_scenario
from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.model.plan import ALLOCATION_COLUMNS, SUMMARY_COLUMNS, PlanResult

SAMPLE = "sample_data/wiltshire"


@pytest.fixture(scope="module")
def sample_entry() -> ProjectEntry:
    from sufficiency_app.present.plan_tables import schedule_table

    scenario = read_scenario(SAMPLE)
    first = scenario.options["option_id"].astype(str).tolist()[:4]
    schedule = schedule_table(scenario, pd.DataFrame({"option_id": first, "year": 2026, "modules": 3}))
    plan = PlanResult("feasible", schedule, pd.DataFrame(columns=list(ALLOCATION_COLUMNS)),
                      pd.DataFrame(columns=list(SUMMARY_COLUMNS)), (), 0.0, 0.0, "test", "")
    return ProjectEntry(scenario, plan)


def test_without_a_plan_the_view_says_to_solve_first(window):
    panel = window.risk_panel
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Risk"
    assert panel.run() is None
    assert "Solve the scenario first" in panel.message.text()


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")  # the Charts tab of a plan with no summary
def test_run_shows_fan_histogram_and_chance(window, qtbot, sample_entry):
    window.store.set_project(Project((sample_entry,)), None)
    panel = window.risk_panel
    panel.futures.setValue(10)
    panel.count.setValue(900)
    progress = []
    handle = panel.run()
    handle.progress.connect(progress.append)
    with qtbot.waitSignal(handle.done, timeout=120_000):
        pass
    assert panel.result is not None and panel.result.futures == 10
    assert progress and progress[-1][:2] == (10, 10) and "futures" in progress[-1][2]
    assert len(panel.figure.axes) == 2
    assert "10 simulated futures" in panel.sentence.text() and "more than 900" in panel.sentence.text()
    panel.count.setValue(100_000)  # a new threshold redraws without re-running
    assert "0% chance of more than 100,000" in panel.sentence.text()


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")
def test_cancel_stops_the_run_and_says_so(window, qtbot, sample_entry):
    window.store.set_project(Project((sample_entry,)), None)
    panel = window.risk_panel
    panel.futures.setValue(5000)
    handle = panel.run()
    with qtbot.waitSignal(handle.progress, timeout=120_000):
        pass
    panel.strip.cancel()
    with qtbot.waitSignal(handle.done, timeout=30_000):
        pass
    assert panel.result is None and "Stopped" in panel.message.text()
    assert panel.run_button.isEnabled()


def test_opening_a_folder_that_is_not_a_result_explains(window, tmp_path):
    assert not window.risk_panel.open_folder(tmp_path)
    assert "sufficiency stress" in window.risk_panel.message.text()
