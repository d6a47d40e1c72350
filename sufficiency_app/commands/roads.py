"""``sufficiency travel-roads`` and ``sufficiency travel-compare``: road minutes and their accuracy.

``travel-roads`` turns a road-links file into the scenario's travel.csv, so
the planner, the window and the reports use road journeys without knowing
where they came from. ``travel-compare`` prints how far the straight-line
model (and, given a road file, the road model) is from known journey times.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..infra.atomic import atomic_path
from ..infra.errors import Problem, ScenarioError
from ..io import read_scenario
from ..model.scenario import Scenario


def _print_problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    for problem in problems:
        print(str(problem), file=sys.stderr)


def _progress(label: str):
    def report(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)
    return report


def _roads_table(scenario: Scenario, speeds_file: str | None) -> dict[str, Any]:
    """The scenario's ``[roads]`` table with a speeds file's entries on top.

    The file may hold a ``[roads]`` table (as in scenario.toml), a
    ``[speeds]`` table, or bare ``class = km/h`` lines.
    """
    table = dict(scenario.parameters.extra.get("roads", {}))
    if speeds_file is None:
        return table
    path = Path(speeds_file)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError([Problem("error", path.name, None, None, "", "a TOML file of road speeds",
                                     f"cannot read the speeds file: {exc}")]) from exc
    given = doc.get("roads", doc if "speeds" in doc else {"speeds": doc})
    speeds = {**dict(table.get("speeds", {})), **dict(given.get("speeds", {}))}
    return {**table, **given, "speeds": speeds}


def _write_csv(table, path: Path) -> None:
    with atomic_path(path) as temp:
        table.to_csv(temp, index=False)


def run_travel_roads(args: argparse.Namespace) -> int:
    """Compute road minutes for every area and setting and write travel.csv."""
    from ..roads import TravelCache, resolve_settings, travel_for_scenario

    try:
        scenario = read_scenario(args.scenario)
        settings = resolve_settings(_roads_table(scenario, args.speeds))
        if args.out:
            out = Path(args.out)
        elif Path(args.scenario).is_dir():
            out = Path(args.scenario) / "travel.csv"
        else:
            print("error: give --out for a scenario that is not a folder", file=sys.stderr)
            return 2
        cache = None if args.no_cache else TravelCache()
        table, problems, network = travel_for_scenario(args.roads, scenario, settings,
                                                       progress=_progress("settings routed"), cache=cache)
    except ScenarioError as exc:
        _print_problems(exc.problems)
        return 1
    _print_problems(problems)
    if network is None:
        print("road minutes unchanged since the last run: taken from the cache", file=sys.stderr)
    else:
        print(network.summary(), file=sys.stderr)
    _write_csv(table, out)
    print(f"wrote {len(table):,} rows to {out} (minutes: median {table['minutes'].median():.1f}, "
          f"max {table['minutes'].max():.1f})")
    return 0


def run_travel_compare(args: argparse.Namespace) -> int:
    """Print error percentiles of the straight-line (and road) model against known minutes."""
    from ..roads import load_network, resolve_settings, scenario_bbox
    from ..roads.compare import error_table, format_table, locate, read_known, road_minutes, straight_line_model

    try:
        scenario = read_scenario(args.scenario)
        located = locate(read_known(args.known), scenario, Path(args.known).name)
        p = scenario.parameters
        print(f"{len(located):,} known journeys")
        print(format_table(error_table(straight_line_model(located, p.speed_kmh, p.detour_factor), located["minutes"]),
                           f"straight line ({p.speed_kmh:g} km/h, detour {p.detour_factor:g})"))
        if args.roads:
            settings = resolve_settings(_roads_table(scenario, args.speeds))
            network = load_network(args.roads, settings, bbox=scenario_bbox(scenario))
            print(network.summary(), file=sys.stderr)
            minutes = road_minutes(network, located, _progress("places routed"))
            print(format_table(error_table(minutes, located["minutes"]), "road network"))
    except ScenarioError as exc:
        _print_problems(exc.problems)
        return 1
    return 0


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    """Add ``travel-roads`` and ``travel-compare`` to the command line."""
    roads = parsers["travel-roads"]
    roads.description = ("Road minutes from every area to every setting, written as travel.csv. "
                         "Results are cached by the hash of the inputs.")
    roads.add_argument("scenario", help="scenario folder or .xlsx")
    roads.add_argument("--roads", required=True, help="road links: GeoPackage, Shapefile or GeoJSON")
    roads.add_argument("--speeds", help="TOML of road speeds in km/h (overrides scenario.toml [roads.speeds])")
    roads.add_argument("--out", help="where to write (default: travel.csv in the scenario folder)")
    roads.add_argument("--no-cache", action="store_true", help="recompute even if the inputs are unchanged")
    roads.set_defaults(handler=run_travel_roads, inputs=("scenario", "roads", "speeds"))

    compare = parsers["travel-compare"]
    compare.description = "known.csv: area_id, minutes and either x, y (British National Grid) or provision_id."
    compare.add_argument("scenario", help="scenario folder or .xlsx")
    compare.add_argument("--known", required=True, help="CSV of known journey times")
    compare.add_argument("--roads", help="also compare the road network from this file")
    compare.add_argument("--speeds", help="TOML of road speeds in km/h")
    compare.set_defaults(handler=run_travel_compare, inputs=("scenario", "known", "roads", "speeds"))
