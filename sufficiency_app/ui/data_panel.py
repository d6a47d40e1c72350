"""The Data tab: Demand, Settings, Options and Parameters as editable, filterable tables.

Every edit (one cell, or one column for the selected rows) becomes a new
immutable scenario pushed to the store as one undo step; cells that
validation flagged are coloured with the message as tooltip.
"""

from __future__ import annotations

from pathlib import PurePath

from PySide6.QtCore import QItemSelectionModel, QRegularExpression, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..infra.errors import Problem
from .frame_model import SORT_ROLE, DataFrameModel
from .frozen_table import FrozenTableView
from .store import CurrentChanged, ProblemsChanged, ProjectReplaced, ProjectStore, ScenarioEdited
from .tables import COLUMN_LABELS, TABLE_BY_FILE, TABLES, TableSpec, edited


class TableEditor(QWidget):
    """One table with its filter box and bulk-edit button."""

    message = Signal(str)  # for the status bar (rejected edits)

    def __init__(self, spec: TableSpec, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self.store = spec, store
        self.model = DataFrameModel(editable=spec.editable, parent=self, read_only=spec.read_only,
                                    headers=COLUMN_LABELS, formats=spec.formats)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.filter = QLineEdit(placeholderText=f"Filter {spec.title.lower()}…  (any column)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.count = QLabel()
        self.count.setObjectName("cardCaption")
        self.bulk = QPushButton("Set value for selected rows…")
        self.bulk.setToolTip("Give the current column one value in every selected row (one undo step)")
        self.bulk.clicked.connect(self.bulk_edit)

        self.view = FrozenTableView(spec.frozen)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(spec.key != "parameters")
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.bulk)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.model.edit_handler = self.apply_edit
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    # -- showing
    def refresh(self) -> None:
        scenario = self.store.scenario
        if scenario is None:
            return
        first = self.model.rowCount() == 0
        self.model.set_frame(self.spec.get(scenario))
        self.show_problems(self.store.problems())
        if first:
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for c in range(self.model.columnCount()):
                header.resizeSection(c, min(max(header.sectionSize(c), 70), 320))
        self._update_count()

    def show_problems(self, problems: tuple[Problem, ...]) -> None:
        frame = self.model.frame
        marks: dict[tuple[int, str], tuple[str, str]] = {}
        for p in problems:
            if PurePath(p.file).name != self.spec.file:
                continue
            row = self.spec.row_of_problem(frame, p.row, p.column)
            if row is None:
                continue
            column = "value" if self.spec.key == "parameters" else (p.column or "")
            marks[(row, column)] = (p.severity, f"{p.severity.title()}: {p.message}")
        self.model.set_problems(marks)

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterRegularExpression(QRegularExpression(
            QRegularExpression.escape(text), QRegularExpression.PatternOption.CaseInsensitiveOption))
        self._update_count()

    def _update_count(self, *args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown:,} of {total:,} rows" if shown != total else f"{total:,} rows")

    # -- editing
    def apply_edit(self, rows: list[int], column: str, text: str) -> bool:
        """Make the edit one undo step; a value that does not fit is refused with a message."""
        scenario = self.store.scenario
        if scenario is None or not rows:
            return False
        try:
            frame = edited(self.model.frame, rows, column, text)
            new = self.spec.put(scenario, frame)
        except ValueError as exc:
            self.message.emit(f"Not changed: {exc}")
            return False
        if self.spec.key == "parameters":
            label = f"{self.model.frame.iat[rows[0], 0]} = {text}"
        elif len(rows) == 1:
            label = f"{self.spec.title} row {rows[0] + 1}: {column} = {text}"
        else:
            label = f"{self.spec.title}: {column} = {text} in {len(rows)} rows"
        self.store.edit_scenario(new, self.spec.key, f"Edit {label}")
        return True

    def selected_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedIndexes()}
        return sorted(rows)

    def bulk_edit(self) -> None:
        current = self.view.currentIndex()
        rows = self.selected_rows()
        if not current.isValid() or not rows:
            self.message.emit("Select the rows to change, then a cell of the column to set.")
            return
        column = self.model.column_name(self.proxy.mapToSource(current).column())
        if not self.model.is_editable(self.model.frame.columns.get_loc(column)):
            self.message.emit(f"{COLUMN_LABELS.get(column, column)} cannot be edited here.")
            return
        text, ok = QInputDialog.getText(self, "Set value for selected rows",
                                        f"New {column} for {len(rows)} selected row(s):",
                                        text=self.proxy.data(current, Qt.ItemDataRole.EditRole))
        if ok:
            self.apply_edit(rows, column, text)

    def select_cell(self, row: int, column: str | None) -> None:
        """Show and select a cell (the problems list jumps here)."""
        self.filter.clear()
        cols = list(self.model.frame.columns)
        c = cols.index(column) if column in cols else 0
        index = self.proxy.mapFromSource(self.model.index(row, c))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.view.setFocus()


class DataPanel(QTabWidget):
    """The four tables of the current scenario; redraws on the store's messages."""

    message = Signal(str)

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.store = store
        self.editors: dict[str, TableEditor] = {}
        for spec in TABLES:
            editor = TableEditor(spec, store, self)
            editor.message.connect(self.message)
            self.editors[spec.key] = editor
            self.addTab(editor, spec.title)
        store.changed.connect(self._on_message)

    def _on_message(self, msg: object) -> None:
        if isinstance(msg, (ProjectReplaced, CurrentChanged)):
            for editor in self.editors.values():
                editor.model.set_frame(editor.model.frame.iloc[0:0, 0:0])  # new scenario: fresh column widths
                editor.refresh()
        elif isinstance(msg, ScenarioEdited) and msg.index == self.store.current and msg.table in self.editors:
            self.editors[msg.table].refresh()
        elif isinstance(msg, ProblemsChanged) and msg.index == self.store.current:
            for editor in self.editors.values():
                editor.show_problems(self.store.problems())

    def show_problem(self, problem: Problem) -> bool:
        """Switch to the table a problem is about and select its cell; False if it has no cell."""
        spec = TABLE_BY_FILE.get(PurePath(problem.file).name)
        if spec is None:
            return False
        editor = self.editors[spec.key]
        row = spec.row_of_problem(editor.model.frame, problem.row, problem.column)
        if row is None:
            return False
        self.setCurrentWidget(editor)
        editor.select_cell(row, "value" if spec.key == "parameters" else problem.column)
        return True
