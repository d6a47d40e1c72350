"""Turn what a reader found into a checked, typed :class:`Scenario`.

Readers differ only in where tables come from; everything after that
(parameters, canonical columns, lon/lat, validation, types) happens here
once, so a folder and a workbook holding the same data give equal scenarios.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import pandas as pd

from ..infra.errors import Problem
from ..model.scenario import Parameters, Scenario
from ..model.validation import validate
from . import tables
from .parameters import parameters_from_tree

TABLES = ("demand", "provisions", "options", "travel")
FREE_TABLES = ("finance", "history")


@dataclass
class RawScenario:
    """Tables as a reader found them (text cells), with a label per table for messages.

    A table left as None was not found: required ones are reported as
    missing, optional ones become empty.
    """

    labels: dict[str, str]
    parameters: dict[str, Any] | None = None
    areas: gpd.GeoDataFrame | None = None
    tables: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    source_hashes: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _missing(label: str, what: str) -> Problem:
    return Problem("error", label, None, None, "", f"a {what}", f"{label} is missing: the scenario needs a {what}")


def _empty_table(table: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in tables.CANONICAL[table]})


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Keep one error per cell: the first (most specific) one."""
    seen: set[tuple] = set()
    out = []
    for p in problems:
        key = (p.file, p.row, p.column)
        if p.severity == "error" and p.row is not None:
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def assemble(raw: RawScenario) -> tuple[Scenario | None, list[Problem]]:
    """Build, check and type a scenario; None with the problems when there is any error.

    A missing or unreadable table is reported once and checked as absent, so
    the problems of every other file are still listed in the same pass.
    """
    problems = list(raw.problems)
    absent: set[str] = set()  # labels already reported as missing or unreadable

    def missing(table: str, what: str) -> None:
        label = raw.labels[table]
        absent.add(label)
        if not any(p.file == label and p.severity == "error" for p in problems):
            problems.append(_missing(label, what))

    if raw.parameters is None:
        missing("parameters", "parameters file (name, base_year, horizon...)")
        parameters = Parameters()
    else:
        parameters, found = parameters_from_tree(raw.parameters, raw.labels["parameters"])
        problems += found
    if raw.areas is None:
        missing("areas", "areas file (areas.geojson, .gpkg or .shp)")
        areas = gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=tables.BNG))
    else:
        frame, found = tables.canonical_frame(raw.areas, "areas", raw.labels["areas"])
        areas = gpd.GeoDataFrame(frame, geometry="geometry", crs=raw.areas.crs)
        problems += found
    built: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        frame = raw.tables.get(table)
        label = raw.labels[table]
        if frame is None:
            if table in ("demand", "provisions") or table in raw.tables:
                missing(table, f"{table} table")
                built[table] = pd.DataFrame()
                continue
            frame = _empty_table(table)
        frame, found = tables.canonical_frame(frame, table, label)
        problems += found
        if table in ("provisions", "options"):
            frame, found = tables.lonlat_to_grid(frame, label)
            frame = tables.reorder(frame, table)
            problems += found
        built[table] = frame
    free = {t: raw.tables.get(t) for t in FREE_TABLES}
    scenario = Scenario(
        parameters=parameters, areas=areas, finance=free["finance"], history=free["history"],
        source_hashes=MappingProxyType(dict(raw.source_hashes)), **built,
    )
    checked = [p for p in validate(scenario, raw.labels) if not (p.file in absent and p.row is None)]
    problems = _dedupe(problems + checked)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return tables.finalise(scenario), problems
