"""A hand-made county for the map and chart tests: a 3 x 3 grid of 1 km squares and a worked plan.

Areas A0..A8 (row-major, south-west first). Settings: special school S1 at
the centre (capacity 10), resource base R1 (capacity 4), independent school
X1 (capacity 5); options O1 (new special school, 8 places in 2026) and O2
(R1 grows by 4 in 2027). Years 2025-2027.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from sufficiency_app.codes import INDEPENDENT, LOCAL
from sufficiency_app.scenario import Parameters, Scenario
from sufficiency_app.plan import LevelResult, PlanResult

ORIGIN = (400_000.0, 150_000.0)


def toy_scenario() -> Scenario:
    x0, y0 = ORIGIN
    areas = gpd.GeoDataFrame(
        {"area_id": [f"A{i}" for i in range(9)], "name": [f"Area {i}" for i in range(9)]},
        geometry=[box(x0 + 1000 * (i % 3), y0 + 1000 * (i // 3), x0 + 1000 * (i % 3 + 1), y0 + 1000 * (i // 3 + 1))
                  for i in range(9)],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame([
        (year, f"A{i}", need, "PRI", "special", count)
        for year in (2025, 2026, 2027)
        for i in range(9)
        for need, count in (("ASD", 1.0 + (i == 4) * 2 + (year - 2025)), ("SEMH", 0.5))
    ] + [(2025, "A0", "ASD", "PRI", "mainstream", 3.0)],
        columns=["year", "area_id", "need", "phase", "tier", "count"])
    provisions = pd.DataFrame([
        ("S1", "Centre Special", "special", "ALL", "ALL", 10, x0 + 1500, y0 + 1500, 20000.0, ""),
        ("R1", "East RB", "resource_base", "ASD", "PRI", 4, x0 + 2500, y0 + 500, 15000.0, ""),
        ("X1", "Private School", "independent", "ALL", "ALL", 5, x0 + 2900, y0 + 2900, 60000.0, ""),
    ], columns=["provision_id", "name", "kind", "needs", "phases", "capacity", "easting", "northing",
                "cost_per_place", "urn"])
    options = pd.DataFrame([
        ("O1", "", "West Special", "special", "ASD;SEMH", "PRI", x0 + 500, y0 + 2500, 8, 1, 2e6, 1e6, 2026, 20000.0),
        ("O2", "R1", "East RB class", "", "", "", float("nan"), float("nan"), 4, 2, 5e5, 0.0, 2025, float("nan")),
    ], columns=["option_id", "provision_id", "name", "kind", "needs", "phases", "easting", "northing",
                "module_places", "max_modules", "capital_per_module", "fixed_capital", "earliest_year",
                "cost_per_place"])
    params = Parameters(name="Toy county", base_year=2025, horizon=3, capital=(1e6, 3e6, 1e6), carry_forward=True)
    return Scenario(parameters=params, areas=areas, demand=demand, provisions=provisions, options=options)


def toy_result() -> PlanResult:
    """A plan for the toy county; the numbers in the tests are worked from these rows."""
    schedule = pd.DataFrame([("O1", 2026, 1, 8, 3e6), ("O2", 2027, 1, 4, 5e5)],
                            columns=["option_id", "year", "modules", "places", "capital"])
    rows = [
        # 2025: S1 takes 8 from A4 (3 ASD) and its neighbours, R1 takes 4, independent the rest
        (2025, "A4", "ASD", "PRI", "special", "S1", 3.0, 5.0),
        (2025, "A1", "ASD", "PRI", "special", "S1", 1.0, 12.0),
        (2025, "A3", "ASD", "PRI", "special", "S1", 1.0, 12.0),
        (2025, "A5", "ASD", "PRI", "special", "S1", 1.0, 12.0),
        (2025, "A7", "ASD", "PRI", "special", "S1", 1.0, 12.0),
        (2025, "A4", "SEMH", "PRI", "special", "S1", 0.5, 5.0),
        (2025, "A2", "ASD", "PRI", "special", "R1", 1.0, 8.0),
        (2025, "A8", "ASD", "PRI", "special", "X1", 1.0, 20.0),
        (2025, "A0", "ASD", "PRI", "special", INDEPENDENT, 1.0, 60.0),
        (2025, "A0", "SEMH", "PRI", "special", INDEPENDENT, 0.5, 60.0),
        (2025, "A0", "ASD", "PRI", "mainstream", LOCAL, 3.0, float("nan")),
        (2026, "A0", "ASD", "PRI", "special", "O1", 2.0, 6.0),
        (2026, "A4", "ASD", "PRI", "special", "S1", 4.0, 5.0),
    ]
    allocation = pd.DataFrame(rows, columns=["year", "area_id", "need", "phase", "tier", "provision_id", "count",
                                             "minutes"])
    summary = pd.DataFrame([
        (2025, 16.5, 3.5, 20.0, 60.0, 0.0, 0.0, 0.0),
        (2026, 18.0, 2.0, 15.0, 60.0, 3e6, 0.0, 8.0),
        (2027, 27.0, 1.0, 12.0, 30.0, 5e5, 0.0, 4.0),
    ], columns=["year", "demand", "independent", "mean_minutes", "p95_minutes", "capital", "revenue",
                "places_created"])
    marginal = pd.DataFrame([("S1", 2025, 0.8, 12.0), ("R1", 2025, 0.2, 30.0), ("S1", 2026, 0.5, 4.0)],
                            columns=["provision_id", "year", "independent_avoided", "minutes_saved"])
    return PlanResult(status="optimal", schedule=schedule, allocation=allocation, summary=summary,
                      levels=(LevelResult("independent", 6.5, 6.5, "optimal"),), gap=0.0, seconds=0.1,
                      backend="hand", scenario_sha256="", marginal_values=marginal)
