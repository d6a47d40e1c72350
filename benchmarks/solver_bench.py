"""Solver benchmark: sizes, build and solve times, gap, memory, optimiser vs greedy vs baseline.

Run: ``python benchmarks/solver_bench.py [--instances small,wiltshire,kent]
[--backends highs,scip,cpsat] [--time-limit 60]``. Each run happens in its
own process so that ``peak MB`` is that run's own high-water mark. Tables:

1. per instance and backend: sizes, build s, solve s, each level's status,
   the gap of level 1 and of the last level, level 1 (independent
   child-years) of the optimiser, greedy and baseline, peak MB;
2. what each reduction buys: pairs before/after compatibility pruning,
   allocation variables before/after merging groups into classes, the
   coarse level-1 model, and build + solve time without merging;
3. a workshop re-solve after one budget change (``WORKSHOP`` options), and
   cancel latency.

``--instances`` also takes ``sample`` (sample_data/wiltshire).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import threading
import time
from dataclasses import replace

from solver_instances import generate

from sufficiency_app.solver import Planner, SolveOptions, baseline, greedy

WORKSHOP = SolveOptions(time_limit=8, relative_gap=0.01, explain=False)  # a live re-solve in a workshop


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_one(name: str, backend: str, time_limit: float, aggregate: bool, extras: bool) -> dict:
    """One instance and backend, measured in this (child) process."""
    scenario = generate(name)
    start = time.perf_counter()
    planner = Planner(scenario, aggregate=aggregate)
    build = time.perf_counter() - start
    options = SolveOptions(time_limit=time_limit, backend=backend)
    result = planner.solve(options)
    row = {"instance": name, "backend": backend, "aggregate": aggregate, "build_s": build,
           "solve_s": result.seconds, "status": result.status, "gap": result.gap,
           "gap1": (result.levels[0].value - result.levels[0].bound) / max(result.levels[0].value, 1e-9)
           if result.levels else float("nan"),
           "level_status": "/".join(lv.status[:4] for lv in result.levels),
           "independent": result.independent, **{k: result.model_size.get(k) for k in (
               "pairs_all", "pairs_compatible", "x_vars_unaggregated", "x_vars", "classes", "groups",
               "integer_variables", "variables", "constraints")},
           "coarse_x_vars": planner.coarse.inst.stats["x_vars"]}
    if extras:
        start = time.perf_counter()
        row["greedy"] = greedy(scenario).independent
        row["greedy_s"] = time.perf_counter() - start
        start = time.perf_counter()
        row["baseline"] = baseline(scenario).independent
        row["baseline_s"] = time.perf_counter() - start
        richer = scenario.replace(parameters=replace(scenario.parameters,
                                                     capital=tuple(c * 1.1 for c in scenario.parameters.capital)))
        start = time.perf_counter()
        rebuilt = planner.update(richer)
        again = planner.solve(replace(WORKSHOP, backend=backend))
        row["resolve_s"] = time.perf_counter() - start
        row["resolve_rebuilt"] = rebuilt
        row["resolve_gap"] = again.gap
        row["resolve_gap1"] = ((again.levels[0].value - again.levels[0].bound) / max(again.levels[0].value, 1e-9)
                               if again.levels else float("nan"))
        cancel = threading.Event()
        threading.Timer(2.0, cancel.set).start()
        start = time.perf_counter()
        planner.solve(options, cancel=cancel)
        row["cancel_latency_s"] = time.perf_counter() - start - 2.0
    row["peak_mb"] = _peak_mb()
    return row


def _child(queue: multiprocessing.Queue, args: tuple) -> None:
    queue.put(run_one(*args))


def _in_process(args: tuple) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, args))
    process.start()
    row = queue.get()
    process.join()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="small,wiltshire,kent")
    parser.add_argument("--backends", default="highs,scip,cpsat")
    parser.add_argument("--no-merge", action="store_true", help="also solve without merging groups into classes")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    rows = []
    for name in args.instances.split(","):
        for i, backend in enumerate(args.backends.split(",")):
            rows.append(_in_process((name, backend, args.time_limit, True, i == 0)))
            _print_main(rows[-1:])
        if args.no_merge and name != "kent":
            rows.append(_in_process((name, args.backends.split(",")[0], args.time_limit, False, False)))
    print("\n## Optimiser, greedy and baseline (independent child-years over the horizon)")
    _print_main(rows)
    print("\n## What the reductions buy")
    print(f"{'instance':10} {'pairs':>9} {'compatible':>10} {'x (groups)':>10} {'x (classes)':>11} "
          f"{'x (level 1)':>11} {'merge build+solve s':>19} {'no-merge build+solve s':>22}")
    for r in rows:
        if r["aggregate"] and r["backend"] == args.backends.split(",")[0]:
            off = next((o for o in rows if o["instance"] == r["instance"] and not o["aggregate"]), None)
            print(f"{r['instance']:10} {r['pairs_all']:>9} {r['pairs_compatible']:>10} {r['x_vars_unaggregated']:>10} "
                  f"{r['x_vars']:>11} {r['coarse_x_vars']:>11} {r['build_s'] + r['solve_s']:>19.1f} "
                  f"{'' if off is None else format(off['build_s'] + off['solve_s'], '.1f'):>22}")
    print("\n## Workshop re-solve (budget +10%) and cancel")
    for r in rows:
        if "resolve_s" in r:
            print(f"{r['instance']:10} re-solve {r['resolve_s']:.1f} s (rebuilt: {r['resolve_rebuilt']}, "
                  f"gap L1 {r['resolve_gap1']:.3%}, last {r['resolve_gap']:.3%}); "
                  f"cancel took effect after {r['cancel_latency_s']:.2f} s")


def _print_main(rows: list[dict]) -> None:
    for r in rows:
        if not r["aggregate"]:
            continue
        extra = (f" greedy {r['greedy']:8.1f} ({r['greedy_s']:.1f} s) baseline {r['baseline']:8.1f} "
                 f"({r['baseline_s']:.1f} s)") if "greedy" in r else ""
        print(f"{r['instance']:10} {r['backend']:6} groups {r['groups']:5} classes {r['classes']:5} "
              f"vars {r['variables']:7} int {r['integer_variables']:4} rows {r['constraints']:6} | "
              f"build {r['build_s']:5.1f} s solve {r['solve_s']:6.1f} s {r['level_status']:14} "
              f"gap L1 {r['gap1']:6.3%} last {r['gap']:7.3%} | "
              f"independent {r['independent']:8.1f}{extra} | peak {r['peak_mb']:6.0f} MB", flush=True)


if __name__ == "__main__":
    main()
