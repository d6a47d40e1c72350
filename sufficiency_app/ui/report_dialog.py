"""Write the Cabinet report (PDF, Word or Excel) of one or more scenarios from the window.

The dialog uses the plans already in the project: a scenario without an
up-to-date plan and baseline cannot be ticked, and the dialog says to
press Solve, rather than solving behind the user's back. Several ticked
scenarios are reported side by side. Writing runs on a worker into a
temporary file that replaces the chosen one only when complete, so
Cancel leaves no half-written report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..io.project_file import ProjectEntry
from ..report.content import Run
from ..report.export import DEFAULT_RULE
from . import theme
from .dialog_parts import FileRow, MessageLine, TaskStrip
from .store import ProjectStore
from .tasks import report_task

FORMATS = (("pdf", "PDF document", "PDF (*.pdf)"), ("docx", "Word document", "Word document (*.docx)"),
           ("xlsx", "Excel workbook", "Excel workbook (*.xlsx)"))
RULES = (("lt5", "Counts of 1\u20134 shown as \u201c<5\u201d"), ("round5", "Counts rounded to the nearest 5"))


def missing_plan(entry: ProjectEntry) -> str:
    """Why ``entry`` cannot be reported yet ("" when it can)."""
    if entry.result is None:
        return "no plan yet: select it and press Solve"
    if entry.stale:
        return "edited since its plan: press Solve again"
    if entry.baseline is None:
        return "no do-nothing comparison: press Solve again"
    return ""


class ReportDialog(QDialog):
    """Format, suppression rule, scenarios and output file; writes off the GUI thread. ``written`` when done.

    ``current`` (an index into ``entries``) is ticked at first if it has a
    plan, else the first scenario that has one. ``folder`` is where the
    report is saved unless the user picks another place.
    """

    def __init__(self, entries: Sequence[ProjectEntry], parent: QWidget | None = None, folder: Path | None = None,
                 current: int | None = None):
        super().__init__(parent)
        self.entries = tuple(entries)
        self.folder = folder or Path.home()
        self.written: Path | None = None
        self.setWindowTitle("Export report")

        self.format = QComboBox()
        for key, text, _f in FORMATS:
            self.format.addItem(text, key)
        self.rule = QComboBox()
        for key, text in RULES:
            self.rule.addItem(text, key)
        self.rule.setCurrentIndex(next(i for i, (key, _t) in enumerate(RULES) if key == DEFAULT_RULE))
        self.rule.setToolTip("Small numbers could identify a child: every report suppresses them by default")
        self.exact = QCheckBox("Exact small numbers \u2013 for internal use only")
        self.exact.setToolTip("A report with exact counts of 1\u20134 children must not be published")
        self.exact.toggled.connect(lambda _on: self._update())
        self.scenarios = QListWidget()
        self.scenarios.setMinimumHeight(120)
        for entry in self.entries:
            why = missing_plan(entry)
            item = QListWidgetItem(entry.name if not why else f"{entry.name}  \u2013  {why}")
            if why:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setToolTip(why)
                item.setForeground(theme.MUTED)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.scenarios.addItem(item)
        ready = [i for i, e in enumerate(self.entries) if not missing_plan(e)]
        first = current if current in ready else next(iter(ready), None)
        if first is not None:
            self.scenarios.item(first).setCheckState(Qt.CheckState.Checked)
        self.scenarios.itemChanged.connect(lambda _i: self._update())
        hint = QLabel("Tick several scenarios to compare them side by side.")
        hint.setObjectName("cardCaption")
        self.file = FileRow("Save report as", "", save=True)
        self.file.changed.connect(lambda _t: self._update())
        self.format.currentIndexChanged.connect(self._format_changed)

        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("Small numbers", self.rule)
        form.addRow("", self.exact)
        form.addRow("Scenarios", self.scenarios)
        form.addRow("", hint)
        form.addRow("Save as", self.file)
        self.message = MessageLine()
        self.tasks = TaskStrip()
        self.tasks.busyChanged.connect(lambda _b: self._update())
        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton("Open folder", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setToolTip("Show the folder with the report")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        self.write_button = self.buttons.addButton("Write report", QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setProperty("primary", True)
        self.write_button.clicked.connect(self.write)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.tasks)
        layout.addWidget(self.buttons)
        self.resize(600, 440)
        self._format_changed()
        self._update()
        if first is None:
            self.message.show_message("No scenario has an up-to-date plan yet: press Solve first.", "warning")

    # ------------------------------------------------------------ state
    @property
    def fmt(self) -> str:
        return self.format.currentData()

    @property
    def chosen_rule(self) -> str | None:
        """The suppression rule, None only when exact numbers are explicitly asked for."""
        return None if self.exact.isChecked() else self.rule.currentData()

    def chosen(self) -> list[ProjectEntry]:
        """The ticked scenarios, in project order."""
        return [e for i, e in enumerate(self.entries)
                if self.scenarios.item(i).checkState() == Qt.CheckState.Checked and not missing_plan(e)]

    def _format_changed(self) -> None:
        """New format: its file filter and suffix."""
        self.file.file_filter = next(f for key, _t, f in FORMATS if key == self.fmt)
        path = self.file.path or self.folder / self._default_name()
        self.file.set_path(path.with_suffix(f".{self.fmt}"))

    def _default_name(self) -> str:
        names = [e.name for e in self.chosen()] or ["report"]
        stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in " - ".join(names[:3])).strip() or "report"
        return f"{stem} report.{self.fmt}"

    def _update(self) -> None:
        busy = self.tasks.busy
        self.write_button.setEnabled(not busy and bool(self.chosen()) and self.file.path is not None)
        for widget in (self.format, self.exact, self.scenarios, self.file):
            widget.setEnabled(not busy)
        self.rule.setEnabled(not busy and not self.exact.isChecked())

    # ------------------------------------------------------------ actions
    def write(self) -> None:
        """Write the report of the ticked scenarios on the worker."""
        entries, path = self.chosen(), self.file.path
        if not entries or path is None:
            self.message.show_message("Tick at least one scenario with a plan and choose a file.", "error")
            return
        if path.suffix.lower() != f".{self.fmt}":
            path = path.with_name(f"{path.name}.{self.fmt}")
            self.file.set_path(path)
        self.message.clear_message()
        self.open_button.hide()
        runs = [Run(e.scenario, e.result, e.baseline) for e in entries]
        self.tasks.run("report", report_task(runs, path, self.fmt, self.chosen_rule), self._finished,
                       self._failed, self._cancelled, status=f"Writing {path.name}\u2026")

    def open_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))

    def done(self, code: int) -> None:
        """Closing by any route (buttons, Esc, the title bar) stops the worker."""
        self.tasks.shutdown()
        super().done(code)

    def _finished(self, path: Path) -> None:
        self.written = path
        self.message.show_message(f"Wrote {path.name} in {path.parent}.", "done")
        self.open_button.show()

    def _failed(self, message: str) -> None:
        self.message.show_message(f"The report could not be written: {message}", "error")

    def _cancelled(self) -> None:
        self.message.show_message("Cancelled: no report was written.", "warning")


def export_report(store: ProjectStore, parent: QWidget | None = None) -> Path | None:
    """Open the report dialog on the project's scenarios (the current one ticked); the file written, if any."""
    entries = store.project.entries
    if not entries:
        return None
    folder = store.path.parent if store.path is not None else None
    dialog = ReportDialog(entries, parent, folder, store.current)
    try:
        dialog.exec()
        return dialog.written
    finally:
        dialog.deleteLater()
