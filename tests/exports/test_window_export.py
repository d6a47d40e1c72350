"""File > Export GIS layers… in the window: the plan's GeoPackage written on the worker."""

from __future__ import annotations

import geopandas as gpd
import pytest

from sufficiency_app.exports import saved_plan
from sufficiency_app.io.project_file import Project, ProjectEntry


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from sufficiency_app.ui.app import application
    from sufficiency_app.ui.main_window import MainWindow

    monkeypatch.setenv("SUFFICIENCY_HOME", str(tmp_path / "home"))
    application()
    w = MainWindow(autosave_seconds=3600)
    w.quiet = True
    qtbot.addWidget(w)
    yield w
    w.shutdown()
    w.close()


def test_the_file_menu_exports_the_plan_as_a_geopackage(qtbot, window, saved_plan_dir, tmp_path, monkeypatch):
    saved = saved_plan(saved_plan_dir)
    window.store.set_project(Project((ProjectEntry(saved.scenario, saved.plan),)), None)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.gis_action in file_menu.actions()
    monkeypatch.setattr("sufficiency_app.ui.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "plan"), "GeoPackage (*.gpkg)"))
    handle = window.export_gis()
    with qtbot.waitSignal(handle.done, timeout=30_000):
        pass
    assert "GIS layers written to" in window.statusBar().toolTip()
    settings = gpd.read_file(tmp_path / "plan.gpkg", layer="settings")
    assert settings.set_index("setting_id")["capacity_2025"].to_dict() == {"P1": 40.0, "O1": 20.0, "O2": 8.0}


def test_without_a_plan_there_is_nothing_to_export(window, saved_plan_dir, monkeypatch):
    saved = saved_plan(saved_plan_dir)
    window.store.set_project(Project((ProjectEntry(saved.scenario),)), None)
    monkeypatch.setattr("sufficiency_app.ui.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: pytest.fail("no file dialog without a plan"))
    assert window.export_gis() is None
    assert "Solve first" in window.statusBar().toolTip()
