"""The small hand-made scenarios of the tests, in one place.

Each is worked by hand in the tests that use it, so change one only with
those numbers. Who uses which:

- :func:`core_county`: readers, writers, validation, importers, travel (2 x 2 grid, two years).
- :func:`map_county` and :func:`map_plan`: the map's and charts' measures (3 x 3 grid of 1 km squares).
- :func:`projection_county`: the projection pipeline (three 2 km squares, one special school).
- :func:`finance_county`, :func:`finance_plan`, :func:`finance_baseline`: finance and reports.
- :func:`road_grid_county` on :func:`grid_links`: road travel, by hand (``A_KM``, ``LOCAL_KM``).
- :func:`window_county`: the window (four 10 km squares, one school, two options).
- :func:`write_gias_extract`: a few GIAS rows as downloaded; :func:`write_broken`: the core county
  with one mistake per cell that validation must report.
- :func:`steady_history` and :func:`write_projection_folder`: census history for the projection.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Polygon, box

from sufficiency_app.io import write_scenario
from sufficiency_app.model.codes import INDEPENDENT, LOCAL
from sufficiency_app.model.plan import LevelResult, PlanResult
from sufficiency_app.model.scenario import OPTION_COLUMNS, PROVISION_COLUMNS, Parameters, Scenario

X0, Y0 = 384_000.0, 158_000.0  # south-west corner of the core county
MAP_ORIGIN = (400_000.0, 150_000.0)
FINANCE_YEARS = (2025, 2026, 2027)


def core_county() -> Scenario:
    """Four areas in a 2 x 2 grid, two years, three settings, two options, one travel override."""
    areas = gpd.GeoDataFrame(
        {
            "area_id": ["A1", "A2", "A3", "A4"],
            "name": ["Ysgol Bryn Môr – Ōtautahi", "Hilperton", "Staverton", "Holt"],
            "centroid_easting": [X0 + 1000.0, float("nan"), float("nan"), float("nan")],
            "centroid_northing": [Y0 + 1000.0, float("nan"), float("nan"), float("nan")],
            "ward": ["North", "", "South", "South"],
        },
        geometry=[box(X0 + dx, Y0 + dy, X0 + dx + 2000, Y0 + dy + 2000)
                  for dx, dy in ((0, 0), (2000, 0), (0, 2000), (2000, 2000))],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame({
        "year": [2025, 2025, 2026, 2026, 2025],
        "area_id": ["A1", "A2", "A1", "A3", "A4"],
        "need": ["ASD", "SEMH", "ASD", "SEMH", "SLD"],
        "phase": ["PRI", "SEC", "PRI", "SEC", "PRI"],
        "tier": ["special", "resourced", "special", "special", "special"],
        "count": [3.5, 2.0, 4.25, 1.0, 0.1],
    })
    provisions = pd.DataFrame({
        "provision_id": ["P1", "P2", "P3"],
        "name": ["Larkrise School", "Clarendon ELP", "Independent Ltd"],
        "kind": ["special", "elp", "independent"],
        "needs": ["ALL", "ASD;SEMH", "ASD"],
        "phases": ["PRI;SEC", "SEC", "ALL"],
        "capacity": [10, 8, 5],
        "easting": [X0 + 4000.0, X0 + 1000.0, X0 + 3000.0],
        "northing": [Y0 + 4000.0, Y0 + 5000.0, Y0 + 500.0],
        "cost_per_place": [23000.0, 12000.0, 60000.0],
        "urn": ["126529", "", ""],
        "notes": ["fine", "", "x,y \"quoted\""],
    })
    options = pd.DataFrame({
        "option_id": ["O1", "O2"],
        "provision_id": ["P1", ""],
        "name": ["Larkrise expansion", "New south school"],
        "kind": ["", "special"],
        "needs": ["", "ASD;SEMH"],
        "phases": ["", "PRI;SEC"],
        "easting": [float("nan"), X0 + 3000.0],
        "northing": [float("nan"), Y0 + 3000.0],
        "module_places": [8, 10],
        "max_modules": [2, 3],
        "capital_per_module": [500000.0, 750000.0],
        "fixed_capital": [0.0, 2000000.0],
        "earliest_year": [2025, 2026],
        "cost_per_place": [float("nan"), 25000.0],
    })
    travel = pd.DataFrame({"area_id": ["A1"], "provision_id": ["P2"], "minutes": [12.5]})
    parameters = Parameters(
        name="Test county", base_year=2025, horizon=2, capital=(1_000_000.0, 2_500_000.0),
        carry_forward=True, extra=MappingProxyType({"roads": {"profile": "car"}}),
    )
    return Scenario(parameters, areas, demand, provisions, options, travel)


def map_county() -> Scenario:
    """A 3 x 3 grid of 1 km squares, years 2025-2027.

    Areas A0..A8 (row-major, south-west first). Settings: special school S1
    at the centre (capacity 10), resource base R1 (capacity 4), independent
    school X1 (capacity 5); options O1 (new special school, 8 places in
    2026) and O2 (R1 grows by 4 in 2027).
    """
    x0, y0 = MAP_ORIGIN
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


def map_plan() -> PlanResult:
    """A plan for the map county; the numbers in the tests are worked from these rows."""
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


def projection_county(base_year: int = 2025, horizon: int = 3) -> Scenario:
    """Three 2 km squares, one special school, base-year demand split 1:2:1 between areas."""
    x0, y0 = 384_000.0, 158_000.0
    areas = gpd.GeoDataFrame(
        {"area_id": ["A1", "A2", "A3"], "name": ["North", "Middle", "South"]},
        geometry=[box(x0 + i * 2000, y0, x0 + (i + 1) * 2000, y0 + 2000) for i in range(3)], crs="EPSG:27700")
    rows = []
    for need in ("ASD", "SEMH"):
        for phase in ("PRI", "SEC"):
            for tier in ("mainstream", "resourced", "special"):
                for area, w in (("A1", 1.0), ("A2", 2.0), ("A3", 1.0)):
                    rows.append({"year": base_year, "area_id": area, "need": need, "phase": phase, "tier": tier,
                                 "count": w})
    demand = pd.DataFrame(rows)
    provisions = pd.DataFrame({
        "provision_id": ["P1"], "name": ["Larkrise"], "kind": ["special"], "needs": ["ALL"],
        "phases": ["PRI;SEC"], "capacity": [300], "easting": [x0 + 3000.0], "northing": [y0 + 1000.0],
        "cost_per_place": [23000.0], "urn": [""],
    })
    params = Parameters(name="Projection test", base_year=base_year, horizon=horizon, capital=(1e6,) * horizon)
    return Scenario(params, areas, demand, provisions)


def finance_county() -> Scenario:
    """Three areas, a special school that can grow, a new resource base and the
    independent fallback, over three years; every figure is easy to work by hand."""
    areas = gpd.GeoDataFrame(
        {"area_id": ["A1", "A2", "A3"], "name": ["North", "Middle", "South"]},
        geometry=[box(0, 20000, 10000, 30000), box(0, 10000, 10000, 20000), box(0, 0, 10000, 10000)],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame([
        {"year": y, "area_id": a, "need": "ASD", "phase": "PRI", "tier": t, "count": c}
        for y in FINANCE_YEARS for a, t, c in (("A1", "special", 10.0), ("A2", "special", 3.0),
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
        *({"year": y, "line": "hnb_income", "amount": 1_500_000.0} for y in FINANCE_YEARS),
        *({"year": y, "line": "block_transfer", "amount": 100_000.0} for y in FINANCE_YEARS),
        *({"year": y, "line": "mainstream", "amount": 400_000.0} for y in FINANCE_YEARS),
    ])
    params = Parameters(name="Test county", base_year=2025, horizon=3, independent_place=60000.0,
                        capital=(1_000_000.0, 1_500_000.0, 0.0))
    return Scenario(parameters=params, areas=areas, demand=demand, provisions=provisions,
                    options=options, finance=finance,
                    source_hashes={"demand.csv": "ab" * 32, "provisions.csv": "cd" * 32})


def _finance_allocation(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["year", "area_id", "need", "phase", "tier", "provision_id",
                                       "count", "minutes"])


def _finance_result(schedule: pd.DataFrame, alloc: pd.DataFrame) -> PlanResult:
    demand = alloc.groupby("year")["count"].sum()
    indep = alloc.loc[alloc["provision_id"].isin(["INDEPENDENT", "I1"])].groupby("year")["count"].sum()
    summary = pd.DataFrame({
        "year": list(FINANCE_YEARS), "demand": [demand.get(y, 0.0) for y in FINANCE_YEARS],
        "independent": [indep.get(y, 0.0) for y in FINANCE_YEARS], "mean_minutes": 20.0, "p95_minutes": 40.0,
        "capital": [schedule.loc[schedule["year"] == y, "capital"].sum() for y in FINANCE_YEARS],
        "revenue": 0.0,
        "places_created": [schedule.loc[schedule["year"] == y, "places"].sum() for y in FINANCE_YEARS],
    })
    return PlanResult(status="optimal", schedule=schedule, allocation=alloc, summary=summary,
                      levels=(LevelResult("independent", float(indep.sum()), float(indep.sum()), "optimal"),),
                      gap=0.0, seconds=1.0, backend="highs", scenario_sha256="ef" * 32)


def finance_baseline() -> PlanResult:
    rows = []
    for y in FINANCE_YEARS:
        south = 7.0 + (y - 2025)
        rows += [(y, "A1", "ASD", "PRI", "special", "S1", 10.0, 10.0),
                 (y, "A2", "ASD", "PRI", "special", "I1", 3.0, 50.0),
                 (y, "A3", "ASD", "PRI", "resourced", "I1", 2.0, 40.0),
                 (y, "A3", "ASD", "PRI", "resourced", "INDEPENDENT", south - 2.0, 60.0)]
    return _finance_result(pd.DataFrame(columns=["option_id", "year", "modules", "places", "capital"]), _finance_allocation(rows))


def finance_plan() -> PlanResult:
    schedule = pd.DataFrame([
        {"option_id": "O1", "year": 2025, "modules": 1, "places": 4, "capital": 500000.0},
        {"option_id": "N1", "year": 2026, "modules": 1, "places": 8, "capital": 1200000.0},
    ])
    rows = []
    for y in FINANCE_YEARS:
        south = 7.0 + (y - 2025)
        rows += [(y, "A1", "ASD", "PRI", "special", "S1", 10.0, 10.0),
                 (y, "A2", "ASD", "PRI", "special", "S1", 3.0, 15.0)]
        if y == 2025:
            rows += [(y, "A3", "ASD", "PRI", "resourced", "S1", 1.0, 30.0),
                     (y, "A3", "ASD", "PRI", "resourced", "INDEPENDENT", 6.0, 60.0)]
        else:
            rows += [(y, "A3", "ASD", "PRI", "resourced", "S1", 1.0, 30.0),
                     (y, "A3", "ASD", "PRI", "resourced", "N1", south - 1.0, 5.0)]
    return _finance_result(schedule, _finance_allocation(rows))


# The road grid: junctions every 1 km on x = 0..2 km, y = 0..2 km. Horizontal
# roads are A roads (65 km/h: 1 km = 60/65 min), vertical ones unclassified
# (25 km/h: 1 km = 2.4 min). A separate B-road stub far away is an island,
# and a footway is not for cars.
A_KM = 60.0 / 65.0  # minutes per km on an A road
LOCAL_KM = 60.0 / 25.0  # minutes per km on a local road


def grid_links() -> gpd.GeoDataFrame:
    lines, classes = [], []
    for i in range(3):
        for j in range(2):
            lines.append(LineString([(j * 1000, i * 1000), ((j + 1) * 1000, i * 1000)]))
            classes.append("A Road")
            lines.append(LineString([(i * 1000, j * 1000), (i * 1000, (j + 1) * 1000)]))
            classes.append("Unclassified")
    lines.append(LineString([(20000, 20000), (21000, 20000)]))  # island
    classes.append("B Road")
    lines.append(LineString([(0, 0), (-500, -500)]))  # footway
    classes.append("Unknown")
    links = gpd.GeoDataFrame({"road_classification": classes}, geometry=lines, crs="EPSG:27700")
    links["highway"] = None
    links.loc[len(links) - 1, ["road_classification", "highway"]] = [None, "footway"]
    return links


def _square(x: float, y: float) -> Polygon:
    return Polygon([(x - 100, y - 100), (x + 100, y - 100), (x + 100, y + 100), (x - 100, y + 100)])


def road_grid_county(roads: dict | None = None) -> Scenario:
    """Two areas at (0, 0) and (2000, 2000); settings at (2000, 0) and (0, 2000) + a new setting at (1000, 1000)."""
    areas = gpd.GeoDataFrame(
        {"area_id": ["A1", "A2"], "name": ["South west", "North east"],
         "centroid_easting": [0.0, 2000.0], "centroid_northing": [0.0, 2000.0]},
        geometry=[_square(0, 0), _square(2000, 2000)], crs="EPSG:27700")
    provisions = pd.DataFrame({
        "provision_id": ["S1", "S2"], "name": ["East school", "North school"], "kind": ["special", "special"],
        "needs": ["ALL", "ALL"], "phases": ["ALL", "ALL"], "capacity": [10, 10],
        "easting": [2000.0, 0.0], "northing": [0.0, 2000.0], "cost_per_place": [20000.0, 20000.0], "urn": ["", ""],
    })[list(PROVISION_COLUMNS)]
    options = pd.DataFrame({
        "option_id": ["NEW"], "provision_id": [""], "name": ["Centre"], "kind": ["special"], "needs": ["ALL"],
        "phases": ["ALL"], "easting": [1000.0], "northing": [1000.0], "module_places": [8], "max_modules": [1],
        "capital_per_module": [1e6], "fixed_capital": [0.0], "earliest_year": [2025], "cost_per_place": [20000.0],
    })
    demand = pd.DataFrame({"year": [2025, 2025], "area_id": ["A1", "A2"], "need": ["ASD", "ASD"],
                           "phase": ["PRI", "PRI"], "tier": ["special", "special"], "count": [3.0, 4.0]})
    extra = {"roads": roads} if roads is not None else {}
    return Scenario(parameters=Parameters(name="Grid", horizon=1, capital=(1e6,), extra=extra),
                    areas=areas, demand=demand, provisions=provisions, options=options)


def window_county(name: str = "Tiny county") -> Scenario:
    """Four 10 km squares in a row; one special school in the west, one option in the east.

    Demand: 20 special-tier ASD primary children in each area every year of
    a two-year horizon. The school has 40 places, so without new places 40
    children a year go independent; the option (2 modules of 20 places,
    £1m each) in the east can take them.
    """
    areas = gpd.GeoDataFrame(
        {"area_id": [f"A{i}" for i in range(4)], "name": [f"Area {i}" for i in range(4)]},
        geometry=[box(400000 + 10000 * i, 100000, 410000 + 10000 * i, 110000) for i in range(4)],
        crs="EPSG:27700",
    )
    demand = pd.DataFrame({
        "year": [y for y in (2025, 2026) for _ in range(4)],
        "area_id": [f"A{i}" for _ in (2025, 2026) for i in range(4)],
        "need": "ASD", "phase": "PRI", "tier": "special", "count": 20.0,
    })
    demand["year"] = demand["year"].astype("int64")
    provisions = pd.DataFrame({
        "provision_id": ["P1"], "name": ["West Special"], "kind": ["special"], "needs": ["ASD;SLD"],
        "phases": ["PRI;SEC"], "capacity": [40], "easting": [405000.0], "northing": [105000.0],
        "cost_per_place": [25000.0], "urn": ["100001"],
    })
    options = pd.DataFrame({
        "option_id": ["O1", "O2"], "provision_id": ["", ""], "name": ["East Special", "Far Unit"],
        "kind": ["special", "resource_base"], "needs": ["ASD", "ASD"], "phases": ["PRI", "PRI"],
        "easting": [435000.0, 437000.0], "northing": [105000.0, 104000.0], "module_places": [20, 8],
        "max_modules": [2, 1], "capital_per_module": [1_000_000.0, 500_000.0], "fixed_capital": [0.0, 0.0],
        "earliest_year": [2025, 2025], "cost_per_place": [25000.0, 15000.0],
    })
    params = Parameters(name=name, base_year=2025, horizon=2, capital=(3_000_000.0, 3_000_000.0))
    return Scenario(parameters=params, areas=areas, demand=demand, provisions=provisions, options=options)


SEN = [f"SEN{i} (name)" for i in range(1, 14)]
GIAS_COLUMNS = ["URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
                "TypeOfEstablishment (name)", "EstablishmentStatus (name)", "PhaseOfEducation (name)",
                "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "NumberOfPupils",
                "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity",
                "SenUnitOnRoll", "SenUnitCapacity", *SEN, "Easting", "Northing"]


def gias_row(urn, la, name, kind, status, phase, low, high, capacity, rp="Not applicable", rp_roll="",
             rp_cap="", unit_cap="", needs=(), east="386000", north="158000"):
    sen = list(needs) + [""] * (13 - len(needs))
    return [urn, la, "Wiltshire", "7001", name, kind, status, phase, low, high, capacity, "100", rp, rp_roll,
            rp_cap, "", unit_cap, *sen, east, north]


def write_gias_extract(folder: Path) -> Path:
    """A few GIAS rows with the real column names, saved as Windows-1252."""
    rows = [
        gias_row("126529", "865", "Larkrise School", "Community special school", "Open", "Not applicable",
                 "2", "19", "150", needs=["SLD - Severe Learning Difficulty", "PMLD - Profound and Multiple "
                                          "Learning Difficulty", "ASD - Autistic Spectrum Disorder"]),
        gias_row("140001", "865", "Ecole Sainte-Thérèse Academy", "Academy converter", "Open", "Primary",
                 "4", "11", "420", rp="Resourced provision", rp_roll="9", rp_cap="12",
                 needs=["SLCN - Speech, language and Communication", "Weird - Something new"]),
        gias_row("140002", "865", "Clarendon Academy", "Academy converter", "Open", "Secondary", "11", "18",
                 "1500", rp="Resourced provision and SEN unit", rp_cap="10", unit_cap="6",
                 needs=["SEMH - Social, Emotional and Mental Health"]),
        gias_row("140003", "865", "Calder House", "Non-maintained special school", "Open", "Not applicable",
                 "7", "16", "60", needs=["SpLD - Specific Learning Difficulty"]),
        gias_row("140004", "865", "Closed Special", "Foundation special school", "Closed", "Not applicable",
                 "2", "19", "50"),
        gias_row("140005", "803", "Bath Special", "Academy special converter", "Open", "Not applicable",
                 "2", "19", "80"),
        gias_row("140006", "865", "Plain Primary", "Community school", "Open", "Primary", "4", "11", "210"),
        gias_row("140007", "865", "Some Independent", "Other independent school", "Open", "Not applicable",
                 "3", "18", "300"),
    ]
    path = folder / "edubasealldata20261123.csv"
    pd.DataFrame(rows, columns=GIAS_COLUMNS).to_csv(path, index=False, encoding="cp1252")
    return path


def write_broken(scenario, folder: Path) -> None:
    """A copy of the small scenario with one mistake per cell listed in EXPECTED."""
    write_scenario(scenario, folder)
    toml = (folder / "scenario.toml").read_text()
    (folder / "scenario.toml").write_text(toml.replace("capital = [\n    1000000.0,\n    2500000.0,\n]",
                                                       "capital = [1, 2, 3]"))
    (folder / "demand.csv").write_text(
        "year,area_id,need,phase,tier,count\n"
        "2025,A1,ASD,PRI,special,3\n"
        "2031,A1,ASD,PRI,special,1\n"      # row 3: outside the horizon
        "2025,ZZ,XYZ,PRI,special,-2\n"     # row 4: unknown area, unknown need, negative count
        "2025,A2,SEMH,KS2,top,many\n"      # row 5: unknown phase, tier; count not a number
    )
    (folder / "provisions.csv").write_text(
        "provision_id,name,kind,needs,phases,capacity,easting,northing,cost_per_place\n"
        f"P1,Larkrise,special,ALL,PRI;SEC,10,{X0 + 4000},{Y0 + 4000},23000\n"
        f"P1,Dup,special,ASD,,5,{Y0},{X0},23000\n"              # row 3: duplicate id, empty phases, swapped
        f"P3,Far,unicorn,ASD;ZZZ,SEC,2.5,-2.2,51.3,-1\n"       # row 4: kind, need code, capacity, degrees, cost
        f"P4,Nowhere,special,ASD,SEC,0,900000,900000,1\n"      # row 5: far away (and zero capacity: warning)
    )
    (folder / "options.csv").write_text(
        "option_id,provision_id,name,kind,needs,phases,easting,northing,module_places,max_modules,"
        "capital_per_module,fixed_capital,earliest_year,cost_per_place\n"
        "P1,,Clash,special,ASD,PRI,385000,159000,8,1,100,0,2025,20000\n"    # row 2: option_id clashes
        "O2,PX,Grow,,,,,,0,-1,100,0,2025,\n"                              # row 3: unknown host, 0 / -1
        "O3,,New,special,,PRI,,,8,1,100,0,2025,20000\n"                   # row 4: no needs, no location
    )
    (folder / "travel.csv").write_text("area_id,provision_id,minutes\nA1,P1,10\nQQ,O2,-5\n")  # row 3


def steady_history(years=range(2019, 2025), scale: int = 1) -> pd.DataFrame:
    """The same counts every census: a stationary county (ASD and SEMH, three settings)."""
    rows = []
    for year in years:
        for ncy in range(12):
            rows += [
                {"year": year, "ncy": ncy, "need": "ASD", "setting": "mainstream", "count": 40 + 2 * ncy},
                {"year": year, "ncy": ncy, "need": "ASD", "setting": "special", "count": 10 + 3 * ncy},
                {"year": year, "ncy": ncy, "need": "SEMH", "setting": "mainstream", "count": 20 + ncy},
                {"year": year, "ncy": ncy, "need": "SEMH", "setting": "resourced", "count": 5 + ncy},
            ]
    out = pd.DataFrame(rows)
    return out.assign(count=out["count"] * scale)


def write_projection_folder(path: Path) -> Path:
    """The projection county as a folder with seven years of steady census history."""
    write_scenario(projection_county(), path)
    steady_history(range(2020, 2027), scale=3).to_csv(path / "history.csv", index=False)
    return path
