"""One solve of a benchmark instance by an older version of the solver, for ``solver_bench.py --old-ref``.

Run as ``python benchmarks/solver_old.py ROOT NAME TIME_LIMIT`` with
``PYTHONPATH=ROOT``, where ROOT is a checkout of the older version: the
instance comes from this folder's ``solver_instances.py`` (so both versions
solve the same scenario), the solver from ROOT. Prints one JSON line.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    root, name, limit = Path(sys.argv[1]).resolve(), sys.argv[2], float(sys.argv[3])
    try:
        import ortools  # noqa: F401  (the old solver's back-end; no longer a project dependency)
    except ImportError:
        print(json.dumps({"instance": name, "skipped": "ortools is not installed"}))
        return
    import sufficiency_app
    from sufficiency_app.solver import SolveOptions, solve

    if not Path(sufficiency_app.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"imported {sufficiency_app.__file__}, not the old version in {root}")
    from solver_instances import generate

    scenario = generate(name)
    start = time.perf_counter()
    result = solve(scenario, SolveOptions(time_limit=limit))
    wall = time.perf_counter() - start
    print(json.dumps({
        "instance": name, "solve_s": wall, "status": result.status, "gap": result.gap,
        "levels": [(lv.name, lv.value, lv.bound, lv.status) for lv in result.levels],
        "independent": result.independent,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
