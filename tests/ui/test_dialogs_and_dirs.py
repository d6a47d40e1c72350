"""Per-user folders and log, the About dialog, and the boundary import dialog."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication
from small_scenarios import window_county

from sufficiency_app.importers.boundaries import write_areas
from sufficiency_app.infra import appdirs


def test_user_folders_and_rotating_log_live_under_the_override(home):
    assert appdirs.config_dir() == home / "config" and appdirs.recovery_file().parent == home / "data"
    path = appdirs.setup_logging(max_bytes=2_000, backups=2)
    log = logging.getLogger("sufficiency_app.test")
    for i in range(200):
        log.info("line %d of a long session", i)
    files = sorted(p.name for p in (home / "log").iterdir())
    assert path.name == "sufficiency.log" and files == ["sufficiency.log", "sufficiency.log.1", "sufficiency.log.2"]
    assert "line 199" in path.read_text()


def test_about_dialog_copies_diagnostics(qtbot, home):
    from sufficiency_app.ui.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    for name in ("SEND Sufficiency Planner", "Python", "Qt", "HiGHS", "GeoPandas", "Log file"):
        assert name in text
    dialog.copy()
    assert QApplication.clipboard().text() == text


def test_boundary_import_replaces_areas_as_one_undo_step(qtbot, window, tmp_path):
    from sufficiency_app.ui.import_dialogs import BoundaryImportDialog

    areas = window_county().areas.iloc[:3].rename(columns={"area_id": "LSOA21CD", "name": "LSOA21NM"})
    write_areas(areas.to_crs("EPSG:4326"), tmp_path / "lsoa.geojson")
    dialog = BoundaryImportDialog(window.store, window.io_runner, window)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "lsoa.geojson"))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.run()
    new = window.store.scenario.areas
    assert new["area_id"].tolist() == ["A0", "A1", "A2"] and new.crs.to_epsg() == 27700
    assert abs(new.geometry.area.sum() - 3e8) < 1e3  # three 10 km squares, back in British National Grid
    window.undo_action.trigger()
    assert len(window.store.scenario.areas) == 4


def test_boundary_import_lists_problems_and_keeps_the_areas(qtbot, window, tmp_path):
    from sufficiency_app.ui.import_dialogs import BoundaryImportDialog

    areas = window_county().areas.rename(columns={"area_id": "zzz", "name": "yyy"})
    write_areas(areas, tmp_path / "odd.geojson")
    dialog = BoundaryImportDialog(window.store, window.io_runner, window)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "odd.geojson"))
    dialog.id_col.setText("missing_column")
    dialog.run()
    qtbot.waitUntil(lambda: "missing_column" in dialog.report.toPlainText(), timeout=20_000)
    assert len(window.store.scenario.areas) == 4 and window.store.undo_stack.count() == 0
