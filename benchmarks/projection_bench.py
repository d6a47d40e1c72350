"""Projection benchmark: fit, project and simulate 1,000 futures of the sample county.

Times each step on ``sample_data/wiltshire/history.csv`` (build it with
``python sample_data/build_history.py``): reading, fitting the cohort
model, the expected projection, the simulation (target: 1,000 runs in
under 10 s), bands, and spreading an 80th-percentile demand to areas.

Run: ``python benchmarks/projection_bench.py [--runs 1000] [--years 6]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sufficiency_app.io import read_scenario
from sufficiency_app.projection import (
    bands,
    fit_rates,
    percentile_groups,
    project,
    read_history,
    read_population,
    simulate,
    to_demand,
)

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "wiltshire"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    timings: list[tuple[str, float, str]] = []

    def timed(label, fn, note=lambda _: ""):
        start = time.perf_counter()
        value = fn()
        timings.append((label, time.perf_counter() - start, note(value)))
        return value

    scenario = timed("read scenario", lambda: read_scenario(SAMPLE), lambda s: f"{len(s.areas)} areas")
    history = timed("read history", lambda: read_history(SAMPLE / "history.csv"), lambda h: f"{len(h)} rows")
    population = read_population(SAMPLE / "population.csv")
    rates = timed("fit cohort model", lambda: fit_rates(history, population),
                  lambda r: f"{r.method}, new plans {r.joiners.sum():.0f}/yr, growth {r.growth:+.1%}")
    timed("expected projection", lambda: project(rates, args.years), lambda p: f"{len(p)} cells")
    sim = timed(f"simulate {args.runs} runs", lambda: simulate(rates, args.years, args.runs, args.seed),
                lambda s: f"{s.counts.shape[0]} x {s.counts.shape[1]} years, "
                          f"{s.counts.sum(axis=(2, 3, 4)).mean(axis=0)[-1]:.0f} plans in {s.years[-1]}")
    timed("bands", lambda: bands(sim), lambda b: f"{len(b)} rows")
    county = timed("80th percentile", lambda: percentile_groups(sim, 80), lambda c: f"{len(c)} groups")
    timed("spread to areas", lambda: to_demand(county, scenario, history), lambda d: f"{len(d)} demand rows")

    print(f"{'step':<24}{'seconds':>10}  note")
    for label, seconds, note in timings:
        print(f"{label:<24}{seconds:>10.2f}  {note}")


if __name__ == "__main__":
    main()
