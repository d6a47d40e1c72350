"""Take PNG screenshots of the planner's main views, offscreen, for the docs.

Opens the sample county (or the scenario given), solves it, makes a
second scenario with a larger capital budget for the Compare view, and
saves Map, Data, Results, Charts, Compare and Workshop views into
``docs/screenshots/``::

    python scripts/screenshots.py [--scenario PATH] [--time-limit 30] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from sufficiency_app import resources  # noqa: E402


def settle(ms: int = 400) -> None:
    """Let layouts, timers and queued signals run before grabbing."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=resources.sample_scenario_path())
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1440x900")
    args = parser.parse_args(argv)
    os.environ["SUFFICIENCY_HOME"] = tempfile.mkdtemp(prefix="sufficiency-shots-")  # no user settings

    from sufficiency_app.ui.app import application, wait_for
    from sufficiency_app.ui.main_window import MainWindow
    from sufficiency_app.ui.workshop import WorkshopWindow

    application()
    width, height = (int(v) for v in args.size.split("x"))
    window = MainWindow()
    window.quiet = True
    window.time_limit = args.time_limit
    window.resize(width, height)
    window.show()
    wait_for(window.open_path(args.scenario))
    if window.store.entry is None:
        print(f"could not open {args.scenario}", file=sys.stderr)
        return 1
    wait_for(window.solve())
    first = window.store.entry
    # A second scenario for Compare: half as much again capital each year.
    index = window.store.duplicate(window.store.current)
    s = window.store.project.entries[index].scenario
    p = s.parameters
    window.store.edit_scenario(s.replace(parameters=p.replace(
        name=window.store.project.unique_name(f"{first.name} + 50% capital"),
        capital=tuple(c * 1.5 for c in p.capital))), "parameters", "More capital")
    wait_for(window.solve())
    window.store.set_current(0)
    settle(1500)

    args.out.mkdir(parents=True, exist_ok=True)
    shots = {"map": window.map_view, "data": window.data_panel, "results": window.results_panel,
             "charts": window.charts, "compare": window.compare_panel}
    for name, widget in shots.items():
        window.tabs.setCurrentWidget(widget)
        if name == "data":
            window.data_panel.setCurrentIndex(1)
        settle(800)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    workshop = WorkshopWindow(window.store, 0)
    workshop.resize(width, height)
    workshop.show()
    loop = QEventLoop()
    workshop.solved.connect(loop.quit)
    QTimer.singleShot(int(args.time_limit * 1000 + 60_000), loop.quit)
    loop.exec()
    settle(800)
    path = args.out / "workshop.png"
    workshop.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    workshop.close()
    window.shutdown()
    window.store.set_project(window.store.project.__class__(), None)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
