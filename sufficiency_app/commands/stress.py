"""``sufficiency stress RESULTS_DIR_OR_PROJECT --futures 1000 --out DIR``: a saved plan in simulated futures.

The plan's schedule is fixed; the demand is drawn from the cohort
simulation, one seeded future at a time, and the allocation is solved in
each (see :mod:`sufficiency_app.risk.stress`). The plan is compared with
building nothing, and with any ``--compare`` plans, on the same futures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..infra.errors import ScenarioError
from ..io.project_file import ProjectFileError, load_project
from ..io.results import SavedPlanError, read_plan
from ..model.scenario import Scenario
from ..model.stress_result import (
    DO_NOTHING,
    PLAN,
    Threshold,
    councillor_sentence,
    exceedance,
    percentiles,
    tail_drivers,
    write_stress,
)
from ..risk.stress import run_stress, stress_job
from . import args as types
from .forecast import add_history_arguments, history_for, population_for

PROJECT_SUFFIX = ".sufficiency"
MAX_FUTURES = 100_000  # at a few tenths of a second each, already hours of work
MAX_WORKERS = 1_024


class _Refusal(Exception):
    """Bad input; the message is the sentence for the user."""


def _load(source: str, scenario_name: str | None) -> tuple[Scenario, pd.DataFrame, Path]:
    """``(scenario, schedule, folder to look for population.csv in)`` of a saved plan or project."""
    path = Path(source)
    if path.suffix.lower() == PROJECT_SUFFIX:
        try:
            entries = load_project(path).entries
        except (ProjectFileError, OSError) as exc:
            raise _Refusal(str(exc)) from exc
        planned = [e for e in entries if e.result is not None and (scenario_name in (None, e.name))]
        if not planned:
            which = f" for a scenario called {scenario_name!r}" if scenario_name else ""
            raise _Refusal(f"{path.name} holds no plan{which}: solve it in the window and save, "
                           f"or give --scenario (it holds {', '.join(repr(e.name) for e in entries) or 'nothing'})")
        if planned[0].stale:
            print(f"note: the plan of {planned[0].name!r} is older than its last edit", file=sys.stderr)
        return planned[0].scenario, planned[0].result.schedule, path.parent

    try:
        scenario, plan = read_plan(path)
    except SavedPlanError as exc:
        raise _Refusal(str(exc)) from exc
    return scenario, plan.schedule, path / "scenario"


def _compare_schedule(folder: str, scenario: Scenario) -> pd.DataFrame:
    """Another saved plan's schedule, refused when it builds options this scenario does not have."""
    try:
        _, plan = read_plan(folder)
    except SavedPlanError as exc:
        raise _Refusal(str(exc)) from exc
    unknown = sorted(set(plan.schedule["option_id"].astype(str)) - set(scenario.options["option_id"].astype(str)))
    if unknown:
        raise _Refusal(f"{folder}: schedule.csv builds option(s) {', '.join(unknown[:5])} that the stressed "
                       "plan's scenario does not have; compare plans of the same scenario")
    return plan.schedule


def progress_bar(width: int = 30):
    """A progress printer for :func:`run_stress`: bar, futures done and time left, on one line."""

    def show(p) -> None:
        filled = int(width * p.done / max(p.total, 1))
        left = "" if np.isnan(p.left) else f"  {int(p.left // 60)}m{int(p.left % 60):02d}s left"
        end = "\n" if p.done >= p.total else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {p.done:,}/{p.total:,} futures{left}   ",
              end=end, file=sys.stderr, flush=True)

    return show


