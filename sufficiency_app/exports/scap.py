"""The SEND tables of the DfE's School Capacity survey (SCAP) from a saved plan, as one workbook.

Two tables, one sheet each, numbers as numbers, and an About sheet:

- **Capacity**: every state special school and SEN unit or resourced
  provision in the county (kinds ``special``, ``resource_base``, ``elp``)
  with its capacity at May of each academic year of the plan: existing
  capacity plus the places the plan has added by then, by URN where the
  scenario gives one (a new unit at an existing school takes the school's).
- **Forecast**: resident children and young people with an EHC plan who
  need a specialist place (demand of the ``resourced`` and ``special``
  tiers, by home area), by planning area, phase and type of place in each
  academic year, the type being where the plan places them.

How the planner's groupings map to SCAP's is in docs/formats.md. These are
figures for a return to the DfE, so they are exact (not suppressed).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from openpyxl.styles import Font

from ..infra.atomic import atomic_path
from ..infra.formatting import academic_year
from ..infra.formula_guard import guard_workbook
from ..model.codes import INDEPENDENT, NEEDS, PHASE_NAMES, PHASES, join_codes
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings, setting_urns
from ..model.scenario import Scenario
from ..present.map_data import capacity_by_year, independent_ids

SPECIAL = "Special school"
UNIT = "SEN unit or resourced provision"
INDEPENDENT_PLACE = "Independent or non-maintained special school"
SCAP_TYPES = {"special": SPECIAL, "resource_base": UNIT, "elp": UNIT}
SPECIALIST_TIERS = ("resourced", "special")
NCY_RANGES = {"EY": "N1-N2", "PRI": "R-6", "SEC": "7-11", "P16": "12-14"}
STATUS = {"provision": "existing", "new": "new setting", "changed_expansion": "new at an existing school"}
TOTAL = "Total"


def may_column(year: int) -> str:
    """The capacity column of academic year ``year``: 2025 -> 'May 2026 (2025/26)'."""
    return f"May {year + 1} ({academic_year(year)})"


def capacity_table(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    """State special schools and SEN units/resourced provision in the county, capacity at May each year.

    The last row is the total of each year.
    """
    settings = effective_settings(scenario)
    settings = settings.loc[settings["kind"].isin(list(SCAP_TYPES)) & settings["in_county"].astype(bool)]
    ids = settings["setting_id"].astype(str)
    urns = setting_urns(scenario)
    out = pd.DataFrame({
        "URN": [urns.get(i, "") for i in ids], "Setting ID": ids.to_numpy(),
        "Name": settings["name"].astype(str).to_numpy(),
        "SCAP type": settings["kind"].map(SCAP_TYPES).to_numpy(),
        "Phases": [join_codes(p, PHASES) for p in settings["phases"]],
        "Needs": [join_codes(n, NEEDS) for n in settings["needs"]],
        "Status": settings["source"].map(STATUS).to_numpy(),
    })
    capacity = capacity_by_year(scenario, plan).pivot(index="setting_id", columns="year", values="capacity")
    for year in scenario.years:
        out[may_column(year)] = capacity[year].reindex(ids).to_numpy(dtype=float)
    out = out.sort_values(["SCAP type", "Name", "Setting ID"], ignore_index=True)
    return _with_total(out, [may_column(y) for y in scenario.years])


def _planning_areas(scenario: Scenario) -> dict[str, str]:
    """Each area's planning area: the areas' ``planning_area`` column when present, else the area itself."""
    areas = scenario.areas
    column = "planning_area" if "planning_area" in areas.columns else "area_id"
    return dict(zip(areas["area_id"].astype(str), areas[column].astype(str)))


def forecast_table(scenario: Scenario, plan: PlanResult) -> pd.DataFrame:
    """Children needing a specialist place by planning area, phase and type of place, per academic year.

    Counts are expected children (the plan's demand is a forecast), not
    rounded. The last row is the total of each year, which equals the
    demand of the specialist tiers.
    """
    alloc = plan.allocation.loc[plan.allocation["tier"].astype(str).isin(SPECIALIST_TIERS)]
    settings = effective_settings(scenario)
    kinds = dict(zip(settings["setting_id"].astype(str), settings["kind"]))
    independent = independent_ids(scenario) | {INDEPENDENT}
    place = [INDEPENDENT_PLACE if p in independent else SCAP_TYPES.get(kinds.get(p, ""), UNIT)
             for p in alloc["provision_id"].astype(str)]
    phases = alloc["phase"].astype(str)
    rows = pd.DataFrame({
        "Planning area": alloc["area_id"].astype(str).map(_planning_areas(scenario)).to_numpy(),
        "Phase": phases.map(PHASE_NAMES).fillna(phases).to_numpy(),
        "NCY": phases.map(NCY_RANGES).fillna("").to_numpy(),
        "Type of place": place, "year": alloc["year"].astype(int).to_numpy(),
        "count": alloc["count"].astype(float).to_numpy(),
    })
    keys = ["Planning area", "Phase", "NCY", "Type of place"]
    wide = rows.pivot_table(index=keys, columns="year", values="count", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=list(scenario.years), fill_value=0.0)
    wide.columns = [academic_year(y) for y in wide.columns]
    order = {PHASE_NAMES[p]: i for i, p in enumerate(PHASES)}
    out = wide.reset_index()
    out = out.assign(_o=out["Phase"].map(order)).sort_values(["Planning area", "_o", "Type of place"])
    return _with_total(out.drop(columns="_o").reset_index(drop=True), list(wide.columns))


def _with_total(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    total = {c: "" for c in table.columns}
    total.update({table.columns[0]: TOTAL, **table[columns].sum().to_dict()})
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def about_rows(scenario: Scenario, plan: PlanResult, source: str) -> list[tuple[str, str]]:
    years = scenario.years
    return [
        ("What", "SEND tables of the DfE School Capacity survey (SCAP) from a saved plan"),
        ("Scenario", scenario.name),
        ("Plan", f"{source} (solver status: {plan.status})"),
        ("Years", f"academic years {academic_year(years[0])} to {academic_year(years[-1])}"),
        ("Capacity", "state special schools and SEN units/resourced provision in the county: existing capacity "
                     "plus the places the plan adds by May of each academic year, by URN where known; independent, "
                     "non-maintained and out-of-county settings are left out"),
        ("Forecast", "resident children and young people with an EHC plan needing a specialist place (the plan's "
                     "demand of the resourced and special tiers, by home area), by planning area, phase (with its "
                     "national curriculum years) and the type of place the plan gives them; expected counts, "
                     "not rounded"),
        ("Groupings", "planning area: the areas' planning_area column, else each area; phases stand for NCY ranges "
                      "(EY N1-N2, PRI R-6, SEC 7-11, P16 12-14), since the plan has no single years; type of place: "
                      "special school, SEN unit or resourced provision (resource bases and ELP), independent or "
                      "non-maintained special school (listed independent schools and the independent fallback)"),
        ("Suppression", "none: exact figures for the return to the DfE, not for publication"),
        ("Guidance", "DfE, School capacity survey: guide for local authorities, and Forecasting demand for SEND "
                     "provision for SCAP: guidance for local authorities (GOV.UK, 2026 survey); see docs/formats.md"),
    ]


def write_scap(scenario: Scenario, plan: PlanResult, path: str | os.PathLike, source: str = "") -> Path:
    """Write the workbook (About, Capacity, Forecast) to ``path``, swapped in whole."""
    tables = {"Capacity": (capacity_table(scenario, plan), "#,##0"),
              "Forecast": (forecast_table(scenario, plan), "#,##0.0")}
    about = pd.DataFrame(about_rows(scenario, plan, source or scenario.name), columns=["Item", "Notes"])
    path = Path(path)
    with atomic_path(path) as temp:
        with pd.ExcelWriter(temp, engine="openpyxl") as book:
            about.to_excel(book, sheet_name="About", index=False)
            for name, (table, _) in tables.items():
                table.to_excel(book, sheet_name=name, index=False)
            _layout(book.book, {name: fmt for name, (_, fmt) in tables.items()})
            guard_workbook(book.book)  # names are user text: never live formulas
    return path


def _layout(book, formats: dict[str, str]) -> None:
    """Readable widths, frozen headers and number formats on the count columns."""
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 90)
        fmt = formats.get(sheet.title)
        if fmt:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, (int, float)):
                        cell.number_format = fmt
        if sheet[sheet.max_row][0].value == TOTAL:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
