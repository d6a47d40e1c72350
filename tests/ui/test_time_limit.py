"""The Solve time limit: one default shared with the command line, shown and changed beside Solve, kept in the
preferences; a plan stopped by a limit says so beside its headline figures, in the window and the workshop."""

from __future__ import annotations

import dataclasses
import inspect
import re

import pytest

from sufficiency_app.solver import SolveOptions, solve
from sufficiency_app.solver.api import DEFAULT_TIME_LIMIT, WORKSHOP_PROVE
from sufficiency_app.ui.main_window import MainWindow, preferences, saved_time_limit


def test_the_limit_starts_at_the_shared_default_and_is_kept(qtbot, window, home):
    spin = window.time_limit_spin
    assert spin.value() == DEFAULT_TIME_LIMIT == SolveOptions().time_limit
    assert window.solve_options().time_limit == DEFAULT_TIME_LIMIT
    assert f"default {DEFAULT_TIME_LIMIT:g}" in spin.toolTip()
    spin.setValue(45)
    assert window.solve_options().time_limit == 45.0
    again = MainWindow(autosave_seconds=3600)
    qtbot.addWidget(again)
    assert again.time_limit_spin.value() == 45
    again.shutdown()


@pytest.mark.parametrize("stored, expected", [
    ("abc", DEFAULT_TIME_LIMIT), ("-5", DEFAULT_TIME_LIMIT), ("0", DEFAULT_TIME_LIMIT), ("nan", DEFAULT_TIME_LIMIT),
    ("inf", DEFAULT_TIME_LIMIT), ("", DEFAULT_TIME_LIMIT), ("1e12", 86_400), ("90.4", 90),
])
def test_a_damaged_preference_falls_back_to_the_default(home, stored, expected):
    preferences().setValue("time_limit", stored)
    assert saved_time_limit() == expected


def test_the_spin_box_refuses_what_is_out_of_range(window):
    spin = window.time_limit_spin
    spin.setValue(0)
    assert spin.value() == 1
    spin.setValue(10**9)
    assert spin.value() == 86_400


def test_the_workshop_proves_within_the_windows_limit(qtbot, window, monkeypatch):
    import sufficiency_app.ui.workshop as workshop

    opened = []
    monkeypatch.setattr(workshop.WorkshopWindow, "showFullScreen", lambda self: opened.append(self))
    window.time_limit_spin.setValue(75)
    window.open_workshop()
    assert opened[0].prove_limit == 75.0
    window.workshop.close()
    assert inspect.signature(workshop.WorkshopWindow).parameters["prove_limit"].default == WORKSHOP_PROVE


def test_a_plan_stopped_on_time_says_so_beside_the_figures(qtbot, window):
    scenario = window.store.scenario
    stopped = solve(scenario, SolveOptions(time_limit=0))  # the greedy plan, labelled time_limit
    window.store.set_results(0, scenario, stopped, None)
    label = window.results_panel.stopped
    assert not label.isHidden()
    assert re.match(r"Stopped at the time limit after \d+ s: fewest independent placements proven;", label.text())
    assert window.results_panel.cards["avoided"].isVisibleTo(window.results_panel)
    unplaced = dataclasses.replace(stopped, allocation=stopped.allocation.iloc[:0], summary=stopped.summary.iloc[:0])
    window.store.set_results(0, scenario, unplaced, None)  # the limit came before the allocation: no figures
    assert "only its build schedule is shown" in label.text()
    assert not any(card.isVisibleTo(window.results_panel) for card in window.results_panel.cards.values())
    assert window.results_panel.schedule_model.rowCount() == len(stopped.schedule[stopped.schedule["modules"] > 0])
    proven = solve(scenario, SolveOptions(time_limit=60))
    window.store.set_results(0, scenario, proven, None)
    assert proven.status == "optimal" and label.isHidden()


def test_the_workshop_says_when_its_settled_plan_stopped_on_time(qtbot, window, monkeypatch):
    import sufficiency_app.ui.workshop as workshop_module

    monkeypatch.setattr(workshop_module, "WORKSHOP_QUICK", 0.0)
    workshop = workshop_module.WorkshopWindow(window.store, 0, prove_limit=0.0)  # the proving solve stops at once
    qtbot.addWidget(workshop)
    with qtbot.waitSignal(workshop.solved, timeout=30_000):  # the quick plan: still improving, nothing said yet
        workshop.show()
    assert workshop.stopped.isHidden()
    with qtbot.waitSignal(workshop.solved, timeout=30_000):
        pass
    assert not workshop.stopped.isHidden() and workshop.stopped.text().startswith("Stopped at the time limit")
    workshop.close()



def test_a_solve_without_a_baseline_keeps_the_old_one_only_for_the_same_inputs(qtbot, window):
    store = window.store
    scenario = store.scenario
    plan, base = solve(scenario, SolveOptions(time_limit=60)), solve(scenario, SolveOptions(time_limit=0))
    store.set_results(0, scenario, plan, base)
    store.set_results(0, scenario, plan, None)  # the same inputs solved again, stopped before its baseline
    assert store.entry.baseline is base
    edited = scenario.replace(parameters=scenario.parameters.replace(capital=(1e6, 1e6)))
    store.edit_scenario(edited, "parameters", "Less capital")
    store.set_results(0, edited, solve(edited, SolveOptions(time_limit=60)), None)
    assert store.entry.baseline is None  # not the do-nothing plan of the inputs before the edit


def test_a_quick_build_without_its_children_placed_keeps_the_figures_on_screen(qtbot, window, monkeypatch):
    import threading

    import sufficiency_app.ui.workshop as workshop_module

    store = window.store
    scenario = store.scenario
    saved = solve(scenario, SolveOptions(time_limit=60))
    store.set_results(0, scenario, saved, solve(scenario, SolveOptions(time_limit=0)))
    real, gate = workshop_module.solve_task, threading.Event()

    def quick_without_children(scenario, options, **kw):  # what a 2 s solve of a county gives
        run = real(scenario, options, **kw)

        def stopped(progress, cancel):
            if options.time_limit != workshop_module.WORKSHOP_QUICK:
                gate.wait(30)  # the improving solve waits until the screen has been looked at
                return run(progress, cancel)
            out = run(progress, cancel)
            plan = dataclasses.replace(out.result, status="time_limit", allocation=out.result.allocation.iloc[:0],
                                       summary=out.result.summary.iloc[:0])
            return dataclasses.replace(out, result=plan)
        return stopped

    monkeypatch.setattr(workshop_module, "solve_task", quick_without_children)
    workshop = workshop_module.WorkshopWindow(store, 0)
    qtbot.addWidget(workshop)
    on_screen = workshop.cards["avoided"].value.text()
    assert on_screen not in ("", "\u2013") and workshop.latest.result is saved
    shown = []
    monkeypatch.setattr(workshop, "_show", lambda outcome: shown.append(outcome))
    workshop.show()
    qtbot.waitUntil(lambda: "earlier settings" in workshop.stopped.text(), timeout=30_000)
    assert workshop.cards["avoided"].value.text() == on_screen and workshop.stopped.isVisibleTo(workshop)
    assert shown == []
    with qtbot.waitSignal(workshop.solved, timeout=60_000) as settled:  # the improving solve places them
        gate.set()
    assert len(shown) == 1 and shown[0] is settled.args[0] and len(shown[0].result.allocation)
    assert "earlier settings" not in workshop.stopped.text()
    workshop.close()
