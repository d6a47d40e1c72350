"""Closing the workshop while its model is being built stops the build (a big county's takes many seconds)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import CancelledError

import pytest
from small_scenarios import window_county

from sufficiency_app.solver import planner as planner_module
from sufficiency_app.ui.tasks import KeptPlanner


def _slow_first_step(monkeypatch, seconds: float) -> tuple[threading.Event, list]:
    """The travel minutes (the build's first step) take ``seconds``; returns (step started, decompositions made)."""
    started, made = threading.Event(), []
    minutes, decomposition = planner_module.travel_minutes, planner_module.Decomposition

    def slow(scenario):
        started.set()
        time.sleep(seconds)
        return minutes(scenario)

    def counted(*args, **kwargs):
        made.append(1)
        return decomposition(*args, **kwargs)

    monkeypatch.setattr(planner_module, "travel_minutes", slow)
    monkeypatch.setattr(planner_module, "Decomposition", counted)
    return started, made


def test_closing_the_workshop_during_the_model_build_stops_the_build(qtbot, window, monkeypatch):
    from sufficiency_app.ui.workshop import WorkshopWindow

    started, made = _slow_first_step(monkeypatch, 1.0)
    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    outcomes = []
    workshop.solved.connect(outcomes.append)
    workshop.show()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    began = time.perf_counter()
    workshop.close()
    assert time.perf_counter() - began < 5.0  # the close waited for the step under way only
    assert made == [] and workshop.planner._planner is None  # no step after it ran
    qtbot.wait(50)
    assert outcomes == []


def test_a_cancelled_update_keeps_the_planner_as_it_was(monkeypatch):
    """A rebuild (a new demand) cancelled part way leaves the planner with its earlier scenario and model."""
    kept = KeptPlanner()
    first = window_county()
    planner = kept(first)
    model = planner.decomposition
    grown = first.replace(demand=first.demand.assign(count=first.demand["count"] * 2))
    stop = threading.Event()
    stop.set()
    with pytest.raises(CancelledError):
        kept(grown, stop)
    assert planner.scenario is first and planner.decomposition is model
    assert kept(grown) is planner and planner.scenario is grown and planner.decomposition is not model
