"""The road travel dialog on a hand-made 2 km grid: hand-worked minutes, the undoable edit, cancel, bad files."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from small_scenarios import A_KM, LOCAL_KM, grid_links, road_grid_county

from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.roads import TravelCache
from sufficiency_app.ui.roads_dialog import RoadsDialog, import_road_travel
from sufficiency_app.ui.store import ProjectStore
from sufficiency_app.ui.tasks import road_travel_task


@pytest.fixture
def road_file(tmp_path: Path) -> Path:
    path = tmp_path / "roads.gpkg"
    grid_links().to_file(path)
    return path


def _compute(qtbot, dialog: RoadsDialog, path: Path, access: float) -> None:
    dialog.file.set_path(path)
    dialog.access.setValue(access)
    dialog.compute_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)


def test_minutes_along_the_grid_with_access_time(qtbot, road_file):
    dialog = RoadsDialog(road_grid_county())
    qtbot.addWidget(dialog)
    _compute(qtbot, dialog, road_file, access=2.0)
    assert dialog.figures["kept"].value.text() == "12"
    assert dialog.figures["dropped"].value.text() == "2"  # the island and the footway
    assert dialog.figures["far"].value.text() == "0"
    dialog.use_button.click()
    minutes = dialog.result_travel.set_index(["area_id", "provision_id"])["minutes"]
    # A1 (0, 0) to S1 (2000, 0): 2 km of A road; to S2 (0, 2000): 2 km of local road;
    # to the new setting at (1000, 1000): 1 km of each. Every journey adds the 2 access minutes.
    assert minutes[("A1", "S1")] == pytest.approx(2 * A_KM + 2, abs=0.01)
    assert minutes[("A1", "S2")] == pytest.approx(2 * LOCAL_KM + 2, abs=0.01)
    assert minutes[("A1", "NEW")] == pytest.approx(A_KM + LOCAL_KM + 2, abs=0.01)
    assert minutes[("A2", "S1")] == pytest.approx(2 * LOCAL_KM + 2, abs=0.01)
    assert len(minutes) == 6
    assert len(dialog.result_links) == 12 and "minutes" in dialog.result_links.columns


class FakeMap:
    def __init__(self):
        self.layers = []

    def set_road_layer(self, links):
        self.layers.append(links)


def test_import_road_travel_is_one_undoable_edit_and_draws_the_roads(qtbot, road_file, home, monkeypatch):
    store = ProjectStore()
    store.set_project(Project((ProjectEntry(road_grid_county()),)), None)

    def compute_and_use(self):
        _compute(qtbot, self, road_file, access=0.0)
        self.use()
        return self.result()

    monkeypatch.setattr(RoadsDialog, "exec", compute_and_use)
    roads_map = FakeMap()
    assert import_road_travel(store, roads_map)
    travel = store.scenario.travel.set_index(["area_id", "provision_id"])["minutes"]
    assert travel[("A2", "S2")] == pytest.approx(2 * A_KM, abs=0.01)
    assert len(roads_map.layers) == 1 and len(roads_map.layers[0]) == 12
    assert store.undo_stack.undoText() == "Road travel times"
    store.undo_stack.undo()
    assert store.scenario.travel.empty


def test_cancelled_routing_returns_nothing(road_file, tmp_path):
    cancel = threading.Event()
    cancel.set()
    events = []
    task = road_travel_task(road_file, road_grid_county(), 0.0, TravelCache(tmp_path / "cache"))
    assert task(events.append, cancel) is None
    assert not list((tmp_path / "cache").glob("*.csv"))  # nothing half-done was cached


def test_cancel_button_leaves_the_dialog_ready_again(qtbot, road_file):
    dialog = RoadsDialog(road_grid_county())
    qtbot.addWidget(dialog)
    dialog.file.set_path(road_file)
    dialog.compute_button.click()
    assert dialog.tasks.busy and not dialog.compute_button.isEnabled()
    dialog.tasks.cancel_button.click()
    assert dialog.message.kind == "warning" and dialog.compute_button.isEnabled()
    assert dialog.tasks.runner.wait(10_000)
    qtbot.wait(50)
    assert dialog.outcome is None and not dialog.use_button.isEnabled()


def test_a_bad_file_is_a_message(qtbot, tmp_path):
    bad = tmp_path / "roads.geojson"
    bad.write_text("not a road file", encoding="utf-8")
    dialog = RoadsDialog(road_grid_county())
    qtbot.addWidget(dialog)
    dialog.file.set_path(bad)
    dialog.compute_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=10_000)
    assert "could not be used" in dialog.message.text() and "error(s) in the scenario" not in dialog.message.text()
    dialog.file.set_path(tmp_path / "missing.gpkg")
    dialog.compute_button.click()
    assert dialog.message.kind == "error" and "exists" in dialog.message.text()


def test_bad_road_settings_in_the_scenario_are_named_not_raised(qtbot):
    dialog = RoadsDialog(road_grid_county(roads={"speeds": {"motorway": -5}}))
    qtbot.addWidget(dialog)
    assert dialog.message.kind == "error" and "roads" in dialog.message.text()
    assert not dialog.compute_button.isEnabled()
