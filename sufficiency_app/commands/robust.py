"""``sufficiency plan-robust SCENARIO --out DIR``: one plan that holds up if demand runs low or high.

Projects low, central and high demand from the scenario's history (the
cohort model's simulation percentiles), solves one shared schedule that
minimises expected independent placements, and reports what each future
would see under that one plan, so a capital board sees the risk.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from ..infra.errors import ScenarioError
from ..io import read_scenario
from ..io.results import write_results
from ..projection import demand_scenarios
from ..solver import solve_robust
from ..solver.api import SolveOptions
from . import args as types
from .forecast import add_history_arguments, history_for, population_for
from .solve import call_started


def run(args: argparse.Namespace) -> int:
    started = call_started("plan-robust")  # the time limit covers starting, reading and the projection too
    try:
        scenario = read_scenario(args.scenario)
        history = history_for(args.history, scenario, args.scenario)
        futures = demand_scenarios(scenario, history, population_for(args.population, args.scenario),
                                   runs=args.runs, seed=args.seed, percentiles=args.percentiles,
                                   weights=args.weights)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = solve_robust(scenario, futures, SolveOptions(time_limit=args.time_limit, explain=False),
                          started=started)
    print(f"{result.status}: one plan for {len(futures)} demand futures, "
          f"capital £{result.schedule['capital'].sum() if len(result.schedule) else 0:,.0f}, "
          f"{result.seconds:.1f} s")
    print(f"{'future':<10}{'weight':>8}{'demand':>12}{'independent':>14}")
    for name, outcome in result.outcomes.items():
        known = len(outcome.summary) > 0  # not when the time limit came before this future's allocation
        demand, independent = ((f"{outcome.summary['demand'].sum():,.0f}", f"{outcome.independent:,.0f}") if known
                               else ("not known", "not known"))
        print(f"{name:<10}{result.weights[name]:>8.2f}{demand:>12}{independent:>14}")
    expected = result.expected_independent
    print("expected independent placements (child-years): "
          + (f"{expected:,.0f}" if expected == expected else "not known: give it more time"))
    if result.message:
        print(result.message)
    for name, outcome in result.outcomes.items():
        write_results(outcome, Path(args.out) / name)
    print(f"results of each future written under {args.out}")
    return 0 if result.status in ("optimal", "feasible", "time_limit") else 2


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["plan-robust"]
    parser.description = "Project low/central/high demand from history.csv and solve one shared plan for them."
    parser.add_argument("scenario", help="scenario folder or .xlsx with a history.csv")
    add_history_arguments(parser)
    parser.add_argument("--percentiles", type=types.percentiles, default=(10.0, 50.0, 90.0),
                        help="low,central,high simulation percentiles, 0 < low < central < high < 100")
    parser.add_argument("--weights", type=types.weights, default=(0.25, 0.5, 0.25),
                        help="low,central,high weights, >= 0 and not all 0")
    parser.add_argument("--runs", type=types.runs, default=1000, help=f"simulation runs (1 to {types.MAX_RUNS:,})")
    parser.add_argument("--seed", type=types.seed, default=0)
    parser.add_argument("--time-limit", type=types.seconds, default=120.0, help="seconds above 0")
    parser.add_argument("--out", required=True, help="folder for one results folder per future")
    parser.set_defaults(handler=run, inputs=("scenario", "history", "population"))
