"""The report dialog: PDF and side-by-side XLSX from stored plans, unsolved scenarios refused, cancel writes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from small_scenarios import window_county

from sufficiency_app import solver
from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.report.content import Run
from sufficiency_app.ui.report_dialog import ReportDialog, export_report, missing_plan
from sufficiency_app.ui.store import ProjectStore
from sufficiency_app.ui.tasks import report_task


@pytest.fixture(scope="module")
def solved() -> ProjectEntry:
    scenario = window_county()
    return ProjectEntry(scenario, solver.solve(scenario), solver.baseline(scenario))


@pytest.fixture
def entries(solved):
    other = solved.scenario.replace(parameters=solved.scenario.parameters.replace(name="Second look"))
    return [solved, ProjectEntry(other, solved.result, solved.baseline),
            ProjectEntry(solved.scenario.replace(parameters=solved.scenario.parameters.replace(name="Unsolved")))]


def _write(qtbot, dialog: ReportDialog) -> Path:
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None or dialog.message.kind == "error", timeout=60_000)
    assert dialog.message.kind == "done", dialog.message.text()
    return dialog.written


def test_pdf_of_the_first_solved_scenario_with_small_numbers_suppressed(qtbot, entries, tmp_path):
    dialog = ReportDialog(entries, folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.fmt == "pdf" and dialog.rule.currentData() == "lt5"
    assert [e.name for e in dialog.chosen()] == ["Tiny county"]
    assert dialog.file.path == tmp_path / "Tiny county report.pdf"
    assert not dialog.open_button.isVisible()
    path = _write(qtbot, dialog)
    assert path == tmp_path / "Tiny county report.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # the temporary file is gone
    assert not dialog.open_button.isHidden()


def test_xlsx_of_two_scenarios_side_by_side_is_suppressed_unless_asked(qtbot, entries, tmp_path):
    dialog = ReportDialog(entries, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.scenarios.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.format.setCurrentIndex(2)
    assert dialog.fmt == "xlsx" and dialog.chosen_rule == "lt5" and not dialog.exact.isChecked()
    assert "internal use only" in dialog.exact.text()
    dialog.exact.setChecked(True)
    assert dialog.chosen_rule is None and not dialog.rule.isEnabled()
    assert dialog.file.path.suffix == ".xlsx"
    path = _write(qtbot, dialog)
    book = openpyxl.load_workbook(path, read_only=True)
    text = " ".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for cell in row if cell is not None)
    assert "Tiny county" in text and "Second look" in text


def test_unsolved_and_stale_scenarios_cannot_be_ticked(qtbot, entries, solved):
    stale = solved.replace(stale=True)
    assert missing_plan(solved) == ""
    assert "Solve" in missing_plan(entries[2]) and "again" in missing_plan(stale)
    dialog = ReportDialog([entries[2], stale])
    qtbot.addWidget(dialog)
    item = dialog.scenarios.item(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled and "press Solve" in item.text()
    item.setCheckState(Qt.CheckState.Checked)
    assert dialog.chosen() == [] and not dialog.write_button.isEnabled()
    assert dialog.message.kind == "warning" and "Solve first" in dialog.message.text()


def test_a_cancelled_report_leaves_no_file(entries, tmp_path):
    cancel = threading.Event()
    cancel.set()
    runs = [Run(entries[0].scenario, entries[0].result, entries[0].baseline)]
    out = tmp_path / "out.xlsx"
    assert report_task(runs, out, "xlsx", None)(lambda _e: None, cancel) is None
    assert list(tmp_path.iterdir()) == []


def test_export_report_ticks_the_current_scenario(qtbot, entries, tmp_path, monkeypatch):
    store = ProjectStore()
    store.set_project(Project(tuple(entries)), tmp_path / "plans.sufficiency")
    store.set_current(1)

    def write(self):
        assert [e.name for e in self.chosen()] == ["Second look"]
        self.format.setCurrentIndex(2)
        _write(qtbot, self)
        return 0

    monkeypatch.setattr(ReportDialog, "exec", write)
    path = export_report(store)
    assert path == tmp_path / "Second look report.xlsx" and path.is_file()
