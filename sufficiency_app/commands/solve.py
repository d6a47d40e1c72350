"""``sufficiency solve SCENARIO --out DIR``: optimise a plan and write the results folder."""

from __future__ import annotations

import argparse
import sys

from ..errors import ScenarioError
from ..io import read_scenario
from ..solver import solve
from ..solver.api import ProgressEvent, SolveOptions
from ..io.results import write_plan


def _progress(event: ProgressEvent) -> None:
    if event.message:
        print(f"  [{event.elapsed:6.1f} s] {event.message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        scenario = read_scenario(args.scenario)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("The scenario has errors; run `sufficiency validate` for the full table.", file=sys.stderr)
        return 1
    options = SolveOptions(time_limit=args.time_limit, relative_gap=args.gap, backend=args.backend)
    result = solve(scenario, options, progress=_progress)
    write_plan(result, scenario, args.out)
    s = result.summary
    print(f"{result.status}: {scenario.name}, {len(result.schedule)} build rows, "
          f"{result.schedule['places'].sum() if len(result.schedule) else 0:,.0f} places, "
          f"capital £{result.capital:,.0f}")
    print(f"independent placements (child-years) {result.independent:,.1f}; mean journey "
          f"{(s['mean_minutes'] * s['demand']).sum() / max(s['demand'].sum(), 1e-9):,.1f} min; "
          f"gap {result.gap:.4%}; {result.seconds:.1f} s with {result.backend}")
    if result.message:
        print(result.message)
    print(f"results written to {args.out}")
    return 0 if result.status in ("optimal", "feasible", "time_limit") else 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("solve", help="optimise a place-creation plan and write the results")
    parser.add_argument("scenario", help="scenario folder or .xlsx workbook")
    parser.add_argument("--out", required=True, help="results folder to write")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds for the whole solve (default 60)")
    parser.add_argument("--backend", choices=("highs", "scip", "cpsat"), default="highs")
    parser.add_argument("--gap", type=float, default=1e-4, help="relative gap per level (default 1e-4)")
    parser.set_defaults(handler=run, inputs=("scenario",))
