"""Closing the workshop while its improving solve allocates stops that solve: nothing runs on, nothing raises."""

from __future__ import annotations

import logging
import threading
import time

from sufficiency_app.solver import planner as planner_module


def test_closing_the_workshop_during_its_improving_solve_stops_the_solve(qtbot, window, monkeypatch, caplog):
    from sufficiency_app.ui.workshop import WorkshopWindow

    raised = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    with qtbot.waitSignal(workshop.solved, timeout=30_000):  # the quick solve as it opens
        workshop.show()
    allocating, real = threading.Event(), planner_module.allocate

    def slow(*args, **kwargs):  # the improving solve's allocation takes a while (seconds on a county)
        allocating.set()
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(planner_module, "allocate", slow)
    workshop.resolve(workshop._pending, prove=True)
    handle = workshop.runner._handles[-1]
    endings = []
    handle.finished.connect(lambda outcome: endings.append("finished"))
    handle.cancelled.connect(lambda: endings.append("cancelled"))
    qtbot.waitUntil(allocating.is_set, timeout=30_000)
    began = time.perf_counter()
    with caplog.at_level(logging.WARNING):
        workshop.close()
    assert time.perf_counter() - began < 4.0
    assert handle.cancel_event.is_set() and not handle.running
    qtbot.waitUntil(lambda: bool(endings), timeout=2_000)
    assert endings == ["cancelled"]  # stopped at its allocation, not allocated and explained after the close
    assert raised == [] and not [r for r in caplog.records if r.levelno >= logging.WARNING]
