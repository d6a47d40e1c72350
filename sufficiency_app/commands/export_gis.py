"""``sufficiency export-gis PLAN --out plan.gpkg``: a saved plan as GIS layers for QGIS and ArcGIS Pro.

Writes one GeoPackage (areas, settings, options, flows; EPSG:27700) with a
default QGIS style per layer; small numbers are suppressed as in the
reports unless ``--unsuppressed``. Never solves. The layers are described
in docs/formats.md.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..exports import DEFAULT_FLOW_THRESHOLD, NoSavedPlan, saved_plan
from ..infra.errors import ScenarioError
from ..io.project_file import ProjectFileError
from ..io.results import SavedPlanError
from .args import plain_number

if TYPE_CHECKING:  # the exports load geopandas: imported where a command runs (tests/test_module_imports.py)
    from ..exports import SavedPlan


def flow_threshold(text: str) -> float:
    """``--flow-threshold``: a number of children, 0 or more (argparse type)."""
    value = plain_number(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; expected children written with "
                                         "the digits 0-9, e.g. 5")
    if not math.isfinite(value) or value < 0 or value > 1e9:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of children from 0 up; expected e.g. 5")
    return value


def output_problem(out: str, suffix: str) -> str | None:
    """Why ``--out`` cannot be written (wrong suffix, a folder, its folder missing), or None."""
    path = Path(out)
    if path.is_dir():
        return f"--out {out} is a folder; expected a {suffix} file"
    if path.suffix.lower() != suffix:
        return f"--out {out}: expected a {suffix} file"
    if not path.parent.is_dir():
        return f"--out {out}: the folder {path.parent} does not exist; create it first"
    return None


def load_plan(args: argparse.Namespace):
    """The saved plan ``args.source`` names, or None after printing one ``error:`` line per problem."""
    try:
        return saved_plan(args.source, getattr(args, "scenario", None))
    except ScenarioError as exc:
        print(f"error: {args.source} cannot be read:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
    except (NoSavedPlan, SavedPlanError, ProjectFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
    return None


def plan_to_export(args: argparse.Namespace, suffix: str) -> tuple[SavedPlan | None, int]:
    """The saved plan an export command writes out, or ``(None, exit code)`` after one ``error:`` line.

    The output path is checked first (exit 2, before any reading), then the plan (exit 1).
    """
    problem = output_problem(args.out, suffix)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return None, 2
    saved = load_plan(args)
    return saved, 0 if saved is not None else 1


def run(args: argparse.Namespace) -> int:
    from ..exports.gis import export_gis

    saved, code = plan_to_export(args, ".gpkg")
    if saved is None:
        return code
    rule = None if args.unsuppressed else "lt5"
    path = export_gis(saved.scenario, saved.plan, args.out, source=saved.source, flow_threshold=args.flow_threshold,
                      rule=rule)
    print(f"Wrote {path} (areas, settings, options, flows in EPSG:27700 with QGIS styles; "
          f"{'exact small numbers, for internal use only' if rule is None else 'small numbers suppressed'})")
    return 0


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """The saved plan to export: a results folder or a project file, and which scenario of a project."""
    parser.add_argument("source", metavar="PLAN",
                        help="results folder written by `sufficiency solve`, or a .sufficiency project file")
    parser.add_argument("--scenario", metavar="NAME", help="the scenario of a project file holding several plans")


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["export-gis"]
    parser.description = ("Write one GeoPackage of a saved plan: areas with every map measure per year, settings "
                          "with capacity per year, the options chosen and flows from home area to setting, in "
                          "EPSG:27700, each layer with a QGIS style in the planner's colours. Never solves. Small "
                          "numbers are suppressed unless --unsuppressed is given.")
    add_source_arguments(parser)
    parser.add_argument("--out", required=True, help="GeoPackage to write (.gpkg)")
    parser.add_argument("--flow-threshold", type=flow_threshold, default=DEFAULT_FLOW_THRESHOLD, metavar="N",
                        help=f"draw a flow line where at least N children travel in a year "
                             f"(default {DEFAULT_FLOW_THRESHOLD})")
    parser.add_argument("--unsuppressed", action="store_true",
                        help="exact small counts: for internal use only, never for publication")
    parser.set_defaults(handler=run, inputs=("source",))
