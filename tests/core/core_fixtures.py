"""Hand-made inputs for the core tests: a tiny scenario, a GIAS extract and a broken copy."""

from __future__ import annotations

from pathlib import Path

from types import MappingProxyType

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from sufficiency_app.io import write_scenario
from sufficiency_app.scenario import Parameters, Scenario

X0, Y0 = 384_000.0, 158_000.0


def make_scenario() -> Scenario:
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
