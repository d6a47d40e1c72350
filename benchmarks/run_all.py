"""Run every benchmark in turn and print their tables: ``python benchmarks/run_all.py``.

Each benchmark is its own script (run one alone for its options); this only
runs them one after another, in separate processes so memory figures are
each run's own, and passes ``--only NAME[,NAME]`` through as a filter.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("travel", "roads", "projection", "solver", "peer", "map_view", "report")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated subset of " + ", ".join(BENCHMARKS))
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(HERE.parent))
    failed = []
    for name in args.only.split(","):
        print(f"\n### {name}\n", flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(HERE / f"{name}_bench.py")], env=env, cwd=HERE.parent)
        print(f"({name}: {time.perf_counter() - start:.0f} s wall)", flush=True)
        if done.returncode:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
