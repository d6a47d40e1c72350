"""The Safety Valve tab: the current plan against no new places and the council's target."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
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
    right = Qt.AlignmentFlag.AlignRight
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) & right  # money lines up by its units
    assert not model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) & right
    assert len(panel.figure.axes) == 2 and not panel.canvas.isHidden()


def test_without_a_target_or_a_plan_the_tab_says_what_to_do(window):
    panel = window.safety_valve_panel
    window.store.set_project(Project((ProjectEntry(finance_county(), finance_plan(), finance_baseline()),)), None)
    assert "add target_in_year lines" in panel.sentence.text() and panel.canvas.isHidden()
    window.store.set_project(Project((ProjectEntry(_targeted()),)), None)
    assert panel.sentence.text().startswith("Solve the scenario")


def test_the_chart_takes_the_height_the_table_does_not_need(window, qtbot):
    """At 1920x1080 the chart was squeezed to its minimum above a table with a screen of empty rows."""
    panel = window.safety_valve_panel
    window.store.set_project(Project((ProjectEntry(_targeted(), finance_plan(), finance_baseline()),)), None)
    window.resize(1920, 1080)
    window.show()
    window.tabs.setCurrentWidget(panel)
    qtbot.waitExposed(window)
    qtbot.wait(100)
    table = panel.table
    rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    assert table.verticalScrollBar().maximum() == 0  # every line shown
    assert table.height() <= rows + table.horizontalHeader().height() + 4 * table.frameWidth() + 8
    assert panel.canvas.height() > panel.canvas.minimumHeight() + 100
