"""``sufficiency export-scap PLAN --out scap.xlsx``: the SEND tables of the DfE's SCAP return from a saved plan.

Capacity of every state special school and SEN unit/resourced provision at
May of each year of the plan, and the forecast of resident children with an
EHC plan needing a specialist place (docs/formats.md). Never solves.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from ..exports.scap import write_scap
from .export_gis import add_source_arguments, plan_to_export


def run(args: argparse.Namespace) -> int:
    saved, code = plan_to_export(args, ".xlsx")
    if saved is None:
        return code
    path = write_scap(saved.scenario, saved.plan, args.out, source=saved.source)
    print(f"Wrote {path} (SCAP capacity and forecast of specialist places, "
          f"{saved.scenario.years[0]}-{saved.scenario.years[-1]}; exact figures for the DfE return)")
    return 0


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["export-scap"]
    parser.description = ("Write the capacity of every state special school and SEN unit/resourced provision at May "
                          "of each year of a saved plan, and the forecast of resident children with an EHC plan "
                          "needing a specialist place, as one Excel workbook (About, Capacity, Forecast). Never solves.")
    add_source_arguments(parser)
    parser.add_argument("--out", required=True, help="workbook to write (.xlsx)")
    parser.set_defaults(handler=run, inputs=("source",))
