"""A small hand-made county, plan and baseline for the finance and report tests.

Three areas, a special school that can grow, a new resource base and the
independent fallback, over three years; every figure is easy to work by hand.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from sufficiency_app.scenario import OPTION_COLUMNS, Parameters, Scenario
from sufficiency_app.plan import LevelResult, PlanResult

YEARS = (2025, 2026, 2027)


def make_scenario() -> Scenario:
    areas = gpd.GeoDataFrame(
        {"area_id": ["A1", "A2", "A3"], "name": ["North", "Middle", "South"]},
        geometry=[box(0, 20000, 10000, 30000), box(0, 10000, 10000, 20000), box(0, 0, 10000, 10000)],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame([
        {"year": y, "area_id": a, "need": "ASD", "phase": "PRI", "tier": t, "count": c}
        for y in YEARS for a, t, c in (("A1", "special", 10.0), ("A2", "special", 3.0),
                                       ("A3", "resourced", 7.0 + (y - 2025)))
    ])
    provisions = pd.DataFrame([
        {"provision_id": "S1", "name": "Oak Special School", "kind": "special", "needs": "ALL",
         "phases": "PRI;SEC", "capacity": 10, "easting": 5000.0, "northing": 25000.0,
         "cost_per_place": 25000.0, "urn": "100001"},
        {"provision_id": "I1", "name": "Far Independent", "kind": "independent", "needs": "ALL",
         "phases": "ALL", "capacity": 5, "easting": 30000.0, "northing": 5000.0,
         "cost_per_place": 80000.0, "urn": ""},
    ])
    options = pd.DataFrame([
        {"option_id": "O1", "provision_id": "S1", "name": "Oak expansion", "kind": "", "needs": "",
         "phases": "", "easting": float("nan"), "northing": float("nan"), "module_places": 4,
         "max_modules": 2, "capital_per_module": 500000.0, "fixed_capital": 0.0,
         "earliest_year": 2025, "cost_per_place": float("nan")},
        {"option_id": "N1", "provision_id": "", "name": "South resource base", "kind": "resource_base",
         "needs": "ASD", "phases": "PRI", "easting": 5000.0, "northing": 5000.0, "module_places": 8,
         "max_modules": 1, "capital_per_module": 1000000.0, "fixed_capital": 200000.0,
         "earliest_year": 2026, "cost_per_place": 20000.0},
    ], columns=list(OPTION_COLUMNS))
    finance = pd.DataFrame([
        {"year": 2025, "line": "opening_balance", "amount": -1_000_000.0},
        *({"year": y, "line": "hnb_income", "amount": 1_500_000.0} for y in YEARS),
        *({"year": y, "line": "block_transfer", "amount": 100_000.0} for y in YEARS),
        *({"year": y, "line": "mainstream", "amount": 400_000.0} for y in YEARS),
    ])
    params = Parameters(name="Test county", base_year=2025, horizon=3, independent_place=60000.0,
                        capital=(1_000_000.0, 1_500_000.0, 0.0))
    return Scenario(parameters=params, areas=areas, demand=demand, provisions=provisions,
                    options=options, finance=finance,
                    source_hashes={"demand.csv": "ab" * 32, "provisions.csv": "cd" * 32})


def _alloc(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "area_id", "need", "phase", "tier", "provision_id",
                                       "count", "minutes"])


def _result(schedule: pd.DataFrame, alloc: pd.DataFrame) -> PlanResult:
    demand = alloc.groupby("year")["count"].sum()
    indep = alloc.loc[alloc["provision_id"].isin(["INDEPENDENT", "I1"])].groupby("year")["count"].sum()
    summary = pd.DataFrame({
        "year": list(YEARS), "demand": [demand.get(y, 0.0) for y in YEARS],
        "independent": [indep.get(y, 0.0) for y in YEARS], "mean_minutes": 20.0, "p95_minutes": 40.0,
        "capital": [schedule.loc[schedule["year"] == y, "capital"].sum() for y in YEARS],
        "revenue": 0.0, "places_created": [schedule.loc[schedule["year"] == y, "places"].sum() for y in YEARS],
    })
    return PlanResult(status="optimal", schedule=schedule, allocation=alloc, summary=summary,
                      levels=(LevelResult("independent", float(indep.sum()), float(indep.sum()), "optimal"),),
                      gap=0.0, seconds=1.0, backend="highs", scenario_sha256="ef" * 32)


def make_baseline() -> PlanResult:
    rows = []
    for y in YEARS:
        south = 7.0 + (y - 2025)
        rows += [(y, "A1", "ASD", "PRI", "special", "S1", 10.0, 10.0),
                 (y, "A2", "ASD", "PRI", "special", "I1", 3.0, 50.0),
                 (y, "A3", "ASD", "PRI", "resourced", "I1", 2.0, 40.0),
                 (y, "A3", "ASD", "PRI", "resourced", "INDEPENDENT", south - 2.0, 60.0)]
    return _result(pd.DataFrame(columns=["option_id", "year", "modules", "places", "capital"]), _alloc(rows))


def make_plan() -> PlanResult:
    schedule = pd.DataFrame([
        {"option_id": "O1", "year": 2025, "modules": 1, "places": 4, "capital": 500000.0},
        {"option_id": "N1", "year": 2026, "modules": 1, "places": 8, "capital": 1200000.0},
    ])
    rows = []
    for y in YEARS:
        south = 7.0 + (y - 2025)
        rows += [(y, "A1", "ASD", "PRI", "special", "S1", 10.0, 10.0),
                 (y, "A2", "ASD", "PRI", "special", "S1", 3.0, 15.0)]
        if y == 2025:
            rows += [(y, "A3", "ASD", "PRI", "resourced", "S1", 1.0, 30.0),
                     (y, "A3", "ASD", "PRI", "resourced", "INDEPENDENT", 6.0, 60.0)]
        else:
            rows += [(y, "A3", "ASD", "PRI", "resourced", "S1", 1.0, 30.0),
                     (y, "A3", "ASD", "PRI", "resourced", "N1", south - 1.0, 5.0)]
    return _result(schedule, _alloc(rows))
