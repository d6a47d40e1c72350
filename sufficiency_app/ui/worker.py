"""One adapter that runs every long task (solve, import, export) off the GUI thread.

A task is a plain function ``fn(progress, cancel) -> result``: ``progress``
is a callable taking any object (the solver's ``ProgressEvent``) and
``cancel`` a ``threading.Event`` the function checks. The function knows
nothing of Qt, so it is tested without a window (Orange3's habit). Results,
progress and errors come back to the GUI thread as queued Qt signals.

Each runner has its own single worker thread: tasks of one runner never
overlap, and starting a new task cancels the one still running, so a
debounced workshop re-solve never queues behind a stale one.

The thread is a Python thread (``concurrent.futures``), not a QThread:
pyproj >= 3.7 keeps a PROJ context per Python thread state and crashes in
threads Python did not create (pyproj issue #1509), and the solver reaches
pyproj through geopandas. Qt signals emitted from a Python thread are
delivered queued to the GUI thread all the same.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

TaskFunction = Callable[[Callable[[Any], None], threading.Event], Any]


class TaskHandle(QObject):
    """One submitted task: its signals and its cancel flag.

    Signals are emitted from the worker thread and delivered queued to the
    receivers in the GUI thread: ``progress(object)``, ``finished(object)``
    with the result, ``failed(str)`` with a user-facing message (the
    traceback goes to the log), ``cancelled()`` when the task stopped
    because it was asked to.
    """

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()  # after any of the three endings

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.cancel_event = threading.Event()
        self.running = True

    def cancel(self) -> None:
        """Ask the task to stop; it ends with ``cancelled`` (or its partial result)."""
        self.cancel_event.set()


def _run(fn: TaskFunction, handle: TaskHandle) -> None:
    """Body of a task on the worker thread: run, then emit exactly one ending and ``done``."""
    try:
        result = None if handle.cancel_event.is_set() else fn(handle.progress.emit, handle.cancel_event)
    except Exception as exc:  # reported to the user; the traceback goes to the log
        log.error("task %s failed:\n%s", handle.name, traceback.format_exc())
        handle.running = False
        handle.failed.emit(str(exc) or type(exc).__name__)
    else:
        handle.running = False
        if handle.cancel_event.is_set() and result is None:
            handle.cancelled.emit()
        else:
            handle.finished.emit(result)
    handle.done.emit()


class TaskRunner(QObject):
    """Runs tasks one at a time on a private worker thread; see the module docstring."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sufficiency-task")
        self._futures: list[concurrent.futures.Future] = []
        self._handles: list[TaskHandle] = []
        self._pending: list[tuple[TaskFunction, TaskHandle]] = []

    @property
    def busy(self) -> bool:
        return any(h.running for h in self._handles)

    def submit(self, name: str, fn: TaskFunction, cancel_previous: bool = True) -> TaskHandle:
        """Queue ``fn``; connect to the returned handle's signals before the event loop turns.

        The task starts on the next turn of the event loop, so a task that
        ends at once cannot emit before the caller has connected (a signal
        emitted from another thread with no receiver yet is lost).
        """
        if cancel_previous:
            for old in self._handles:
                old.cancel()
        handle = TaskHandle(name)
        self._handles.append(handle)
        handle.done.connect(self._finished)  # a bound slot: disconnected if the runner is deleted first
        self._pending.append((fn, handle))
        QTimer.singleShot(0, self._start_pending)
        self.busyChanged.emit(True)
        return handle

    def _start_pending(self) -> None:
        self._futures = [f for f in self._futures if not f.done()]
        while self._pending:
            fn, handle = self._pending.pop(0)
            self._futures.append(self._pool.submit(_run, fn, handle))

    def cancel_all(self) -> None:
        for handle in self._handles:
            handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued task ended (used on close and in tests); False on timeout."""
        self._start_pending()
        _, pending = concurrent.futures.wait(self._futures, timeout=None if msecs < 0 else msecs / 1000)
        return not pending

    def _finished(self) -> None:
        handle = self.sender()
        if handle in self._handles:
            self._handles.remove(handle)
        self.busyChanged.emit(self.busy)
