"""The Problems dock keeps to the Data tab unless there are errors; the status bar elides with the whole text in a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from sufficiency_app.infra.errors import Problem
from sufficiency_app.ui.docks import StatusBar


def test_problems_dock_shows_on_the_data_tab_and_wherever_there_are_errors(qtbot, window, monkeypatch):
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.map_view)
    assert not window.problems_dock.isVisible()
    window.tabs.setCurrentWidget(window.data_panel)
    assert window.problems_dock.isVisible()
    monkeypatch.setattr(window.store, "problems", lambda: (Problem("error", "demand.csv", 2, "count", "-3", "0 or more", "negative"),))
    window.tabs.setCurrentWidget(window.results_panel)
    assert window.problems_dock.isVisible()


def test_status_bar_elides_beside_its_permanent_widgets(qtbot):
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.addPermanentWidget(QLabel("285 areas · 5,400 children in 2025 · 61 settings · 39 options"))
    bar.resize(600, 30)
    bar.show()
    qtbot.waitExposed(bar)
    text = "Solved Wiltshire sample 2025: best plan found in 2 min; 3,410 independent child-years, capital £40.7m."
    bar.showMessage(text)
    assert bar.currentMessage().endswith("…") and len(bar.currentMessage()) < len(text)
    assert bar.toolTip() == text
    bar.resize(1800, 30)
    qtbot.wait(20)
    assert bar.currentMessage() == text
