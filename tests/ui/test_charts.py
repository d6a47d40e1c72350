"""The charts on the toy county: series worked by hand, drawing, number formats and export."""

import numpy as np
import pandas as pd
import pytest
from small_scenarios import map_county, map_plan

from sufficiency_app.model.plan import PlanResult
from sufficiency_app.ui import charts_data
from sufficiency_app.ui.charts import CHARTS, ChartsPanel, YearAxis, format_money, format_number


@pytest.fixture(scope="module")
def scenario():
    return map_county()


@pytest.fixture(scope="module")
def result():
    return map_plan()


def test_demand_and_capacity_by_tier(scenario, result):
    table = charts_data.demand_and_capacity(scenario, result).set_index(["tier", "year"])
    assert table.loc[("special", 2025), "demand"] == 15.5  # 8 x 1 ASD + 3 ASD in A4 + 9 x 0.5 SEMH
    assert table.loc[("special", 2025), "capacity"] == 10  # S1; the independent school X1 left out
    assert table.loc[("special", 2026), "capacity"] == 18  # O1 opens with 8
    assert table.loc[("resourced", 2027), "capacity"] == 8
    assert table.loc[("mainstream", 2025), "demand"] == 3
    hi = charts_data.demand_and_capacity(scenario, result, need="HI").set_index(["tier", "year"])
    assert hi.loc[("special", 2026), "capacity"] == 10  # O1 takes ASD and SEMH only
    assert hi["demand"].sum() == 0


def test_independent_travel_and_capital_series(scenario, result):
    assert charts_data.independent_by_year(scenario, result).tolist() == [3.5, 2.0, 1.0]
    assert charts_data.independent_by_year(scenario, None).isna().all()
    edges, counts = charts_data.travel_histogram(scenario, result)
    # State settings only: of the 17 with a journey, the 1.5 in the independent sector (an assumed 60 min)
    # and the 1 at the listed independent X1 (20 min) are left out; the 3 met locally have none.
    assert edges.tolist() == [0.0, 5.0, 10.0, 15.0] and counts.tolist() == [0.0, 10.5, 4.0]
    capital = charts_data.capital_by_year(scenario, result)
    assert capital["spent"].tolist() == [0, 3e6, 3.5e6]
    assert capital["budget"].tolist() == [1e6, 4e6, 5e6]  # carry forward: running totals
    yearly = charts_data.capital_by_year(scenario.replace(parameters=scenario.parameters.replace(
        carry_forward=False)), result)
    assert yearly["spent"].tolist() == [0, 3e6, 5e5] and yearly["budget"].tolist() == [1e6, 3e6, 1e6]


def test_marginal_values_and_bands(scenario, result):
    table = charts_data.marginal_values(scenario, result, 2025)
    assert table["name"].tolist() == ["Centre Special", "East RB"]
    assert charts_data.marginal_values(scenario, result, 2025, by="minutes_saved")["setting_id"].tolist() == [
        "R1", "S1"]
    bands = pd.DataFrame([(2025, "ASD", "special", 1, 2, 3), (2025, "SEMH", "special", 2, 3, 5)],
                         columns=["year", "need", "tier", "p5", "p50", "p95"])
    assert charts_data.bands_for(bands)[["p5", "p50", "p95"]].iloc[0].tolist() == [3, 5, 8]
    assert charts_data.bands_for(bands, "SEMH")["p95"].tolist() == [5]
    total = pd.concat([bands, pd.DataFrame([(2025, "ALL", "special", 4, 5, 7)], columns=bands.columns)])
    assert charts_data.bands_for(total)["p95"].tolist() == [7]


def test_british_number_formats(qapp):
    assert format_number(12345.0) == "12,345"
    assert format_number(2.5, spacing=0.5) == "2.5"
    assert format_money(2_500_000, 5e6) == "£2.5m"
    assert format_money(250_000, 5e5) == "£250k"
    assert YearAxis("bottom").tickStrings([2025, 2030], 1, 1) == ["2025/26", "2030/31"]


