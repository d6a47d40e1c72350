"""Build the one-folder app with PyInstaller, then optionally smoke-test it.

``python scripts/build_app.py`` builds ``dist/SufficiencyPlanner/``;
``--smoke`` then starts the built program offscreen with ``--smoke`` (open
the sample, solve it, exit 0), so a missing hidden import or data file fails
here and not on a user's laptop. Prints build time and folder size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "SufficiencyPlanner"


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def build() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", "build.spec"],
        cwd=ROOT, check=True,
    )
    return time.perf_counter() - start


def smoke() -> float:
    exe = DIST / ("SufficiencyPlanner.exe" if os.name == "nt" else "SufficiencyPlanner")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    done = subprocess.run([str(exe), "--smoke", "--time-limit", "20"], env=env, capture_output=True, text=True, timeout=600)
    print(done.stdout.strip())
    if done.returncode != 0:
        print(done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"smoke run failed with exit code {done.returncode}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run the built app's smoke test afterwards")
    args = parser.parse_args()
    seconds = build()
    print(f"build: {seconds:.0f} s, {folder_mb(DIST):.0f} MB in {DIST.relative_to(ROOT)}")
    if args.smoke:
        print(f"smoke run: {smoke():.1f} s")


if __name__ == "__main__":
    main()
