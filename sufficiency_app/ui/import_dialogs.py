"""Dialogs around the importers: schools from a GIAS download, areas from a boundary file.

The reading runs on the window's worker; the result replaces one table of
the current scenario as a single undo step, and validation then flags
anything that no longer fits (for example demand for an area the new
boundaries do not have).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..infra.errors import Problem
from ..model.scenario import PROVISION_COLUMNS, Scenario
from .store import ProjectStore
from .tasks import Progress, boundaries_task, gias_task
from .worker import TaskRunner


class _ImportDialog(QDialog):
    """File picker, a form of options, a problems box; subclasses say how to read and apply."""

    title = ""
    file_filter = ""
    table = ""

    def __init__(self, store: ProjectStore, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.runner = store, runner
        self.setWindowTitle(self.title)
        self.path = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form = QFormLayout()
        self.form.addRow("File", row)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setPlaceholderText("Problems found in the file are listed here.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setProperty("primary", True)
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.report)
        layout.addWidget(self.buttons)
        self.resize(620, 420)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title, "", self.file_filter)
        if path:
            self.path.setText(path)

    def task(self, path: Path) -> Callable[[Progress, threading.Event], tuple[Any, list[Problem]]]:
        raise NotImplementedError

    def apply(self, scenario: Scenario, data: Any) -> Scenario:
        raise NotImplementedError

    def run(self) -> None:
        path = Path(self.path.text().strip())
        if not self.path.text().strip() or not path.exists():
            self.report.setPlainText("Choose a file that exists.")
            return
        task = self.task(path)
        self.run_button.setEnabled(False)
        self.report.setPlainText(f"Reading {path.name}…")
        handle = self.runner.submit(f"import {path.name}", task, cancel_previous=False)
        handle.finished.connect(self._read)
        handle.failed.connect(lambda m: (self.report.setPlainText(f"Could not read the file: {m}"),
                                         self.run_button.setEnabled(True)))

    def _read(self, outcome: tuple[Any, list[Problem]]) -> None:
        data, problems = outcome
        self.run_button.setEnabled(True)
        errors = [p for p in problems if p.severity == "error"]
        self.report.setPlainText("\n".join(str(p) for p in problems))
        scenario = self.store.scenario
        if data is None or errors or scenario is None:
            return
        self.store.edit_scenario(self.apply(scenario, data), self.table, self.title)
        self.accept()


class GiasImportDialog(_ImportDialog):
    """Replace (or extend) the settings table with one council's schools from GIAS."""

    title = "Import schools from GIAS"
    file_filter = "GIAS download (edubasealldata*.csv *.csv)"
    table = "provisions"

    def __init__(self, store: ProjectStore, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(store, runner, parent)
        self.la_code = QLineEdit("865")
        self.la_code.setToolTip("The council's three-digit LA code (865 = Wiltshire)")
        self.mainstream = QCheckBox("Also list mainstream schools as settings")
        self.replace = QRadioButton("Replace the current settings")
        self.keep = QRadioButton("Add schools not already listed (by URN)")
        self.keep.setChecked(True)
        self.form.addRow("LA code", self.la_code)
        self.form.addRow("", self.mainstream)
        self.form.addRow("Existing settings", self.replace)
        self.form.addRow("", self.keep)
        self.form.addRow(QLabel("Revenue costs are filled with round planning figures: replace them "
                                "with your banding in the Settings table."))

    def task(self, path: Path):
        return gias_task(path, self.la_code.text().strip(), self.mainstream.isChecked())

    def apply(self, scenario: Scenario, data: pd.DataFrame) -> Scenario:
        new = data[list(PROVISION_COLUMNS)]
        if self.keep.isChecked():
            known = set(scenario.provisions["provision_id"].astype(str)) | set(
                scenario.provisions["urn"].astype(str).str.strip())
            new = new[~new["provision_id"].astype(str).isin(known) & ~new["urn"].astype(str).isin(known)]
            new = pd.concat([scenario.provisions, new.astype(scenario.provisions.dtypes.to_dict(), errors="ignore")],
                            ignore_index=True)
        return scenario.replace(provisions=new.reset_index(drop=True))


class BoundaryImportDialog(_ImportDialog):
    """Replace the planning areas with polygons from an ONS (or any) boundary file."""

    title = "Import area boundaries"
    file_filter = "Boundary files (*.geojson *.json *.gpkg *.shp)"
    table = "areas"

    def __init__(self, store: ProjectStore, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(store, runner, parent)
        self.id_col = QLineEdit(placeholderText="found automatically (e.g. LSOA21CD)")
        self.name_col = QLineEdit(placeholderText="found automatically (e.g. LSOA21NM)")
        self.form.addRow("Area id column", self.id_col)
        self.form.addRow("Area name column", self.name_col)

    def task(self, path: Path):
        return boundaries_task(path, self.id_col.text().strip() or None, self.name_col.text().strip() or None)

    def apply(self, scenario: Scenario, data: Any) -> Scenario:
        return scenario.replace(areas=data)
