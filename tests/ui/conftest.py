"""UI test set-up: the window county, and a main window with isolated settings.

The window fixture points every per-user folder (settings, autosave, log)
at ``tmp_path`` through ``SUFFICIENCY_HOME``, answers the window's
questions without dialogs, and fails the test if a top-level window leaks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from small_scenarios import window_county

from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.model.scenario import Scenario


@pytest.fixture
def scenario() -> Scenario:
    return window_county()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Per-user folders inside the test's temporary directory."""
    folder = tmp_path / "home"
    monkeypatch.setenv("SUFFICIENCY_HOME", str(folder))
    return folder


@pytest.fixture
def window(qtbot, home):
    """A main window on the tiny county, settings isolated; closed and checked for leaks afterwards."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from sufficiency_app.ui.app import application
    from sufficiency_app.ui.main_window import MainWindow

    application()
    before = set(QApplication.topLevelWidgets())
    w = MainWindow(autosave_seconds=3600)
    w.quiet = True
    w.ask_restore = lambda question: True
    w.ask_save_changes = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(w)
    w.store.set_project(Project((ProjectEntry(window_county()),)), None)
    yield w
    w.shutdown()
    w.close()
    leaked = [x for x in set(QApplication.topLevelWidgets()) - before
              if x.isVisible() and x is not w and x.isWindow() and not x.inherits("QMenu")]
    assert not leaked, f"windows left open: {leaked}"
