"""Start the window (or its smoke test): application set-up shared by the command and the tests."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..infra import appdirs, resources
from . import theme
from .main_window import MainWindow
from .worker import TaskHandle

log = logging.getLogger(__name__)


def application() -> QApplication:
    """The one QApplication, styled."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SEND Sufficiency Planner")
    app.setOrganizationName(appdirs.APP_AUTHOR)
    app.setApplicationVersion(__version__)
    theme.apply(app)
    return app


def wait_for(handle: TaskHandle, timeout_ms: int = 0) -> None:
    """Turn the event loop until ``handle`` has ended (its queued signals delivered)."""
    loop = QEventLoop()
    handle.done.connect(loop.quit)
    if timeout_ms:
        QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def smoke(path: Path | None, time_limit: float | None = None) -> int:
    """Open ``path`` (or the sample) in a real window, solve it, print one line; 0 if all worked."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application()
    appdirs.setup_logging()
    start = time.perf_counter()
    window = MainWindow()
    window.quiet = True
    window.time_limit = time_limit
    failures: list[str] = []
    target = path or resources.sample_scenario_path()
    handle = window.open_path(target)
    handle.failed.connect(failures.append)
    wait_for(handle)
    entry = window.store.entry
    if failures or entry is None:
        problems = window.problem_list.list.count()
        print(f"smoke FAILED: could not open {target} ({'; '.join(failures) or f'{problems} problem(s)'})")
        window.shutdown()
        return 1
    handle = window.solve()
    handle.failed.connect(failures.append)
    wait_for(handle)
    entry = window.store.entry
    window.shutdown()
    if failures or entry is None or entry.result is None:
        print(f"smoke FAILED: the solve of {entry.name if entry else target} failed ({'; '.join(failures)})")
        return 1
    r, b = entry.result, entry.baseline
    base = f" (baseline {b.independent:,.0f})" if b is not None else ""
    built = int((r.schedule["modules"] > 0).sum()) if len(r.schedule) else 0
    placed = (f"independent {r.independent:,.0f} child-years{base}" if len(r.allocation)
              else "a build without its allocation (stopped on time before the children were allocated)")
    print(f"smoke ok: {entry.name}: {r.status}, {placed}, "
          f"capital {r.capital:,.0f}, {built} schedule rows, solve {r.seconds:.1f} s, "
          f"total {time.perf_counter() - start:.1f} s")
    return 0 if r.status in ("optimal", "feasible", "time_limit") else 1


def run(path: Path | None = None) -> int:
    """Show the window and run the event loop until it closes."""
    app = application()
    log_file = appdirs.setup_logging()
    log.info("starting the planner %s (log %s)", __version__, log_file)
    window = MainWindow()
    window.show()
    QTimer.singleShot(0, lambda: window.start(path))
    return app.exec()
