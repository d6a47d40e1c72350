"""The two side docks (the project's scenarios, the validation problems) and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..infra.errors import Problem
from . import theme
from .store import (
    CurrentChanged,
    ProblemsChanged,
    ProjectReplaced,
    ProjectStore,
    ResultsChanged,
    ScenarioEdited,
    ScenarioListChanged,
)


class ScenarioList(QWidget):
    """The project's scenarios; picking one makes it current. Duplicate, rename and remove here."""

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.currentRowChanged.connect(self._picked)
        self.list.itemDoubleClicked.connect(lambda item: self.rename())
        self.list.setIconSize(self.list.iconSize() * 1.2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)  # whole names: the end ("+ 50% capital") tells copies apart
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        duplicate = QPushButton("Duplicate")
        duplicate.setToolTip("Copy this scenario to try a change without losing the original")
        duplicate.clicked.connect(self.duplicate)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(duplicate)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        store.changed.connect(self._on_message)

    def _on_message(self, msg: object) -> None:
        if isinstance(msg, (ProjectReplaced, ScenarioListChanged, ResultsChanged, ScenarioEdited, CurrentChanged)):
            self.refresh()

    def refresh(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.store.project.entries:
            if entry.result is None:
                icon, state = theme.icon(self, "FileIcon"), "not solved yet"
            elif entry.stale:
                icon, state = theme.icon(self, "MessageBoxWarning"), "edited since the last solve"
            else:
                icon, state = theme.icon(self, "DialogApplyButton"), f"solved ({entry.result.status})"
            item = QListWidgetItem(icon, entry.name)
            item.setToolTip(f"{entry.name}: {state}")
            self.list.addItem(item)
        self.list.setCurrentRow(self.store.current)
        self.list.blockSignals(False)

    def _picked(self, row: int) -> None:
        self.store.set_current(row)

    def duplicate(self) -> None:
        if self.store.entry is not None:
            self.store.duplicate(self.store.current)

    def rename(self) -> None:
        entry = self.store.entry
        if entry is None:
            return
        name, ok = QInputDialog.getText(self, "Rename scenario", "Name:", text=entry.name)
        if ok:
            self.store.rename(self.store.current, name)

    def remove(self) -> None:
        if len(self.store.project.entries) > 1:
            self.store.remove(self.store.current)

    def _menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction("Duplicate", self.duplicate)
        menu.addAction("Rename…", self.rename)
        menu.addAction("Remove", self.remove).setEnabled(len(self.store.project.entries) > 1)
        menu.exec(self.list.mapToGlobal(pos))


class ProblemList(QWidget):
    """Validation errors and warnings of the current scenario; clicking one jumps to its cell."""

    problemChosen = Signal(object)  # Problem

    def __init__(self, store: ProjectStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.summary = QLabel()
        self.summary.setObjectName("cardCaption")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(1)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        store.changed.connect(self._on_message)
        self.show_problems(())

    def _on_message(self, msg: object) -> None:
        if isinstance(msg, (ProjectReplaced, CurrentChanged)) or (
                isinstance(msg, ProblemsChanged) and msg.index == self.store.current):
            self.show_problems(self.store.problems())

    def show_problems(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.list.clear()
        self._shown = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        self.summary.setText("No problems found." if not problems
                             else f"{errors} error(s), {warnings} warning(s). Click one to see its cell.")
        for p in self._shown:
            item = QListWidgetItem(f"{self.where(p)}\n{p.message}")
            item.setIcon(theme.icon(self, "MessageBoxCritical" if p.severity == "error" else "MessageBoxWarning"))
            item.setToolTip(str(p) + (f"\nFound: {p.value}\nExpected: {p.expected}" if p.expected else ""))
            self.list.addItem(item)

    @staticmethod
    def where(p: Problem) -> str:
        return p.file + (f", row {p.row}" if p.row is not None else "") + (f", {p.column}" if p.column else "")

    def _clicked(self, item: QListWidgetItem) -> None:
        # Problems stay in a Python list: PySide's QVariant wrapping of Python objects is not kept in items.
        self.problemChosen.emit(self._shown[self.list.row(item)])


def problems_follow_tabs(dock: QDockWidget, tabs: QTabWidget, data_tab: QWidget, store: ProjectStore) -> None:
    """Show the Problems dock on the Data tab, where problems are fixed, and elsewhere only while there are errors.

    Warnings alone (the sample has twenty) would otherwise take the left column from the map and the results.
    """
    def update(*_args) -> None:
        errors = any(p.severity == "error" for p in store.problems())
        dock.setVisible(tabs.currentWidget() is data_tab or errors)

    tabs.currentChanged.connect(update)
    store.changed.connect(update)
    update()


class StatusBar(QStatusBar):
    """A status bar whose message is elided to the room the permanent widgets leave, the whole text in a tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self._timeout = 0

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 (Qt name)
        self._full, self._timeout = text, timeout
        self.setToolTip(text)
        super().showMessage(self._elided(), timeout)

    def _elided(self) -> str:
        permanent = sum(w.width() + 8 for w in self.findChildren(QWidget) if w.isVisible()
                        and w.parent() is not None and self.isPermanentWidget(w))
        room = max(self.width() - permanent - 24, 60)
        return self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)

    def isPermanentWidget(self, widget: QWidget) -> bool:  # noqa: N802
        return bool(widget.property("permanent"))

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        widget.setProperty("permanent", True)
        super().addPermanentWidget(widget, stretch)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._full and self.currentMessage():
            super().showMessage(self._elided(), self._timeout)
