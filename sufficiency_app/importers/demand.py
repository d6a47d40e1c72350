"""Demand from a long table, and county forecasts spread across areas.

Forecasts often come as county totals by need, phase, tier and year (from a
cohort model or the SEN2 return) while the planner needs them by home area.
:func:`spread_demand` shares each total across areas in proportion to a
weight (children on roll, current EHCPs, population aged 5-15...), keeping
every total exact; with ``integer=True`` it uses largest-remainder rounding,
so whole children still add up to the county figure.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from ..infra.errors import Problem, ScenarioError
from ..io.tables import canonical_frame, header_key, read_csv_file, too_big, typed
from ..io.xlsx import sheet_frame, sheet_rows
from ..model.scenario import DEMAND_COLUMNS
from ..model.validation import check_demand

SYNONYMS: dict[str, tuple[str, ...]] = {
    "year": ("academic_year", "year_start"),
    "area_id": ("area", "area_code", "lsoa", "lsoa11cd", "lsoa21cd", "lsoa_code"),
    "need": ("primary_need", "need_code"),
    "phase": ("phase_code", "school_phase"),
    "tier": ("provision_tier", "tier_needed"),
    "count": ("children", "pupils", "ehcps", "number", "value", "forecast"),
}
KEYS = ("year", "need", "phase", "tier")


def _rename_synonyms(frame: pd.DataFrame) -> pd.DataFrame:
    keys = {header_key(c): c for c in frame.columns}
    rename = {}
    for canonical, names in SYNONYMS.items():
        if canonical in keys:
            continue
        found = next((keys[n] for n in names if n in keys), None)
        if found is not None:
            rename[found] = canonical
    return frame.rename(columns=rename)


def read_long_demand(path: str | Path) -> pd.DataFrame:
    """Read a long demand table (CSV, or the first sheet of an XLSX) into canonical demand.

    Headers match loosely and a few common names are accepted (``lsoa21cd``
    for ``area_id``, ``primary_need`` for ``need``, ``children`` for
    ``count``...). Raises ScenarioError listing every problem.
    """
    demand, problems = load_long_demand(path)
    if demand is None:
        raise ScenarioError(problems)
    return demand


def load_long_demand(path: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """:func:`read_long_demand` with the warnings: ``(demand, problems)``, demand None when any is an error."""
    path = Path(path)
    label = path.name
    if path.suffix.lower() == ".xlsx":
        big = too_big(path, label)
        if big is not None:
            return None, [big]
        try:
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                rows, problems = sheet_rows(book.worksheets[0], label)
            finally:
                book.close()
        except Exception as exc:  # zip/XML errors on user files
            return None, [Problem("error", label, None, None, "", "an .xlsx workbook", f"cannot read {label}: {exc}")]
        if rows is None:
            return None, problems
        frame = sheet_frame(rows)
    else:
        frame, problems = read_csv_file(path, label)
        if frame is None:
            return None, problems
    if frame.empty:
        return None, problems + [Problem("error", label, None, None, "", "a header row and data rows",
                                         f"{label} holds no demand rows: nothing to write")]
    frame, found = canonical_frame(_rename_synonyms(frame), "demand", label)
    problems = problems + found + check_demand(frame, label)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return typed(frame, "demand", 0), problems


def _largest_remainder(values: np.ndarray, groups: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round ``values`` down, then add one to the largest remainders until each group meets its total."""
    floors = np.floor(values)
    remainders = values - floors
    frame = pd.DataFrame({"g": groups, "r": -remainders, "pos": np.arange(len(values))})
    rank = frame.sort_values(["g", "r", "pos"], kind="stable").groupby("g").cumcount()
    short = totals - pd.Series(floors).groupby(groups).transform("sum").to_numpy()
    return floors + (rank.sort_index().to_numpy() < short)


def spread_demand(county_forecast: pd.DataFrame, weights: pd.DataFrame | pd.Series, *,
                  integer: bool = False) -> pd.DataFrame:
    """Share county totals across areas in proportion to weights, keeping each total exact.

    Parameters
    ----------
    county_forecast
        Columns ``year, need, phase, tier, count``: county totals.
    weights
        A Series indexed by ``area_id``, or a table with ``area_id``,
        ``weight`` and optionally any of ``year, need, phase, tier`` (for
        example a weight per phase: pupils of primary age for ``PRI``).
    integer
        Whole children: totals are rounded to whole numbers, then shared by
        largest remainder (ties go to the area listed first).

    Returns
    -------
    Demand in the canonical columns; rows with a zero count are left out.
    """
    if isinstance(weights, pd.Series):
        weights = pd.DataFrame({"area_id": weights.index.astype(str), "weight": weights.to_numpy(float)})
    keys = [k for k in KEYS if k in weights.columns]
    problems: list[Problem] = []
    if (weights["weight"] < 0).any() or weights["weight"].isna().any():
        problems.append(Problem("error", "weights", None, "weight", "", "weights >= 0",
                                "weights must be numbers >= 0"))
    forecast = county_forecast.reset_index(drop=True).assign(_row=lambda f: np.arange(len(f)))
    merged = forecast.merge(weights[["area_id", "weight", *keys]], on=keys, how="left") if keys \
        else forecast.merge(weights[["area_id", "weight"]], how="cross")
    sums = merged.groupby("_row")["weight"].sum()
    empty = forecast[(forecast["count"] > 0) & ~(forecast["_row"].map(sums).fillna(0) > 0)]
    for _, row in empty.iterrows():
        problems.append(Problem("error", "county forecast", int(row["_row"]) + 2, "count", f"{row['count']:g}",
                                "weights > 0 for some area",
                                f"{row['year']} {row['need']} {row['phase']} {row['tier']}: no area has a weight, "
                                "so the total cannot be spread"))
    if problems:
        raise ScenarioError(problems)
    merged = merged[merged["_row"].map(sums) > 0]
    share = merged["weight"] / merged["_row"].map(sums)
    if integer:
        totals = merged["_row"].map(forecast["count"].round()).to_numpy()
        values = _largest_remainder((share * totals).to_numpy(), merged["_row"].to_numpy(), totals)
    else:
        values = (share * merged["count"]).to_numpy()
    out = merged.assign(count=values)
    out = out[out["count"] > 0]
    return out[list(DEMAND_COLUMNS)].reset_index(drop=True)
