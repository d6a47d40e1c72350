"""``sufficiency forecast`` and ``sufficiency backtest``: demand projection from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..infra.errors import ScenarioError
from ..infra.formula_guard import guard_frame
from ..io import read_scenario
from ..projection import (
    Forecast,
    Levers,
    backtest,
    dsg_table,
    forecast,
    format_backtest,
    read_history,
    read_population,
    scap_table,
    write_statutory,
)
from ..projection.pipeline import clean_history
from . import args as types


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    """``--history`` and ``--population``, read by :func:`history_for` and :func:`population_for`."""
    parser.add_argument("--history", help="history.csv (default: the scenario's)")
    parser.add_argument("--population", help="population.csv (default: population.csv in the scenario folder)")


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    p = parsers["forecast"]
    p.description = "Fit the cohort model to history.csv, project, and write an exchange-format demand.csv."
    p.add_argument("scenario", help="scenario folder or .xlsx (its areas, years and base-year demand shares)")
    add_history_arguments(p)
    p.add_argument("--years", type=types.whole(1, 100), help="census years to project (at least 6 and the scenario's years)")
    p.add_argument("--growth", type=types.number(-100.0, 100.0), help="yearly growth of new plans, %% (default: fitted trend)")
    p.add_argument("--ceiling", type=types.number(0.0, 1.0, above=True), help="most plans as a share of population, e.g. 0.0622")
    p.add_argument("--backlog", type=types.number(0.0, 1e6), default=0.0, help="plans waiting assessment, added over --backlog-years")
    p.add_argument("--backlog-years", type=types.whole(1, 50), default=1)
    p.add_argument("--mainstream-shift", type=types.number(-100.0, 100.0), default=0.0,
                   help="%% of new plans and moves to special/independent sent to mainstream (negative: reverse)")
    p.add_argument("--percentile", type=types.number(0.0, 100.0), help="write this percentile of the simulation (e.g. 80)")
    p.add_argument("--runs", type=types.runs, default=1000, help="simulation runs for --bands/--percentile")
    p.add_argument("--seed", type=types.seed, default=0)
    p.add_argument("--out", required=True, help="demand.csv to write")
    p.add_argument("--bands", help="write p5/p50/p95 by year, need and tier to this CSV")
    p.add_argument("--statutory-out", help="SCAP and DSG tables: FILE.xlsx, or FILE.csv (two CSVs)")
    p.set_defaults(handler=run_forecast, inputs=("scenario", "history", "population"))

    b = parsers["backtest"]
    b.description = "Fit on census years <= --fit-to, forecast the next years and compare with the history."
    b.add_argument("source", help="history.csv, or a scenario folder/.xlsx with a history")
    b.add_argument("--fit-to", type=types.whole(1900, 2200), required=True, help="last census year used to fit")
    b.add_argument("--horizon", type=types.whole(1, 50), default=3, help="census years forecast after --fit-to")
    b.add_argument("--population", help="population.csv")
    b.set_defaults(handler=run_backtest, inputs=("source", "population"))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _report(exc: ScenarioError) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    return 2


def _read_scenario(path: str):
    return read_scenario(path)


def _beside(scenario_path: str, name: str) -> Path | None:
    candidate = Path(scenario_path) / name
    return candidate if candidate.is_file() else None


def population_for(arg: str | None, scenario_path: str) -> pd.DataFrame | None:
    """The population table named on the command line, else ``population.csv`` beside the scenario."""
    path = Path(arg) if arg else _beside(scenario_path, "population.csv")
    return read_population(path) if path is not None else None


def history_for(arg: str | None, scenario, scenario_path: str) -> pd.DataFrame | None:
    """The history named on the command line, else None when the scenario carries its own, else the file beside it."""
    if arg:
        return read_history(arg)
    beside = _beside(scenario_path, "history.csv")
    return read_history(beside) if scenario.history is None and beside else None


def _levers(args: argparse.Namespace) -> Levers:
    return Levers(
        growth=None if args.growth is None else args.growth / 100.0, ceiling=args.ceiling,
        backlog=args.backlog, backlog_years=args.backlog_years, mainstream_shift=args.mainstream_shift / 100.0,
    )


def _summary(result: Forecast) -> str:
    """What was fitted, the levers, and demand by year and tier (with bands when simulated)."""
    totals = result.county.pivot_table(index="year", columns="tier", values="count", aggfunc="sum").fillna(0.0)
    rates, levers = result.rates, result.levers
    growth = levers.growth if levers.growth is not None else rates.growth
    per_head = " (per head of population)" if rates.per_head else ""
    lines = [(f"cohort model: {rates.method}, censuses {rates.years_fitted[0]}..{rates.years_fitted[-1]}, "
              f"new plans {rates.joiners.sum():.0f}/year at {growth * 100:+.1f}% a year{per_head}")]
    if levers.ceiling is not None:
        lines.append(f"ceiling: plans at most {levers.ceiling:.2%} of population")
    if levers.backlog:
        lines.append(f"backlog: {levers.backlog:.0f} plans over {levers.backlog_years} year(s)")
    if levers.mainstream_shift:
        lines.append(f"mainstream shift: {levers.mainstream_shift:+.0%} of moves to special/independent")
    if result.percentile is not None:
        lines.append(f"demand written at the {result.percentile:g}th percentile of {result.simulation.runs} runs")
    header = f"{'year':<6}" + "".join(f"{c:>12}" for c in totals.columns) + f"{'total':>12}"
    if not result.bands.empty:
        header += f"{'p5':>10}{'p95':>10}"
        band = result.bands.groupby("year")[["p5", "p95"]].sum()
    lines.append(header)
    for year, row in totals.iterrows():
        if year not in result.demand["year"].unique():
            continue
        line = f"{year:<6}" + "".join(f"{v:>12.0f}" for v in row) + f"{row.sum():>12.0f}"
        if not result.bands.empty and year in band.index:
            line += f"{band.loc[year, 'p5']:>10.0f}{band.loc[year, 'p95']:>10.0f}"
        lines.append(line)
    if not result.bands.empty:
        lines.append("(p5/p95: sums of the per-need-and-tier bands, wider than the county total's band)")
    return "\n".join(lines)


def run_forecast(args: argparse.Namespace) -> int:
    try:
        scenario = _read_scenario(args.scenario)
        history = history_for(args.history, scenario, args.scenario)
        population = population_for(args.population, args.scenario)
        simulate = args.bands is not None or args.percentile is not None
        result = forecast(scenario, history, population, _levers(args), years=args.years,
                          runs=args.runs if simulate else 0, seed=args.seed, percentile=args.percentile)
    except ScenarioError as exc:
        return _report(exc)
    except ValueError as exc:
        return _fail(str(exc))
    result.demand.to_csv(args.out, index=False)
    print(_summary(result))
    print(f"wrote {args.out} ({len(result.demand)} rows)")
    if args.bands:
        guard_frame(result.bands).to_csv(args.bands, index=False)
        print(f"wrote {args.bands}")
    if args.statutory_out:
        files = write_statutory(scap_table(result.long, scenario, result.history),
                                dsg_table(result.long, scenario.parameters.years), args.statutory_out)
        print("wrote " + ", ".join(str(f) for f in files))
    return 0


def run_backtest(args: argparse.Namespace) -> int:
    try:
        if Path(args.source).suffix.lower() == ".csv":
            history = read_history(args.source)
        else:
            scenario = _read_scenario(args.source)
            beside = _beside(args.source, "history.csv")
            if scenario.history is not None:
                history = clean_history(scenario.history)
            elif beside is not None:
                history = read_history(beside)
            else:
                return _fail(f"{args.source} has no history.csv")
        population = read_population(args.population) if args.population else None
        table = backtest(history, args.fit_to, args.horizon, population)
    except ScenarioError as exc:
        return _report(exc)
    except ValueError as exc:
        return _fail(str(exc))
    years = sorted(y for y in history["year"].unique() if args.fit_to < y <= args.fit_to + args.horizon)
    print(f"fitted on censuses up to {args.fit_to}, compared with {', '.join(map(str, years))}")
    print(format_backtest(table))
    return 0
