"""The Compare tab: two or more scenarios side by side.

Headline figures in one table (a column per scenario), the schedules as
option x scenario with every cell that differs from the first scenario
highlighted, and the charts overlaid through ``ChartsPanel``'s compare
argument.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..infra.formatting import academic_year
from ..io.project_file import ProjectEntry
from ..model.scenario_diff import differing_inputs
from ..present.plan_words import plan_words
from ..report import dashboard
from . import theme
from .frame_model import DataFrameModel
from .headlines import format_value, headlines
from .panels import make_charts_panel
from .store import ProjectReplaced, ProjectStore, ResultsChanged, ScenarioEdited, ScenarioListChanged

DASHBOARD_ROWS = {"spe_a": "SPE.a, {year}", "spe_d": "SPE.d, {year}",
                  "out_of_county": "Placed out of county, {year}",
                  "transport": "Home-to-school transport over the plan"}


def final_year(entries: list[ProjectEntry]) -> str:
    """The last year planned, as "2030/31" when every scenario ends then (else "the last year planned")."""
    ends = {int(e.scenario.years[-1]) for e in entries}
    return academic_year(ends.pop()) if len(ends) == 1 else "the last year planned"


def headline_table(entries: list[ProjectEntry]) -> pd.DataFrame:
    """One row per headline figure, one column per solved scenario (formatted text).

    The SEND dashboard rows follow the headlines; transport only when some
    scenario costs it ("–" for one that does not or cannot say).
    """
    transport = any(e.scenario.parameters.transport_on for e in entries)
    keys = [k for k in DASHBOARD_ROWS if k != "transport" or transport]
    columns: dict[str, list[str]] = {}
    labels: list[str] = []
    for entry in entries:
        hs = headlines(entry.scenario, entry.result, entry.baseline)
        board = {h.key: h for h in dashboard.headlines(entry.scenario, entry.result, entry.baseline)}
        labels = [h.label for h in hs] + [DASHBOARD_ROWS[k].format(year=final_year(entries)) for k in keys] + [
            "Independent placements (child-years)", "How good the plan is"]
        currency = entry.scenario.parameters.currency
        columns[entry.name] = [format_value(h.value, h.unit, currency) for h in hs] + [
            format_value(board[k].value, board[k].unit, currency) if k in board else "–" for k in keys] + [
            format_value(entry.result.independent, "children"), short_words(entry.result)]
    return pd.DataFrame({"figure": labels, **columns})


def short_words(plan) -> str:
    """The first clause of :func:`plan_words` ("Best plan found in 20 s"), short enough for a table cell."""
    return re.split(r"[;:]", plan_words(plan), maxsplit=1)[0]


def schedule_table(entries: list[ProjectEntry]) -> pd.DataFrame:
    """Places each option gets in each scenario, as ``"16 (2026, 2028)"``; blank where none."""
    names: dict[str, str] = {}
    cells: dict[str, dict[str, str]] = {}
    for entry in entries:
        names.update(zip(entry.scenario.options["option_id"].astype(str), entry.scenario.options["name"].astype(str)))
        s = entry.result.schedule
        s = s[s["places"].astype(float) > 0]
        col: dict[str, str] = {}
        for option_id, rows in s.groupby(s["option_id"].astype(str)):
            years = ", ".join(academic_year(int(y)) for y in sorted(rows["year"].unique()))
            col[option_id] = f"{rows['places'].astype(float).sum():,.0f} ({years})"
        cells[entry.name] = col
    options = sorted({o for col in cells.values() for o in col}, key=lambda o: names.get(o, o))
    return pd.DataFrame({
        "option": [names.get(o, o) for o in options],
        **{name: [col.get(o, "") for o in options] for name, col in cells.items()},
    })


def differing_cells(table: pd.DataFrame, first_column: int = 1) -> set[tuple[int, int]]:
    """Cells (row, column) whose text differs from the first scenario's column."""
    out = set()
    for c in range(first_column + 1, table.shape[1]):
        for r in range(table.shape[0]):
            if table.iat[r, c] != table.iat[r, first_column]:
                out.add((r, c))
    return out


def wrap_names(table: pd.DataFrame, width: int = 24) -> pd.DataFrame:
    """Scenario columns headed on up to two lines ("Wiltshire sample 2025" / "+ 50% capital"), so they stay narrow."""
    return table.rename(columns={c: "\n".join(textwrap.wrap(str(c), width)) for c in table.columns[1:]})


