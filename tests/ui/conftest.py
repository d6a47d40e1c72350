"""UI test set-up: a tiny county built in memory, and a main window with isolated settings.

The window fixture points every per-user folder (settings, autosave, log)
at ``tmp_path`` through ``SUFFICIENCY_HOME``, answers the window's
questions without dialogs, and fails the test if a top-level window leaks.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from sufficiency_app.project_file import Project, ProjectEntry
from sufficiency_app.scenario import Parameters, Scenario


def tiny_scenario(name: str = "Tiny county") -> Scenario:
    """Four 10 km squares in a row; one special school in the west, one option in the east.

    Demand: 20 special-tier ASD primary children in each area every year of
    a two-year horizon. The school has 40 places, so without new places 40
    children a year go independent; the option (2 modules of 20 places,
    £1m each) in the east can take them.
    """
    areas = gpd.GeoDataFrame(
        {"area_id": [f"A{i}" for i in range(4)], "name": [f"Area {i}" for i in range(4)]},
        geometry=[box(400000 + 10000 * i, 100000, 410000 + 10000 * i, 110000) for i in range(4)],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame({
        "year": [y for y in (2025, 2026) for _ in range(4)],
        "area_id": [f"A{i}" for _ in (2025, 2026) for i in range(4)],
        "need": "ASD", "phase": "PRI", "tier": "special", "count": 20.0,
    })
    demand["year"] = demand["year"].astype("int64")
    provisions = pd.DataFrame({
        "provision_id": ["P1"], "name": ["West Special"], "kind": ["special"], "needs": ["ASD;SLD"],
        "phases": ["PRI;SEC"], "capacity": [40], "easting": [405000.0], "northing": [105000.0],
        "cost_per_place": [25000.0], "urn": ["100001"],
    })
    options = pd.DataFrame({
        "option_id": ["O1", "O2"], "provision_id": ["", ""], "name": ["East Special", "Far Unit"],
        "kind": ["special", "resource_base"], "needs": ["ASD", "ASD"], "phases": ["PRI", "PRI"],
        "easting": [435000.0, 437000.0], "northing": [105000.0, 104000.0], "module_places": [20, 8],
        "max_modules": [2, 1], "capital_per_module": [1_000_000.0, 500_000.0], "fixed_capital": [0.0, 0.0],
        "earliest_year": [2025, 2025], "cost_per_place": [25000.0, 15000.0],
    })
    params = Parameters(name=name, base_year=2025, horizon=2, capital=(3_000_000.0, 3_000_000.0))
    return Scenario(parameters=params, areas=areas, demand=demand, provisions=provisions, options=options)


@pytest.fixture
def scenario() -> Scenario:
    return tiny_scenario()


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
    w.store.set_project(Project((ProjectEntry(tiny_scenario()),)), None)
    yield w
    w.shutdown()
    w.close()
    leaked = [x for x in set(QApplication.topLevelWidgets()) - before
              if x.isVisible() and x is not w and x.isWindow() and not x.inherits("QMenu")]
    assert not leaked, f"windows left open: {leaked}"
