"""``sufficiency import-gias``, ``import-boundaries`` and ``import-demand``: downloads and spreadsheets to exchange files."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from ..importers.boundaries import read_boundaries, write_areas
from ..importers.demand import load_long_demand
from ..importers.gias import gias_provisions
from ..infra.atomic import atomic_write_bytes
from ..io.folder import csv_bytes
from .validate import problem_table


def _report(problems: list) -> bool:
    """Print problems; True when any is an error."""
    if problems:
        print(problem_table(problems))
    return any(p.severity == "error" for p in problems)


def run_gias(args: argparse.Namespace) -> int:
    provisions, problems = gias_provisions(args.csv, args.la, mainstream=args.mainstream)
    if _report(problems):
        return 1
    atomic_write_bytes(args.out, csv_bytes(provisions))
    counts = provisions["kind"].value_counts().to_dict()
    print(f"Wrote {len(provisions)} settings to {args.out} "
          f"({', '.join(f'{n} {k}' for k, n in counts.items()) or 'none'}). "
          "cost_per_place holds default figures: replace them with your own.")
    return 0


def run_boundaries(args: argparse.Namespace) -> int:
    areas, problems = read_boundaries(args.file, args.id_col, args.name_col)
    if _report(problems) or areas is None:
        return 1
    write_areas(areas, args.out)
    print(f"Wrote {len(areas)} areas to {args.out} (EPSG:27700).")
    return 0


def run_demand(args: argparse.Namespace) -> int:
    demand, problems = load_long_demand(args.file)
    if _report(problems) or demand is None:
        return 1
    atomic_write_bytes(args.out, csv_bytes(demand))
    years = demand.groupby("year")["count"].sum()
    print(f"Wrote {len(demand)} demand rows to {args.out}: "
          + ", ".join(f"{year} {total:,.0f}" for year, total in years.items()) + " children.")
    return 0


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    gias = parsers["import-gias"]
    gias.add_argument("csv", help="GIAS edubasealldata*.csv download")
    gias.add_argument("--la", required=True, help="LA (code), e.g. 865 for Wiltshire")
    gias.add_argument("--out", required=True, help="provisions.csv to write")
    gias.add_argument("--mainstream", action="store_true", help="also list mainstream schools")
    gias.set_defaults(handler=run_gias, inputs=("csv",))
    bounds = parsers["import-boundaries"]
    bounds.add_argument("file", help="GeoJSON, GeoPackage or Shapefile")
    bounds.add_argument("--id-col", help="column holding the area id (default: found by name, e.g. LSOA21CD)")
    bounds.add_argument("--name-col", help="column holding the area name (default: found by name)")
    bounds.add_argument("--out", required=True, help="areas.geojson to write")
    bounds.set_defaults(handler=run_boundaries, inputs=("file",))
    demand = parsers["import-demand"]
    demand.add_argument("file", help="CSV or XLSX (first sheet) with year, area, need, phase, tier and count columns")
    demand.add_argument("--out", required=True, help="demand.csv to write")
    demand.set_defaults(handler=run_demand, inputs=("file",))
