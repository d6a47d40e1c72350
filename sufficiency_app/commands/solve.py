"""``sufficiency solve SCENARIO --out DIR``: optimise a plan and write the results folder."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping

import pandas as pd

from ..cli import command_given
from ..infra.errors import ScenarioError
from ..infra.formatting import academic_year, format_value
from ..io import read_scenario
from ..io.results import write_plan
from ..model.scenario_diff import pin_rules
from ..present.figures import plan_figures
from ..solver import Planner
from ..solver.api import DEFAULT_TIME_LIMIT, Pin, ProgressEvent, SolveOptions
from . import args as types


def progress_line(event: ProgressEvent) -> str:
    """One progress report as one line of a log file: no carriage returns or line breaks inside it."""
    return f"  [{event.elapsed:6.1f} s] {' '.join(event.message.split())}"


def _progress(event: ProgressEvent) -> None:
    if event.message:  # flushed at once, so a log file interleaves it in order with the solver's own lines
        print(progress_line(event), file=sys.stderr, flush=True)


MAX_ROUNDS = 1_000
WRITE_SECONDS = 1.0  # kept back from the time limit for the figures, the writing and the process's exit
START_SECONDS = 60.0  # a process start further back is not believed (a /proc of another PID namespace's clock)


def call_started(command: str = "solve") -> float:
    """When this call began, as a ``time.perf_counter()`` value: the process's own start when its command line
    is ``command`` (``solve``, ``plan-robust``), so the interpreter's start and the imports count too (what
    ``time sufficiency solve`` measures: 0.6 s quiet, 1.2 s beside three busy processes on two cores), else now
    (a solve called inside another program, such as the tests)."""
    now = time.perf_counter()
    age = process_age() if command_given(sys.argv[1:]) == command else None
    if age is None or not 0.0 <= age <= START_SECONDS:  # unknown, or a clock that cannot be right
        return now
    return now - age


def process_age() -> float | None:
    """Seconds since this process started, None when unknown. Linux from ``/proc`` (to 0.01 s: psutil's start
    time there counts from the boot time in whole seconds, up to 1 s off), elsewhere from psutil."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime, in clock ticks
            return float(uptime.read().split()[0]) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):  # not Linux (no /proc, no os.sysconf)
        pass
    import psutil  # only off Linux: its import costs a command that reads /proc nothing

    try:
        return time.time() - psutil.Process().create_time()
    except psutil.Error:
        return None


def run(args: argparse.Namespace) -> int:
    started = call_started()  # the time limit covers the whole call: starting, reading, solving and writing
    try:
        scenario = read_scenario(args.scenario)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("The scenario has errors; run `sufficiency validate` for the full table.", file=sys.stderr)
        return 1
    options = SolveOptions(time_limit=max(0.0, args.time_limit - WRITE_SECONDS), relative_gap=args.gap,
                           rounds=args.rounds, pins=tuple(Pin(*rule) for rule in pin_rules(scenario.parameters)))
    planner = Planner(scenario)  # the set-up is inside the limit too
    result = planner.solve(options, progress=_progress, started=started)
    # the do-nothing comparison from the same kept LPs, in the time the plan left
    base = planner.baseline(started + options.time_limit) if len(result.allocation) else None
    write_plan(result, scenario, args.out, base)
    if len(result.allocation):
        figures = plan_figures(scenario, result, base)
        print(f"{scenario.name}: {figures.words}.")
        places = f"{figures.places:,.0f} new places in {figures.settings:,} settings" if figures.places \
            else "no new places"
        print(f"  {places}")
        for label, value in figures.lines():
            print(f"  {label}: {value}")
        for line in trajectory_lines(result.summary, scenario.parameters.transport_on):
            print(line)
    else:
        print(f"{scenario.name}: a build plan without figures ({len(result.schedule)} schedule rows).")
    if result.message:
        print(f"solver: {result.message}", file=sys.stderr)
    if base is None:
        print("solver: the do-nothing comparison was left out: the time limit came first", file=sys.stderr)
    print(f"results written to {args.out}")
    return 0 if result.status in ("optimal", "feasible", "time_limit") else 2


def trajectory_lines(summary: pd.DataFrame, transport: bool) -> list[str]:
    """The plan's year-by-year independent share (SPE.a), SPE.d and out-of-county share, from ``summary.csv``.

    Nothing for a summary without the measures (a plan saved before they existed).
    """
    if not len(summary) or "spe_a" not in summary.columns:
        return []
    head = f"  {'year':<9}{'children':>9}{'independent':>12}{'SPE.a':>8}{'SPE.d':>8}{'out of county':>15}"
    lines = ["  Year by year (SPE.a placed independently, SPE.d independent and out of county)",
             head + (f"{'transport':>11}" if transport else "")]
    for row in summary.itertuples(index=False):
        line = (f"  {academic_year(int(row.year)):<9}{format_value(row.demand, 'count'):>9}"
                f"{format_value(row.independent, 'count'):>12}{format_value(100 * row.spe_a, 'percent'):>8}"
                f"{format_value(100 * row.spe_d, 'percent'):>8}{format_value(100 * row.out_of_county, 'percent'):>15}")
        lines.append(line + (f"{format_value(row.transport_cost, 'money'):>11}" if transport else ""))
    return lines


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["solve"]
    parser.add_argument("scenario", help="scenario folder or .xlsx workbook")
    parser.add_argument("--out", required=True, help="results folder to write")
    parser.add_argument("--time-limit", type=types.seconds, default=DEFAULT_TIME_LIMIT,
                        help="seconds for the whole call at most (default %(default)g); the work limit normally ends it first")
    parser.add_argument("--rounds", type=types.whole(1, MAX_ROUNDS), default=SolveOptions.rounds,
                        help="master solves per level (default %(default)s): more work, a smaller gap")
    parser.add_argument("--gap", type=types.number(0.0, 1.0), default=1e-4,
                        help="relative gap per level, 0 to 1 (default 1e-4)")
    parser.set_defaults(handler=run, inputs=("scenario",))
