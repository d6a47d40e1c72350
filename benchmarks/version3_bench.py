"""What each version 3 reading costs the optimiser on the sample county (docs/model.md readings 19-23).

Run: ``python benchmarks/version3_bench.py`` (every case, 600 s limit each), or
``--cases plain,funding,tail,least-capital,fill,outside,all`` and ``--time-limit S``.
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
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "wiltshire"
NEW_SCHOOLS = ("N-SPN", "N-SPS", "N-SP16")  # the sample's new special school buildings
CASES = ("plain", "funding", "tail", "least-capital", "fill", "outside", "all")


def scenario(case: str):
    """The sample with the case's reading on (values of /coord's proposal: see docs/model.md)."""
    from sufficiency_app.io import read_scenario

    sc = read_scenario(SAMPLE)
    p = sc.parameters
    on = set(CASES[1:-1]) if case == "all" else {case}
    if "funding" in on:
        p = p.replace(place_funding=10_000.0)
    if "tail" in on:
        p = p.replace(tail_years=10.0)
    if "least-capital" in on:
        p = p.replace(capital_for_travel=False)
    if "outside" in on:
        p = p.replace(plans_outside=(1320.0, 1398.0, 1481.0, 1569.0, 1661.0, 1760.0)[: p.horizon])
    options = sc.options
    if "fill" in on:
        options = options.assign(fill_years=[3 if o in NEW_SCHOOLS else 1 for o in options["option_id"]])
    return sc.replace(parameters=p, options=options)


def run(case: str, limit: float, out) -> None:
    from sufficiency_app.solver import SolveOptions, solve

    sc = scenario(case)
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
    args = parser.parse_args()
    ctx = multiprocessing.get_context("spawn")
    rows = []
    for case in args.cases.split(","):
        out = ctx.Queue()
        proc = ctx.Process(target=run, args=(case, args.time_limit, out))
        proc.start()
        rows.append(out.get())
        proc.join()
    plain = next((r[2] for r in rows if r[0] == "plain"), None)
    print("| case | wall s | CPU s | CPU / plain | levels (status, gap) | independent | capital |")
    print("|---|---|---|---|---|---|---|")
    for case, wall, cpu, levels, independent, capital in rows:
        ratio = f"{cpu / plain:.2f}" if plain else ""
        print(f"| {case} | {wall:.1f} | {cpu:.1f} | {ratio} | {levels} | {independent:,.1f} | £{capital:,.0f} |")
    print(f"\n(children's CPU seconds in all: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime:.0f})")


if __name__ == "__main__":
    main()
