"""Take the documentation's screenshots from a real window, and the report's pages, as small PNGs.

Run under a real X server, not Qt's offscreen platform (fonts, DPI and
window sizes differ there)::

    xvfb-run -s "-screen 0 1920x1080x24" python scripts/screenshots.py --plan PLAN_DIR

``PLAN_DIR`` is a saved plan (``sufficiency solve sample_data/wiltshire
--out PLAN_DIR``); without it the sample county is solved first. A second
scenario with half as much capital again is solved for the Compare tab.
Writes into ``docs/screenshots/``: the main window on each tab at 1360x860
(``map.png`` is the window with the map after a solve; Compare's
schedules and charts pages as ``compare-schedules.png`` and
``compare-charts.png``) and again at
1920x1080 (``*-1920x1080.png``), the workshop at 1920x1080 and 1280x720,
every page of the PDF report under ``report/`` and every page of the Word
report, converted to PDF by LibreOffice, under ``report-docx/``. PNGs are
reduced to 256 colours so the repository stays light.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WINDOW_SIZES = ((1360, 860), (1920, 1080))  # the first is the plain-named set
WORKSHOP_SIZES = ((1920, 1080), (1280, 720))


def settle(ms: int = 400) -> None:
    """Let layouts, timers and queued signals run before grabbing."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(pixmap_or_path, path: Path) -> None:
    """Write a PNG reduced to an adaptive 256-colour palette (screenshots have few colours)."""
    from PIL import Image

    if not isinstance(pixmap_or_path, Path):
        pixmap_or_path.save(str(path))
        pixmap_or_path = path
    image = Image.open(pixmap_or_path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        path, optimize=True)
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({path.stat().st_size // 1024} KB)")


def open_plan(window, plan: Path | None, scenario_path: Path) -> bool:
    """Put the saved plan (with its baseline) in the window, or open and solve the scenario."""
    from sufficiency_app import solver
    from sufficiency_app.io.project_file import Project, ProjectEntry
    from sufficiency_app.io.results import read_plan
    from sufficiency_app.ui.app import wait_for

    if plan is not None:
        scenario, result = read_plan(plan)
        window.store.set_project(Project((ProjectEntry(scenario, result, solver.baseline(scenario)),)), None)
        return True
    wait_for(window.open_path(scenario_path))
    if window.store.entry is None:
        return False
    wait_for(window.solve())
    return True


def shoot_workshop(window, out: Path, time_limit: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from sufficiency_app.ui.workshop import WorkshopWindow

    for width, height in WORKSHOP_SIZES:
        workshop = WorkshopWindow(window.store, 0)
        workshop.resize(width, height)
        workshop.show()
        loop = QEventLoop()
        workshop.solved.connect(loop.quit)
        QTimer.singleShot(int(time_limit * 1000 + 90_000), loop.quit)
        loop.exec()
        settle(1000)
        save(workshop.grab(), out / f"workshop-{width}x{height}.png")
        workshop.close()


def save_pages(pdf: Path, pages: Path) -> None:
    """Every page of ``pdf`` as ``pages/page-N.png`` (old pages removed first)."""
    pages.mkdir(exist_ok=True)
    for old in pages.glob("page-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", "90", str(pdf), str(Path(tmp) / "page")], check=True)
        for page in sorted(Path(tmp).glob("page-*.png")):
            save(page, pages / f"page-{int(page.stem.rsplit('-', 1)[1])}.png")


def shoot_report(entry, out: Path) -> None:
    """Every page of the PDF report, and of the Word report as LibreOffice prints it (needs pdftoppm, soffice)."""
    from sufficiency_app.report.content import Run
    from sufficiency_app.report.export import write_report

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: report pages skipped (install poppler-utils)", file=sys.stderr)
        return
    run = Run(entry.scenario, entry.result, entry.baseline)
    with tempfile.TemporaryDirectory() as tmp:
        save_pages(write_report([run], Path(tmp) / "plan.pdf"), out / "report")
        soffice = shutil.which("libreoffice") or shutil.which("soffice")
        if soffice is None:
            print("LibreOffice not found: Word report pages skipped", file=sys.stderr)
            return
        docx = write_report([run], Path(tmp) / "plan.docx")
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(Path(tmp) / "docx"),
                        str(docx)], check=True, capture_output=True, timeout=300)
        save_pages(Path(tmp) / "docx" / "plan.pdf", out / "report-docx")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, help="a saved plan folder (written by `sufficiency solve --out`)")
    parser.add_argument("--scenario", type=Path, help="scenario to solve when no --plan is given")
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds for each solve (default 20)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or not os.environ.get("DISPLAY"):
        print('run under a real X server: xvfb-run -s "-screen 0 1920x1080x24" python scripts/screenshots.py',
              file=sys.stderr)
        return 2
    os.environ["SUFFICIENCY_HOME"] = tempfile.mkdtemp(prefix="sufficiency-shots-")  # no user settings

    from sufficiency_app.infra import resources
    from sufficiency_app.ui.app import application, wait_for
    from sufficiency_app.ui.main_window import MainWindow

    application()
    window = MainWindow()
    window.quiet = True
    window.time_limit = args.time_limit
    window.resize(*WINDOW_SIZES[0])
    window.show()
    if not open_plan(window, args.plan, args.scenario or resources.sample_scenario_path()):
        print("could not open the scenario", file=sys.stderr)
        return 1
    first = window.store.entry
    index = window.store.duplicate(window.store.current)
    s = window.store.project.entries[index].scenario
    p = s.parameters
    window.store.set_current(index)
    window.store.edit_scenario(s.replace(parameters=p.replace(
        name=window.store.project.unique_name(f"{first.name} + 50% capital"),
        capital=tuple(c * 1.5 for c in p.capital))), "parameters", "More capital")
    wait_for(window.solve())
    window.store.set_current(0)
    settle(1500)

    args.out.mkdir(parents=True, exist_ok=True)
    shots = {"map": window.map_view, "data": window.data_panel, "results": window.results_panel,
             "charts": window.charts, "compare": window.compare_panel}
    for n, (width, height) in enumerate(WINDOW_SIZES):
        window.resize(width, height)
        suffix = "" if n == 0 else f"-{width}x{height}"
        for name, widget in shots.items():
            window.tabs.setCurrentWidget(widget)
            if name == "data":
                window.data_panel.setCurrentIndex(1)
            settle(800)
            save(window.grab(), args.out / f"{name}{suffix}.png")
        for page, name in ((1, "compare-schedules"), (2, "compare-charts")):  # Compare's other pages
            window.compare_panel.pages.setCurrentIndex(page)
            settle(800)
            save(window.grab(), args.out / f"{name}{suffix}.png")
        window.compare_panel.pages.setCurrentIndex(0)
    shoot_workshop(window, args.out, args.time_limit)
    shoot_report(window.store.project.entries[0], args.out)
    window.shutdown()
    window.store.set_project(window.store.project.__class__(), None)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