def _view(model: DataFrameModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _titled(title: QLabel, view: QTableView) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(title)
    layout.addWidget(view, 1)
    return box


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setFont(theme.scaled_font(label, 1.15, bold=True))
    return label


class ComparePanel(QWidget):
    """Tick scenarios in the row at the top; figures and schedules side by side, the overlaid charts on a tab."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.picker = QListWidget()
        self.picker.setFlow(QListView.Flow.LeftToRight)  # a row of ticks: the tables get the width
        self.picker.setWrapping(True)
        self.picker.setSpacing(4)
        self.picker.setWordWrap(True)  # whole names: "… + 50% capital" is the part that matters
        self.picker.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.picker.setFixedHeight(self.picker.fontMetrics().height() + 22)
        self.picker.setToolTip("Tick the solved scenarios to compare. The first ticked one is the reference: "
                               "cells that differ from it are shaded.")
        self.picker.itemChanged.connect(lambda *_: self.refresh())
        self.inputs_model = DataFrameModel(parent=self, headers={"input": "Input"})
        self.inputs_note = QLabel()
        self.inputs_note.setObjectName("cardCaption")
        self.headline_model = DataFrameModel(parent=self, headers={"figure": "Figure"})
        self.schedule_model = DataFrameModel(parent=self, headers={"option": "Option"})
        self.charts = make_charts_panel(self)
        figures = QWidget()
        fv = QVBoxLayout(figures)
        fv.setContentsMargins(0, 6, 0, 0)
        fv.addWidget(_title("What differs between the scenarios"))
        fv.addWidget(self.inputs_note)
        self.inputs_view = _view(self.inputs_model)
        fv.addWidget(self.inputs_view)
        fv.addWidget(_title("Headline figures"))
        self.headline_view = _view(self.headline_model)
        fv.addWidget(self.headline_view, 1)
        self.schedule_view = _view(self.schedule_model)
        # Figures, schedules and charts a page each at the full width and height: at 1360x860 every
        # schedule row and every scenario's column shows, and the charts are not squashed.
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(figures, "Figures")
        self.pages.addTab(_titled(_title("Schedules: places created (years)"), self.schedule_view), "Schedules")
        self.pages.addTab(self.charts, "Charts")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        top = QHBoxLayout()
        top.addWidget(_title("Compare"))
        top.addWidget(self.picker, 1)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        store.changed.connect(self._on_message)

    def _on_message(self, msg: object) -> None:
        if isinstance(msg, (ProjectReplaced, ScenarioListChanged, ResultsChanged, ScenarioEdited)):
            self.refresh_picker()

    def refresh_picker(self) -> None:
        """List solved scenarios, keeping ticks by name (all ticked the first time)."""
        ticked = {self.picker.item(i).text() for i in range(self.picker.count())
                  if self.picker.item(i).checkState() == Qt.CheckState.Checked}
        known = {self.picker.item(i).text() for i in range(self.picker.count())}
        self.picker.blockSignals(True)
        self.picker.clear()
        for entry in self.store.project.entries:
            if entry.result is None:
                continue
            item = QListWidgetItem(entry.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = entry.name in ticked or entry.name not in known
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.picker.addItem(item)
        self.picker.blockSignals(False)
        self.refresh()

    def set_ticked(self, names: list[str]) -> None:
        for i in range(self.picker.count()):
            item = self.picker.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def chosen(self) -> list[ProjectEntry]:
        names = [self.picker.item(i).text() for i in range(self.picker.count())
                 if self.picker.item(i).checkState() == Qt.CheckState.Checked]
        by_name = {e.name: e for e in self.store.project.entries if e.result is not None}
        return [by_name[n] for n in names if n in by_name]

    def refresh(self) -> None:
        entries = self.chosen()
        if not entries:
            self.inputs_model.set_frame(pd.DataFrame())
            self.headline_model.set_frame(pd.DataFrame())
            self.schedule_model.set_frame(pd.DataFrame())
            self.charts.set_data(None, None, None, [])
            return
        heads = headline_table(entries)
        sched = schedule_table(entries)
        inputs = differing_inputs([e.scenario for e in entries])
        self.inputs_model.set_frame(wrap_names(inputs))
        self.inputs_view.setVisible(len(inputs) > 0)
        self.inputs_note.setText("" if len(inputs) else
                                 "Budget, costs, travel limits, demand totals and pinned options are the same.")
        self.inputs_note.setVisible(not len(inputs))
        self.headline_model.set_frame(wrap_names(heads))
        rows = min(len(inputs), 6)  # the rest scroll: the headline figures get the height
        height = self.inputs_view.verticalHeader().defaultSectionSize() * rows
        self.inputs_view.setFixedHeight(height + self.inputs_view.horizontalHeader().sizeHint().height() + 4)
        self.schedule_model.set_frame(wrap_names(sched))
        self.headline_model.set_highlight({cell: theme.CHANGED_BG for cell in differing_cells(heads)})
        self.schedule_model.set_highlight({cell: theme.CHANGED_BG for cell in differing_cells(sched)})
        first = entries[0]
        self.charts.set_data(first.scenario, first.result, first.baseline,
                             [(e.name, e.result) for e in entries[1:]])
