"""Hand-made inputs for the core tests: a GIAS extract and a broken copy of the core county."""

from __future__ import annotations

from pathlib import Path


import pandas as pd

from sufficiency_app.io import write_scenario
from small_scenarios import X0, Y0

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
