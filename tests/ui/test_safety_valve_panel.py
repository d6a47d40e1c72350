"""The Safety Valve tab: the current plan against no new places and the council's target."""

from __future__ import annotations

import pandas as pd
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.io.project_file import Project, ProjectEntry


def _targeted():
    scenario = finance_county()
    extra = pd.DataFrame([{"year": y, "line": "target_in_year", "amount": 600_000.0} for y in scenario.years])
    return scenario.replace(finance=pd.concat([scenario.finance, extra], ignore_index=True))


def test_the_tab_says_when_the_plan_reaches_the_target(window):
    panel = window.safety_valve_panel
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Safety Valve"
    window.store.set_project(Project((ProjectEntry(_targeted(), finance_plan(), finance_baseline()),)), None)
    assert panel.sentence.text().startswith("The plan reaches the Safety Valve target in 2026-27")
    model = panel.table.model()
    assert model.rowCount() == 7 and model.columnCount() == 4
    assert model.index(0, 1).data() == "£490k" and model.index(2, 3).data() == "£600k"
    assert len(panel.figure.axes) == 2 and not panel.canvas.isHidden()


def test_without_a_target_or_a_plan_the_tab_says_what_to_do(window):
    panel = window.safety_valve_panel
    window.store.set_project(Project((ProjectEntry(finance_county(), finance_plan(), finance_baseline()),)), None)
    assert "add target_in_year lines" in panel.sentence.text() and panel.canvas.isHidden()
    window.store.set_project(Project((ProjectEntry(_targeted()),)), None)
    assert panel.sentence.text().startswith("Solve the scenario")
