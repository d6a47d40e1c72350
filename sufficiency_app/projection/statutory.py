"""Projections in the shapes of the statutory returns.

- *SCAP* (school capacity survey) specialist places: planning area x
  provision type x NCY x year. Provision types: ``UR`` resourced provision
  or SEN unit, ``SS`` special school, ``IN`` independent or non-maintained
  special school, ``AP`` alternative provision. Mainstream and ``other``
  settings are not SCAP specialist places. The planning area is the areas'
  ``planning_area`` column when present, else ``area_id``.
- *DSG management plan* age groups: children and young people with a plan
  by age group (under 5, 5-10, 11-15, 16-19, 20-25) and setting, county-wide.

Ages are at 31 August as in SEN2: age = NCY + 4 (reception children are 4).
Years are academic years as in the exchange format (2025 = 2025/26).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..infra.formula_guard import guard_frame, guard_workbook
from ..model.scenario import Scenario
from .mapping import CENSUS_TO_DEMAND_YEAR, area_weights, phase_of_ncy, spread

SCAP_TYPES: dict[str, str] = {"resourced": "UR", "special": "SS", "independent": "IN", "ap": "AP"}
SCAP_COLUMNS = ("planning_area", "provision_type", "ncy", "year", "places")
DSG_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("under 5", -99, 4), ("5-10", 5, 10), ("11-15", 11, 15), ("16-19", 16, 19), ("20-25", 20, 25),
)
DSG_COLUMNS = ("year", "age_group", "setting", "count")


def age_group(ncy: np.ndarray | pd.Series) -> np.ndarray:
    """DSG age group of each NCY (age = NCY + 4)."""
    age = np.asarray(ncy) + 4
    return np.select([(age >= lo) & (age <= hi) for _, lo, hi in DSG_GROUPS], [g for g, _, _ in DSG_GROUPS],
                     "20-25").astype(object)


def scap_table(long: pd.DataFrame, scenario: Scenario, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Specialist places by planning area, provision type, NCY and year for the scenario's years."""
    rows = long[long["setting"].isin(list(SCAP_TYPES))]
    rows = rows.assign(year=rows["year"] + CENSUS_TO_DEMAND_YEAR)
    rows = rows[rows["year"].isin(scenario.parameters.years)]
    county = rows.groupby(["year", "ncy", "setting"], as_index=False)["count"].sum()
    county = county.assign(phase=phase_of_ncy(county["ncy"].to_numpy()).astype(str),
                           tier=county["setting"].map({"resourced": "resourced", "special": "special",
                                                       "independent": "special", "ap": "ap"}))
    weights = area_weights(scenario, history)
    areas = spread(county, weights.drop(columns=[c for c in ("need",) if c in weights.columns]))
    lookup = scenario.areas.set_index(scenario.areas["area_id"].astype(str))
    if "planning_area" in lookup.columns:
        areas["planning_area"] = areas["area_id"].map(lookup["planning_area"].astype(str))
    else:
        areas["planning_area"] = areas["area_id"]
    areas["provision_type"] = areas["setting"].map(SCAP_TYPES)
    out = areas.groupby(["planning_area", "provision_type", "ncy", "year"], as_index=False)["count"].sum()
    return out.rename(columns={"count": "places"})[list(SCAP_COLUMNS)].astype({"ncy": int, "year": int})


def dsg_table(long: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """Plans by academic year, DSG age group and setting (every setting, county-wide)."""
    rows = long.assign(year=long["year"] + CENSUS_TO_DEMAND_YEAR)
    rows = rows[rows["year"].isin(years)]
    rows = rows.assign(age_group=age_group(rows["ncy"].to_numpy()).astype(str))
    out = rows.groupby(["year", "age_group", "setting"], as_index=False)["count"].sum()
    order = {g: i for i, (g, _, _) in enumerate(DSG_GROUPS)}
    out = out.assign(_o=out["age_group"].map(order)).sort_values(["year", "_o", "setting"]).drop(columns="_o")
    return out.reset_index(drop=True)[list(DSG_COLUMNS)]


NOTES = (
    "Projected from census history by the cohort model (see docs/history-format.md).",
    ("SCAP provision types: UR resourced provision/SEN unit, SS special school, "
     "IN independent or non-maintained special school, AP alternative provision."),
    "DSG age groups use age at 31 August = NCY + 4.",
    "Years are academic years: 2025 means 2025/26.",
    "Counts are expected children (the mean projection), not rounded.",
)


def _by_year(table: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """One column per academic year (``2025/26`` ...), as the returns lay them out."""
    wide = table.pivot_table(index=keys, columns="year", values=value, aggfunc="sum", fill_value=0.0)
    wide.columns = [f"{y}/{(y + 1) % 100:02d}" for y in wide.columns]
    wide = wide.round(2)
    return wide[wide.sum(axis=1) > 0].reset_index()


def write_statutory(scap: pd.DataFrame, dsg: pd.DataFrame, path: str | Path) -> list[Path]:
    """Write both tables with a column per year: ``.xlsx`` as one workbook (sheets SCAP,
    DSG, Notes), else two CSVs ``<stem>_scap.csv`` and ``<stem>_dsg.csv``. Returns the files."""
    path = Path(path)
    scap = _by_year(scap, ["planning_area", "provision_type", "ncy"], "places")
    dsg = _by_year(dsg, ["age_group", "setting"], "count")
    order = {g: i for i, (g, _, _) in enumerate(DSG_GROUPS)}
    dsg = dsg.sort_values(["age_group", "setting"], key=lambda c: c.map(order) if c.name == "age_group" else c)
    if path.suffix.lower() == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as book:
            scap.to_excel(book, sheet_name="SCAP", index=False)
            dsg.to_excel(book, sheet_name="DSG", index=False)
            pd.DataFrame({"note": list(NOTES)}).to_excel(book, sheet_name="Notes", index=False)
            guard_workbook(book.book)  # planning-area names are user text: never live formulas
        return [path]
    files = [path.with_name(f"{path.stem}_scap.csv"), path.with_name(f"{path.stem}_dsg.csv")]
    guard_frame(scap).to_csv(files[0], index=False)
    guard_frame(dsg).to_csv(files[1], index=False)
    return files