def summary_lines(result, threshold: Threshold) -> list[str]:
    """What the command prints: percentiles per year, the exceedance and the tail's drivers."""
    table = percentiles(result)
    lines = [f"independent placements per year over {result.futures:,} futures (seed {result.seed}):",
             f"  {'plan':<16}{'year':>6}{'p5':>8}{'p50':>8}{'p95':>8}"]
    for row in table.itertuples():
        lines.append(f"  {row.plan:<16}{row.year:>6}{row.p5:>8,.0f}{row.p50:>8,.0f}{row.p95:>8,.0f}")
    chance = exceedance(result, threshold)
    lines.append(f"chance of {threshold}: " + "; ".join(f"{plan} {p:.1%}" for plan, p in chance.items()))
    years, needs = tail_drivers(result, threshold)
    lines.append("the tail (worst futures) is driven by years "
                 + ", ".join(f"{r.year} (+{r.excess:,.0f})" for r in years.head(3).itertuples())
                 + f" and, in {threshold.year}, needs "
                 + ", ".join(f"{r.need} (+{r.excess:,.0f})" for r in needs.head(3).itertuples()))
    lines.append(councillor_sentence(result, threshold))
    return lines


def run(args: argparse.Namespace) -> int:
    if args.scheduler and (problem := types.reachable(args.scheduler)):  # before minutes of setting up
        print(f"error: could not run on the Dask scheduler at {args.scheduler}: {problem}", file=sys.stderr)
        return 1
    try:
        threshold = args.threshold  # parsed by its argument type
        scenario, schedule, beside = _load(args.source, args.scenario)
        if threshold is not None and threshold.year not in scenario.years:
            raise _Refusal(f"--threshold year {threshold.year} is not a year of the plan "
                           f"({scenario.years[0]}-{scenario.years[-1]})")
        schedules = {PLAN: schedule, DO_NOTHING: schedule.iloc[:0]}
        for folder in args.compare or []:
            name = Path(folder).resolve().name
            while name in schedules:
                name += " (2)"
            schedules[name] = _compare_schedule(folder, scenario)
        population = population_for(args.population, str(beside))
        history = history_for(args.history, scenario, str(beside))
        job = stress_job(scenario, schedules, history, population)
    except (_Refusal, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    if population is None:
        print("note: no population.csv (give --population): new plans follow the fitted trend", file=sys.stderr)
    try:
        result = run_stress(job, args.futures, args.seed, args.workers, args.scheduler, progress_bar(),
                            threshold=threshold)
    except (OSError, TimeoutError) as exc:
        where = f"the Dask scheduler at {args.scheduler}" if args.scheduler else "a local Dask cluster"
        print(f"\nerror: could not run on {where}: {exc}", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    write_stress(result, args.out)
    for line in summary_lines(result, result.default_threshold()):
        print(line)
    print(f"{result.run['engine']}: {result.run['seconds']:,.1f} s; results written to {args.out}")
    return 0


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["stress"]
    parser.description = ("Draw demand futures from the cohort simulation, solve the allocation of the saved "
                          "plan's fixed schedule in each, and compare with building nothing on the same futures.")
    parser.add_argument("source", metavar="RESULTS_DIR_OR_PROJECT",
                        help=f"results folder written by `sufficiency solve`, or a {PROJECT_SUFFIX} project")
    parser.add_argument("--futures", type=types.whole(1, MAX_FUTURES), default=1000,
                        help=f"futures to simulate (default 1000, at most {MAX_FUTURES:,})")
    parser.add_argument("--seed", type=types.seed, default=0, help="seed: the same seed gives the same futures")
    parser.add_argument("--workers", type=types.whole(0, MAX_WORKERS),
                        help="local Dask workers (default: every core); 0 runs in this process without Dask")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT", type=types.scheduler,
                        help="run on an existing Dask cluster")
    parser.add_argument("--threshold", metavar="YEAR:COUNT", type=types.parsed(Threshold.parse),
                        help="report the chance of more than COUNT independent placements in YEAR, e.g. 2030:600")
    parser.add_argument("--compare", action="append", metavar="RESULTS_DIR",
                        help="another saved plan of the same scenario to test on the same futures (repeatable)")
    parser.add_argument("--scenario", help="which scenario of a project file (default: the first with a plan)")
    add_history_arguments(parser)
    parser.add_argument("--out", required=True, help="folder to write futures.csv, needs.csv, percentiles.csv")
    parser.set_defaults(handler=run, inputs=("source",))
