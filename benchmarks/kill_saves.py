"""Kill -9 during saves: is every target the whole old or the whole new version afterwards?

For each target (a project file, a results folder, a scenario folder) a
child process saves versions A and B of it in turn, without pause, and is
killed with SIGKILL at a random moment. The parent then does what the
next start of the planner does (reads the target, which finishes or rolls
back an interrupted folder swap, and cleans leftovers) and checks that the
target is exactly version A or exactly version B (every file byte for
byte for folders; a project that loads and holds one version), and counts
the temporary files left behind before and after that clean-up.

    python benchmarks/kill_saves.py --kills 50 --seed 1

POSIX only (SIGKILL). Exit code 1 if any target was neither version.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("project", "results", "scenario")


def versions():
    """Scenario and plan of versions A and B (different demand, so every file differs)."""
    import pandas as pd

    from benchmarks.fuzz_inputs import base_scenario
    from sufficiency_app.model.plan import LevelResult, PlanResult

    out = []
    for count in (20.0, 7.0):
        s = base_scenario()
        s = s.replace(demand=s.demand.assign(count=count))
        summary = pd.DataFrame({"year": [2025, 2026], "demand": [count * 4] * 2, "independent": [count] * 2})
        plan = PlanResult("optimal", pd.DataFrame(), pd.DataFrame(), summary,
                          (LevelResult("independent", count, count, "optimal"),), 0.0, 1.0, "highs", str(count),
                          message=f"version {count:g}")
        out.append((s, plan))
    return out


def save(kind: str, target: Path, scenario, plan) -> None:
    if kind == "project":
        from sufficiency_app.io.project_file import Project, ProjectEntry, save_project

        save_project(Project((ProjectEntry(scenario, result=plan),)), target)
    elif kind == "results":
        from sufficiency_app.io.results import write_plan

        write_plan(plan, scenario, target)
    else:
        from sufficiency_app.io import write_scenario

        write_scenario(scenario, target)


def child(kind: str, target: Path) -> None:
    """Save B, A, B, A... forever (until killed); say READY once the loop runs."""
    pair = versions()
    save(kind, target, *pair[1])
    print("READY", flush=True)
    i = 0
    while True:
        save(kind, target, *pair[i % 2])
        i += 1


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; temporary (hidden) files are counted as leftovers, not as content."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not _hidden(p, folder)}


def which(kind: str, target: Path, references: list) -> str:
    """``A``, ``B``, ``missing`` or ``mixed``, after the next start's recovery."""
    if kind == "project":
        from sufficiency_app.io.project_file import ProjectFileError, load_project

        try:
            project = load_project(target)
        except ProjectFileError:
            return "mixed"
        count = project.entries[0].scenario.demand["count"].iloc[0]
        return {20.0: "A", 7.0: "B"}.get(count, "mixed")
    from sufficiency_app.io import load_scenario
    from sufficiency_app.io.results import read_results

    try:  # what the next start does: a read, which finishes or rolls back a swap
        read_results(target) if kind == "results" else load_scenario(target)
    except Exception:  # a damaged folder is what this script counts
        pass
    if not target.is_dir():
        return "missing"
    found = snapshot(target)
    return next((name for name, ref in zip("AB", references) if found == ref), "mixed")


def leftovers(folder: Path, staging: Path) -> int:
    """Temporary files and folders beside or inside the target, and staging folders."""
    hidden = [p for p in folder.rglob("*") if p.name.startswith(".") and not _hidden(p.parent, folder)]
    return len(hidden) + len(list(staging.iterdir()))


def run(kind: str, kills: int, rng: random.Random, work: Path) -> collections.Counter:
    folder, staging = work / kind, work / f"{kind}-tmp"
    folder.mkdir()
    staging.mkdir()
    target = folder / ("plan.sufficiency" if kind == "project" else "target")
    references = []
    for name, (scenario, plan) in zip("AB", versions()):
        ref = work / f"{kind}-{name}"
        if kind != "project":
            save(kind, ref, scenario, plan)
            references.append(snapshot(ref))
    save(kind, target, *versions()[0])
    env = {**os.environ, "TMPDIR": str(staging), "PYTHONPATH": os.pathsep.join(sys.path)}
    counts: collections.Counter = collections.Counter()
    for _ in range(kills):
        proc = subprocess.Popen([sys.executable, __file__, "--child", kind, str(target)], env=env,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        counts["leftovers before the next start"] += leftovers(folder, staging)
        tempfile.tempdir = str(staging)
        from sufficiency_app.infra import atomic

        if hasattr(atomic, "clean_staging"):  # the planner's start-up clean-up (absent before issue 13)
            atomic.clean_staging()
        counts[which(kind, target, references)] += 1
        counts["leftovers after the next start"] += leftovers(folder, staging)
        tempfile.tempdir = None
        shutil.rmtree(staging)
        staging.mkdir()
        for p in folder.iterdir():  # the next kill starts clean, so each count is about one kill
            if p != target:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="kill-saves-") as tmp:
        for kind in args.kinds.split(","):
            start = time.perf_counter()
            counts = run(kind, args.kills, rng, Path(tmp))
            bad += counts["mixed"] + counts["missing"]
            print(f"{kind}: {args.kills} kills in {time.perf_counter() - start:.0f} s: whole-old/new A {counts['A']}, "
                  f"B {counts['B']}, mixed {counts['mixed']}, missing {counts['missing']}; temporary files left "
                  f"{counts['leftovers before the next start']} before and "
                  f"{counts['leftovers after the next start']} after the next start", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
