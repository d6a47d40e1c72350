"""The one worker adapter: the GUI keeps turning during a long task, cancel is prompt, errors are reported."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

from sufficiency_app.ui.worker import TaskRunner


def _long_task(progress, cancel: threading.Event, seconds: float = 1.5):
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if cancel.is_set():
            return None
        progress(time.perf_counter() - start)
        time.sleep(0.02)
    return "done"


def test_event_loop_keeps_turning_during_a_long_task(qtbot):
    runner = TaskRunner()
    ticks = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    progress = []
    handle = runner.submit("long", _long_task)
    handle.progress.connect(progress.append)
    with qtbot.waitSignal(handle.finished, timeout=10_000) as blocker:
        pass
    timer.stop()
    assert blocker.args == ["done"]
    assert len(ticks) >= 30  # ~75 possible in 1.5 s; a blocked GUI thread would give 0 or 1
    assert max(b - a for a, b in zip(ticks, ticks[1:])) < 0.5
    assert progress and progress == sorted(progress)
    assert runner.wait(1000)


def test_cancel_ends_the_task_within_a_second(qtbot):
    runner = TaskRunner()
    handle = runner.submit("long", lambda p, c: _long_task(p, c, seconds=30))
    qtbot.wait(100)
    start = time.perf_counter()
    with qtbot.waitSignal(handle.cancelled, timeout=2_000):
        handle.cancel()
    assert time.perf_counter() - start < 1.0
    assert not runner.busy


def test_a_new_task_cancels_the_previous_one(qtbot):
    runner = TaskRunner()
    first = runner.submit("first", lambda p, c: _long_task(p, c, seconds=30))
    second = runner.submit("second", lambda p, c: "second")
    with qtbot.waitSignals([first.cancelled, second.finished], timeout=3_000):
        pass


def test_errors_come_back_as_a_message(qtbot):
    runner = TaskRunner()

    def broken(progress, cancel):
        raise ValueError("demand.csv, row 4: count must be >= 0")
    handle = runner.submit("broken", broken)
    with qtbot.waitSignal(handle.failed, timeout=3_000) as blocker:
        pass
    assert blocker.args == ["demand.csv, row 4: count must be >= 0"]
