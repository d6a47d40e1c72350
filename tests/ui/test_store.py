"""The store: adding, renaming and removing scenarios are undoable; views follow the current scenario."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject
from small_scenarios import map_plan, window_county

from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.ui.store import CurrentChanged, CurrentEntryFeed, ProjectStore


@pytest.fixture
def store(qtbot) -> ProjectStore:
    store = ProjectStore()
    store.set_project(Project((ProjectEntry(window_county("North")), ProjectEntry(window_county("South")))), None)
    return store


def names(store: ProjectStore) -> tuple[str, ...]:
    return store.project.names


def test_removing_a_scenario_is_undone_without_losing_earlier_edits(store):
    north = store.project.entries[0].scenario
    store.edit_scenario(north.replace(parameters=north.parameters.replace(horizon=1, capital=(1.0,))),
                        "parameters", "Shorter horizon")
    store.set_results(0, store.scenario, map_plan(), None)
    store.remove(0)
    assert names(store) == ("South",) and store.current == 0
    assert store.undo_stack.undoText() == "Remove scenario North"

    store.undo_stack.undo()
    assert names(store) == ("North", "South") and store.current == 0
    assert store.entry.result is not None and store.scenario.parameters.horizon == 1  # back with its plan
    store.undo_stack.undo()  # the edit made before the removal is still there to undo
    assert store.scenario is north
    store.undo_stack.redo()
    store.undo_stack.redo()
    assert names(store) == ("South",)


def test_renaming_is_undoable_and_keeps_names_unique(store):
    store.rename(1, "North")
    assert names(store) == ("North", "North (2)")
    assert store.undo_stack.undoText() == "Rename South to North (2)"
    store.undo_stack.undo()
    assert names(store) == ("North", "South")
    store.rename(1, "  South ")  # the same name: nothing to undo
    assert store.undo_stack.count() == 1


def test_adding_is_undoable_and_can_leave_the_current_scenario_alone(store):
    messages = []
    store.changed.connect(messages.append)
    index = store.add_entry(ProjectEntry(window_county("North")), make_current=False)
    assert index == 2 and names(store) == ("North", "South", "North (2)")
    assert store.current == 0 and not any(isinstance(m, CurrentChanged) for m in messages)
    store.set_current(2)
    store.undo_stack.undo()
    assert names(store) == ("North", "South") and store.current == 0

    store.duplicate(1)
    assert names(store) == ("North", "South", "South copy") and store.current == 2
    store.undo_stack.undo()
    assert store.current == 0  # back to the scenario shown before the copy


def test_the_feed_shows_the_current_scenario_and_waits_for_edits_to_pause(qtbot, store):
    shown = []
    holder = QObject()
    CurrentEntryFeed(store, lambda entry: shown.append(entry.scenario), holder, delay_ms=50)
    store.set_current(1)
    assert shown == [store.scenario]
    south = store.scenario
    store.edit_scenario(south.replace(parameters=south.parameters.replace(horizon=1, capital=(1.0,))),
                        "parameters", "Edit")
    assert len(shown) == 1  # not while typing
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=2000)
    assert shown[-1] is store.scenario
    store.set_results(0, store.project.entries[0].scenario, map_plan(), None)  # not the current one
    store.set_results(1, store.scenario, map_plan(), None)
    assert len(shown) == 3


def test_the_window_map_and_charts_follow_an_undone_removal(qtbot, window):
    store = window.store
    store.duplicate(0)
    copy = store.scenario
    assert window.map_view.scenario is copy and window.charts.scenario is copy
    store.remove(1)
    assert window.map_view.scenario is store.scenario is not copy
    window.undo_action.trigger()
    assert window.map_view.scenario is copy and window.charts.scenario is copy
    assert window.scenario_list.list.count() == 2
