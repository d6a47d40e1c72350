"""The Safety Valve tab: the current plan's High Needs Block against no new places and the council's target.

Words, chart and table come from the report's Safety Valve section
(:mod:`sufficiency_app.report.safety_valve`, from
:func:`sufficiency_app.model.finance.safety_valve`), so the window and the report
say the same. A scenario whose ``finance.csv`` sets no ``target_in_year``
gets a line saying how to add one.
"""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from ..infra.formatting import millions
from ..io.project_file import ProjectEntry
from ..model import finance
from ..report.safety_valve import frame_of, safety_valve_figure, view
from . import theme
from .frame_model import DataFrameModel
from .store import CurrentEntryFeed, ProjectStore

NO_TARGET = ("No Safety Valve target: add target_in_year lines (and other_savings, the savings of the council's "
             "other workstreams) to finance.csv to compare the plan with it.")
NO_PLAN = "Solve the scenario to see its plan against the Safety Valve target."


class SafetyValvePanel(QWidget):
    """The sentence saying whether and when the plan reaches the target, the chart and the year table."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.sentence = QLabel(NO_PLAN, wordWrap=True)
        self.sentence.setFont(theme.scaled_font(self, 1.15))
        self.figure = Figure(figsize=(9.0, 3.4))
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumHeight(320)
        self.table = QTableView()
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        for widget in (self.sentence, self.canvas, self.table):
            layout.addWidget(widget)
        self.feed = CurrentEntryFeed(store, self.show_entry, self)

    def show_entry(self, entry: ProjectEntry) -> None:
        """Redraw for ``entry`` (the store's current scenario)."""
        has_plan = entry.result is not None and entry.baseline is not None
        shown = has_plan and finance.has_safety_valve(entry.scenario)
        self.canvas.setVisible(shown)
        self.table.setVisible(shown)
        if not shown:
            self.sentence.setText(NO_PLAN if not has_plan else NO_TARGET)
            return
        table = view(entry.scenario, entry.result, entry.baseline)
        stale = " These figures are from before the last edit: solve again." if entry.stale else ""
        self.sentence.setText(finance.safety_valve_words(table) + stale)
        frame = frame_of(table)
        for column in frame.columns[1:]:
            frame[column] = [millions(v) for v in frame[column]]
        self.table.setModel(DataFrameModel(frame, parent=self.table))
        safety_valve_figure(table, self.figure)
        self.canvas.draw_idle()