@pytest.fixture
def panel(qtbot, scenario, result):
    widget = ChartsPanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_data(scenario, result, result)
    return widget


def curves(panel, key):
    return panel.cards[key].plot.listDataItems()


def test_charts_fill_with_data(panel, scenario, result):
    # mainstream demand; resourced demand and places; special demand and places
    assert len(curves(panel, "demand")) == 5
    assert len(curves(panel, "independent")) == 2
    other = PlanResult(status="optimal", schedule=result.schedule, allocation=result.allocation,
                       summary=result.summary.assign(independent=[1.0, 1.0, 0.0]), levels=(), gap=0.0,
                       seconds=0.0, backend="hand", scenario_sha256="")
    panel.set_data(scenario, result, result, [("Option B", other)])
    plotted = {item.name(): item.getData()[1].tolist() for item in curves(panel, "independent")}
    assert plotted == {"No new places": [3.5, 2.0, 1.0], "Plan": [3.5, 2.0, 1.0], "Option B": [1.0, 1.0, 0.0]}
    assert len(curves(panel, "travel")) == 3
    assert panel.cards["marginal"].plot.getAxis("left").names == ["East RB", "Centre Special"]
    assert "£3,500,000" in panel.cards["capital"].note.text()
    panel.need_box.setCurrentIndex(panel.need_box.findData("HI"))
    assert len(curves(panel, "demand")) == 2  # only special places remain for HI (no HI demand)
    panel.set_data(None, None, None, [])
    assert curves(panel, "independent") == []


def test_bands_show_and_export(panel, tmp_path):
    assert panel.cards["bands"].isHidden()
    files = panel.export_image(tmp_path / "charts.png")
    assert [f.name for f in files] == [f"charts-{key}.png" for key in CHARTS if key != "bands"]
    assert all(f.stat().st_size > 2000 for f in files)
    bands = pd.DataFrame([(y, "ALL", "special", 5.0 + y - 2025, 8.0, 11.0) for y in (2025, 2026, 2027)],
                         columns=["year", "need", "tier", "p5", "p50", "p95"])
    panel.set_bands(bands)
    assert not panel.cards["bands"].isHidden()
    median = [i for i in curves(panel, "bands") if i.name() == "Special: median"]
    assert np.allclose(median[0].getData()[1], [8.0, 8.0, 8.0])
    svg = panel.export_image(tmp_path / "bands.svg", chart="bands")[0]
    assert "<svg" in svg.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        panel.export_image(tmp_path / "x.gif", chart="demand")


def wheel(widget, modifiers, notches: int = 3):
    """Send a wheel event over the middle of a plot: positive notches zoom in, negative out."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget.viewport(), event)


def test_plain_wheel_leaves_charts_alone_and_ctrl_wheel_zooms_within_the_data(panel, qtbot):
    from PySide6.QtCore import Qt

    card = panel.cards["independent"]
    box = card.plot.getViewBox()
    before = box.viewRange()
    wheel(card.widget, Qt.KeyboardModifier.NoModifier)
    assert box.viewRange() == before  # a plain wheel is left to the page, which scrolls
    wheel(card.widget, Qt.KeyboardModifier.ControlModifier)
    assert box.viewRange() != before
    wheel(card.widget, Qt.KeyboardModifier.ControlModifier, notches=-30)  # as far out as it goes
    (x0, x1), (y0, y1) = box.viewRange()
    assert x0 >= 2025 - 0.5 - 1e-9 and x1 <= 2027 + 0.5 + 1e-9  # the plan years, never 3904/05
    assert y0 >= -0.2 and y1 <= 5.0  # never below zero children


def test_marginal_bars_carry_their_values(panel):
    import pyqtgraph as pg

    from sufficiency_app.ui.charts import format_marginal

    labels = [item.textItem.toPlainText() for item in panel.cards["marginal"].plot.items
              if isinstance(item, pg.TextItem)]
    assert len(labels) == 2 and all(label[0].isdigit() for label in labels)
    assert format_marginal(0.456, "independent_avoided") == "0.46"
    assert format_marginal(1234.4, "minutes_saved") == "1,234 min"
