"""Peer cross-check: the planner against PySAL spopt (CBC) on maximal-covering and p-median instances.

Run: ``python benchmarks/peer_bench.py`` (five seeds of each kind, 120 s
limit), or ``--seeds 1,2 --kinds median --time-limit 30``. Each instance
(``peer_instances.py``: 80 areas, 20 candidate sites, one year) is written
as a scenario folder, read back and solved by ``sufficiency_app.solver.solve``;
its textbook model is solved by ``spopt.locate.MCLP`` / ``PMedian`` on
PuLP's bundled CBC. The table gives, per instance, the peer's optimum
(children covered, or child-minutes), the planner's value of the same
objective, the status and gap of the level that carries it (level 1 for
covering, level 2 for p-median), the plan's status, ``vs peer``: ``equal`` when the values agree to the
planner's proof gap (1e-4 relative), else how much worse the planner's plan
is, and wall and CPU seconds of each side.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.peer_instances import KINDS, generate, peer_optimum, planner_objective, write  # noqa: E402
from sufficiency_app.io import read_scenario  # noqa: E402
from sufficiency_app.solver import SolveOptions, solve  # noqa: E402


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def row(kind: str, seed: int, time_limit: float) -> dict:
    """One instance solved by both sides."""
    instance = generate(kind, seed)
    cpu = _child_cpu()
    peer, peer_status, peer_s = peer_optimum(instance)
    peer_cpu = _child_cpu() - cpu
    with tempfile.TemporaryDirectory() as folder:
        scenario = read_scenario(write(instance, Path(folder) / instance.name))
    start, cpu = time.perf_counter(), time.process_time()
    result = solve(scenario, SolveOptions(time_limit=time_limit, explain=False))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    level = result.levels[0 if kind == "covering" else 1]
    value = planner_objective(instance, result.levels)
    worse = (peer - value if kind == "covering" else value - peer) / peer
    gap = abs(level.value - level.bound) / max(abs(level.value), 1.0) if math.isfinite(level.bound) else math.nan
    return {"instance": instance.name, "p": instance.p, "peer": peer, "peer status": peer_status,
            "peer s": f"{peer_s:.2f} ({peer_cpu:.2f} CPU)", "planner": value, "level": level.status,
            "gap": "-" if math.isnan(gap) else f"{gap:.3%}", "plan": result.status,
            "vs peer": "equal" if math.isclose(value, peer, rel_tol=1.1e-4, abs_tol=1e-4) else f"{worse:.1%} worse",
            "planner s": f"{seconds:.1f} ({cpu:.1f} CPU)"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3,4,5", help="comma-separated seeds (default 1-5)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="covering, median or both")
    parser.add_argument("--time-limit", type=float, default=120.0, help="planner limit in seconds (default 120)")
    args = parser.parse_args()
    try:
        seeds = [int(s) for s in args.seeds.split(",")]
        kinds = args.kinds.split(",")
        if not all(k in KINDS for k in kinds) or not math.isfinite(args.time_limit) or args.time_limit <= 0:
            raise ValueError
    except ValueError:
        parser.error(f"--seeds takes whole numbers, --kinds {' or '.join(KINDS)}, --time-limit a positive number")
    rows = [row(kind, seed, args.time_limit) for kind in kinds for seed in seeds]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for r in rows:
        print("| " + " | ".join(f"{v:,.2f}" if isinstance(v, float) else str(v) for v in r.values()) + " |")
    return 0 if all(r["vs peer"] == "equal" and r["level"] == "optimal" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
