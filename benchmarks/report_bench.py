"""Report benchmark: how long the sample county's report takes to build and write.

Uses the do-nothing baseline (``solver.baseline``) of ``sample_data/wiltshire``
as both plan and baseline, so the timing is the report's own work (finance,
suppression, map and charts, layout), not the solver's.

Run: ``python benchmarks/report_bench.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sufficiency_app import solver
from sufficiency_app.io import read_scenario
from sufficiency_app.report.content import Run, build
from sufficiency_app.report.export import WRITERS

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "wiltshire"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="folder for the files (default: a temporary one)")
    args = parser.parse_args()
    scenario = read_scenario(SAMPLE)
    base = solver.baseline(scenario)
    run = Run(scenario, base, base)
    t = time.perf_counter()
    report = build([run], "lt5")
    print(f"build (finance, suppression, map, charts): {time.perf_counter() - t:6.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        for fmt, write in WRITERS.items():
            t = time.perf_counter()
            path = out / f"report.{fmt}"
            write(report, path)
            print(f"write {fmt:4}: {time.perf_counter() - t:6.2f} s  ({path.stat().st_size / 1024:,.0f} KiB)")


if __name__ == "__main__":
    main()
