"""The forecast dialog: levers in, the projection's own demand out, as one undoable edit; cancel and errors."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtWidgets import QDialog
from small_scenarios import window_county

from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.projection import Levers, forecast
from sufficiency_app.ui.forecast_dialog import (
    ForecastDialog,
    apply_forecast,
    totals_by_year,
)
from sufficiency_app.ui.store import ProjectStore


def steady_history() -> pd.DataFrame:
    """Censuses 2020-2026 (2026 = academic year 2025) with the same ASD counts every year."""
    rows = []
    for year in range(2020, 2027):
        for ncy in range(12):
            rows += [{"year": year, "ncy": ncy, "need": "ASD", "setting": "special", "count": 10 + ncy},
                     {"year": year, "ncy": ncy, "need": "ASD", "setting": "mainstream", "count": 20 + 2 * ncy}]
    return pd.DataFrame(rows)


@pytest.fixture
def with_history():
    return window_county().replace(history=steady_history())


def _set_levers(dialog: ForecastDialog) -> None:
    dialog.growth_on.setChecked(True)
    dialog.growth.setValue(5.0)
    dialog.backlog.setValue(30)
    dialog.backlog_years.setValue(2)
    dialog.shift.setValue(10.0)
    dialog.runs.setValue(200)
    dialog.seed.setValue(3)
    dialog.percentile.setCurrentIndex(2)  # 90th


def _run(qtbot, dialog: ForecastDialog) -> None:
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=15_000)


def test_the_dialog_returns_the_forecasts_demand_and_shows_its_totals(qtbot, with_history):
    dialog = ForecastDialog(with_history)
    qtbot.addWidget(dialog)
    _set_levers(dialog)
    assert dialog.levers() == Levers(growth=0.05, backlog=30.0, backlog_years=2, mainstream_shift=0.10)
    assert not dialog.use_button.isEnabled()
    _run(qtbot, dialog)
    assert dialog.message.kind == "done"
    dialog.use_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted

    expected = forecast(with_history, levers=Levers(growth=0.05, backlog=30.0, backlog_years=2, mainstream_shift=0.1),
                        runs=200, seed=3, percentile=90).demand
    got = dialog.result_demand
    assert list(got.columns) == ["year", "area_id", "need", "phase", "tier", "count"]
    assert got.groupby("year")["count"].sum().to_dict() == pytest.approx(
        expected.groupby("year")["count"].sum().to_dict())
    assert sorted(got["year"].unique()) == [2025, 2026]
    # The table's forecast column is those totals; current demand is the scenario's 80 a year.
    table = dialog.table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["2025/26", "2026/27"]
    for r, year in enumerate((2025, 2026)):
        assert table.item(r, 1).text() == "80"
        assert table.item(r, 2).text() == f"{expected.loc[expected['year'] == year, 'count'].sum():,.0f}"
    assert not dialog.charts.bands.empty and set(dialog.charts.bands["year"]) <= {2025, 2026}


def test_totals_by_year_hand_worked():
    current = pd.DataFrame({"year": [2025, 2025, 2026], "count": [3.0, 4.0, 5.0]})
    new = pd.DataFrame({"year": [2025, 2026, 2027], "count": [7.0, 9.0, 2.0]})
    out = totals_by_year(current, new)
    assert out.to_dict("list") == {"year": [2025, 2026, 2027], "current": [7.0, 5.0, 0.0],
                                   "forecast": [7.0, 9.0, 2.0], "change": [0.0, 4.0, 2.0]}


def test_apply_forecast_is_one_undoable_edit(qtbot, with_history, monkeypatch):
    store = ProjectStore()
    store.set_project(Project((ProjectEntry(with_history),)), None)

    def run_and_use(self):
        self.runs.setValue(200)
        _run(qtbot, self)
        self.use()
        return self.result()

    monkeypatch.setattr(ForecastDialog, "exec", run_and_use)
    assert apply_forecast(store)
    new = store.scenario.demand
    assert new["count"].sum() != pytest.approx(with_history.demand["count"].sum())
    assert store.undo_stack.undoText() == "Forecast demand"
    store.undo_stack.undo()
    assert store.scenario.demand["count"].sum() == pytest.approx(160.0)


def test_cancel_stops_at_once_and_drops_the_late_result(qtbot, with_history):
    dialog = ForecastDialog(with_history)
    qtbot.addWidget(dialog)
    dialog.runs.setValue(1000)
    dialog.run_button.click()
    assert dialog.tasks.busy and not dialog.run_button.isEnabled()
    qtbot.wait(50)
    dialog.tasks.cancel_button.click()
    assert not dialog.tasks.busy and dialog.run_button.isEnabled()
    assert dialog.message.kind == "warning" and "cancelled" in dialog.message.text()
    assert dialog.tasks.runner.wait(20_000)
    qtbot.wait(50)  # let any late signal arrive: it must be ignored
    assert dialog.outcome is None and not dialog.use_button.isEnabled()


def test_no_history_is_a_message_not_a_traceback(qtbot):
    dialog = ForecastDialog(window_county())
    qtbot.addWidget(dialog)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=10_000)
    assert "history" in dialog.message.text()
    assert dialog.outcome is None and dialog.run_button.isEnabled()
