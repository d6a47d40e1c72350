"""Stress-test benchmark: cost per future, 1 -> 2 worker speed-up, and a national projection.

For each instance it times building the plan's per-year flows, drawing a
future, and the allocation of one future per plan (in process), then runs
``--futures`` futures on a local Dask cluster with each ``--workers`` count,
checks the results are identical, and prints the speed-up and the CPU
seconds per wall second (the speed-up the shared cores allowed). The last
table projects ~150 councils x 1,000 futures onto clusters of several sizes
from the measured CPU cost per future (135 sample-size and 15 Kent-size councils).

Instances: ``sample`` (sample_data/wiltshire with its saved-plan schedule
from ``--plan`` or the greedy plan) and ``kent`` (benchmarks/solver_instances.py,
18,000 children, with the sample's history scaled to its size, and the
greedy plan). The machine's load average is printed: these figures are
only comparable at similar load.

Run: ``python benchmarks/stress_bench.py [--instances sample,kent] [--futures 200] [--workers 1,2]
[--plan RESULTS_DIR] [--cache DIR]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from solver_instances import generate

from sufficiency_app.model.stress_result import DO_NOTHING, PLAN
from sufficiency_app.projection import read_history, read_population
from sufficiency_app.projection.futures import future_seeds
from sufficiency_app.risk.stress import PlanEvaluator, run_stress, stress_job
from sufficiency_app.solver import greedy

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "wiltshire"
KENT_LIKE = 15  # councils of Kent's size or larger among ~150 (the rest taken at the sample's size)
CLUSTERS = (2, 16, 64, 256)
EFFICIENCY = 0.9  # share of core time spent on futures (start-up, building the flows, gathering)


def instance(name: str, plan: str | None, cache: str | None = None):
    """``(scenario, schedule, population)``; Kent gets the sample's history scaled to its children.

    The greedy schedule is kept in ``cache`` (a folder) when given: on Kent it takes minutes.
    """
    if name == "sample" and plan:
        from sufficiency_app.io.results import read_plan

        scenario, result = read_plan(plan)
        return scenario, result.schedule, read_population(SAMPLE / "population.csv")
    scenario = generate(name)
    population = read_population(SAMPLE / "population.csv")
    if scenario.history is None:
        history = read_history(SAMPLE / "history.csv")
        base = scenario.demand[scenario.demand["year"] == scenario.parameters.base_year]["count"].sum()
        factor = base / 5400.0
        history = history.assign(count=np.rint(history["count"] * factor).astype(int))
        population = population.assign(population=np.rint(population["population"] * factor).astype(int))
        scenario = scenario.replace(history=history)
    cached = Path(cache) / f"{name}-greedy-schedule.csv" if cache else None
    if cached is not None and cached.is_file():
        return scenario, pd.read_csv(cached, dtype={"option_id": str}), population
    start = time.perf_counter()
    schedule = greedy(scenario).schedule
    print(f"  {name}: greedy plan in {time.perf_counter() - start:.1f} s, {len(schedule)} build rows", flush=True)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        schedule.to_csv(cached, index=False)
    return scenario, schedule, population


def per_future(scenario, schedule, population, n: int = 10) -> dict[str, float]:
    job = stress_job(scenario, {PLAN: schedule}, None, population)
    start = time.perf_counter()
    evaluator = PlanEvaluator(scenario, schedule, job.futures)
    build = time.perf_counter() - start
    seeds = future_seeds(0, n)
    start, cpu = time.perf_counter(), time.process_time()
    demands = [job.futures.draw(s) for s in seeds]
    draw, draw_cpu = (time.perf_counter() - start) / n, (time.process_time() - cpu) / n
    start, cpu = time.perf_counter(), time.process_time()
    for d in demands:
        evaluator.evaluate(d)
    solve, solve_cpu = (time.perf_counter() - start) / n, (time.process_time() - cpu) / n
    children = float(demands[0][job.futures.rows["year"].to_numpy() == scenario.years[0]].sum())
    return {"build_s": build, "draw_s": draw, "draw_cpu_s": draw_cpu, "allocation_s": solve, "allocation_cpu_s": solve_cpu, "rows": float(len(job.futures.rows)),
            "children_first_year": children}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", default="sample,kent")
    parser.add_argument("--futures", type=int, default=200, help="futures for the worker runs")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--plan", help="a saved plan of the sample (default: its greedy plan)")
    parser.add_argument("--cache", help="folder keeping the greedy schedules between runs")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    costs, runs = [], []
    for name in args.instances.split(","):
        scenario, schedule, population = instance(name, args.plan, args.cache)
        cost = per_future(scenario, schedule, population)
        costs.append({"instance": name, **cost})
        print(f"  {name}: {cost}", flush=True)
        job = stress_job(scenario, {PLAN: schedule, DO_NOTHING: schedule.iloc[:0]}, None, population)
        first = None
        for w in (int(x) for x in args.workers.split(",")):
            result = run_stress(job, args.futures, seed=1, workers=w)
            same = first is None or result.years.equals(first.years)
            first = first or result
            runs.append({"instance": name, "workers": w, "futures": args.futures, "seconds": result.run["seconds"],
                         "cpu_seconds": result.run["cpu_seconds"], "identical": same,
                         "load": round(os.getloadavg()[0], 1)})
            print(f"  {runs[-1]}", flush=True)
    costs_df = pd.DataFrame(costs)
    print("\nPer future (one plan, in process)")
    print(costs_df.to_string(index=False, float_format=lambda v: f"{v:,.3f}"))
    runs_df = pd.DataFrame(runs)
    runs_df["speed_up"] = runs_df.groupby("instance")["seconds"].transform("first") / runs_df["seconds"]
    runs_df["cpu_per_wall"] = runs_df["cpu_seconds"] / runs_df["seconds"]  # the speed-up the cores allowed
    print(f"\nLocal Dask cluster, plan and do nothing, {args.futures} futures")
    print(runs_df.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    national(costs_df)


def national(costs: pd.DataFrame, plans: int = 2) -> None:
    """~150 councils x 1,000 futures x ``plans`` (the plan and doing nothing) on clusters of several sizes.

    Cost per future is CPU time (draw + allocation): what idle cores pay. Councils are taken as
    sample-sized, except ``KENT_LIKE`` of Kent's size when Kent was measured; the average English
    council (~4,300 children placed) is smaller than the sample, so this errs on the high side.
    """
    per = dict(zip(costs["instance"], costs["draw_cpu_s"] + costs["allocation_cpu_s"]))
    small = per.get("sample", per.get("kent"))
    large = per.get("kent", small)
    core_hours = plans * 1000 * ((150 - KENT_LIKE) * small + KENT_LIKE * large) / 3600
    print(f"\nEngland: {150 - KENT_LIKE} sample-size councils at {small:.3f} s and {KENT_LIKE} Kent-size at "
          f"{large:.3f} s per future and plan, x 1,000 futures x {plans} plans = {core_hours:,.1f} core-hours")
    print(pd.DataFrame({"cores": CLUSTERS, "hours": [core_hours / c / EFFICIENCY for c in CLUSTERS]}).to_string(
        index=False, float_format=lambda v: f"{v:,.2f}"))

if __name__ == "__main__":
    main()
