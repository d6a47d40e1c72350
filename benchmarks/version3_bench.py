"""What each version 3 reading costs the optimiser on the sample county (docs/model.md readings 19-23).

Run: ``python benchmarks/version3_bench.py`` (every case, 600 s limit each), or
``--cases plain,funding,tail,least-capital,fill,outside,all``, ``--time-limit S`` and
``--base NAME`` (an instance of ``solver_instances.py``, e.g. ``small+v2``, instead of the sample).
Each case solves sample_data/wiltshire (as shipped: ``plain``) with one reading
turned on at the values proposed for the sample (``all``: every one), in its own
spawned process; the table gives wall and CPU seconds of the whole ``solve`` call,
each level's status and gap, the plan's independent child-years and capital, and
the CPU ratio to ``plain`` (the issue's target: at most 1.5).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # solver_instances, in a spawned process too

NEW_SCHOOLS = ("N-SPN", "N-SPS", "N-SP16")  # the sample's new special school buildings
CASES = ("plain", "funding", "tail", "least-capital", "fill", "outside", "all")


def scenario(case: str, base: str = "sample"):
    """The sample (or the benchmark instance ``base``) with the case's reading on, at the values proposed for
    the sample (its README cites them)."""
    from solver_instances import generate

    sc = generate(base)
    p = sc.parameters
    on = set(CASES[1:-1]) if case == "all" else {case}
    if "funding" in on:
        p = p.replace(place_funding=10_000.0)
    if "tail" in on:
        p = p.replace(tail_years=10.0)
    if "least-capital" in on:
        p = p.replace(capital_for_travel=False)
    if "outside" in on:
        p = p.replace(plans_outside=(1320.0,))
    options = sc.options
    if "fill" in on:
        new = options["option_id"].isin(NEW_SCHOOLS) if base == "sample" else options["provision_id"].fillna("") == ""
        options = options.assign(fill_years=[3 if n else 1 for n in new])
    return sc.replace(parameters=p, options=options)


def run(case: str, base: str, limit: float, out) -> None:
    from sufficiency_app.solver import SolveOptions, solve

    sc = scenario(case, base)
    began, cpu = time.perf_counter(), time.process_time()
    plan = solve(sc, SolveOptions(time_limit=limit))
    levels = "; ".join(f"{lv.name} {lv.status} {0 if lv.bound != lv.bound else max(0.0, lv.value - lv.bound) / max(1.0, abs(lv.value)):.3%}"
                       for lv in plan.levels)
    last = set(plan.schedule.loc[plan.schedule["year"] == sc.years[-1], "option_id"].astype(str))
    buys = plan.option_values.set_index("option_id")["buys"] if len(plan.option_values) else {}
    journeys = sorted(o for o in last if buys.get(o) == "journeys only")
    levels += f"; opening {sc.years[-1]}: {len(last)} options, {len(journeys)} for journeys only {journeys}"
    out.put((case, time.perf_counter() - began, time.process_time() - cpu, levels, plan.independent, plan.capital))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--base", default="sample")
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    print("| case | wall s | CPU s | CPU / plain | levels (status, gap) | independent | capital |")
    print("|---|---|---|---|---|---|---|", flush=True)
    plain = None
    for case in args.cases.split(","):  # each row as soon as its case is solved
        out = ctx.Queue()
        proc = ctx.Process(target=run, args=(case, args.base, args.time_limit, out))
        proc.start()
        case, wall, cpu, levels, independent, capital = out.get()
        proc.join()
        plain = cpu if case == "plain" else plain
        ratio = f"{cpu / plain:.2f}" if plain else ""
        print(f"| {case} | {wall:.1f} | {cpu:.1f} | {ratio} | {levels} | {independent:,.1f} | £{capital:,.0f} |",
              flush=True)
    print(f"\n(children's CPU seconds in all: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.0f})")


if __name__ == "__main__":
    main()
