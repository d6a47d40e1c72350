"""Reproducible synthetic planning instances for the solver benchmark.

``generate("wiltshire")`` and ``generate("kent")`` build scenarios of the
sizes the solver is meant for: square-grid areas, needs / phase / tier
shares close to SEN2 2025 (England, all EHC plans), demand growing by about
a third over six years, special schools, resource bases, ELPs and a few
independent schools, and a mix of expansions and new settings (some with
fixed opening costs). The same name and seed always give the same scenario.

Harder variants of the Wiltshire-size county (same areas, demand and
settings, since the random draws before the options are the same), so that
the next solver improvement has something to prove:

- ``tight``: the yearly budget halved (4 m), so choosing what not to build matters;
- ``modules``: each option's module a quarter of the size (2-5 places) at a
  quarter of the capital, four times as many modules allowed, so the master
  has many more integer steps;
- ``fixed``: 120 options, four in five of them new settings, with fixed
  opening capital 2.5 times as large (10-17.5 m for a special school), so
  the choice is mostly which settings to open.

Any name with ``+v2`` (``small+v2``, ``wiltshire+v2``) is the same instance
with the five version 2 readings on, at the sample county's kind of values
(:func:`with_extensions`); ``sample`` is the sample county as shipped, and
``sample-v1`` the same with its additions switched off.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from sufficiency_app.model.scenario import OPTION_COLUMNS, PROVISION_COLUMNS, Parameters, Scenario

# SEN2 2025, England, all EHC plans (percent of plans by primary need; DS folded into OTH's neighbours).
NEED_SHARES = {"ASD": 31.5, "SEMH": 20.7, "SLCN": 21.3, "MLD": 10.6, "SLD": 4.0, "PMLD": 1.3, "SPLD": 2.3,
               "PD": 3.9, "HI": 1.4, "VI": 0.8, "MSI": 0.3, "DS": 0.8, "OTH": 1.2}
PHASE_SHARES = {"EY": 0.05, "PRI": 0.42, "SEC": 0.38, "P16": 0.15}
TIER_SHARES = {"mainstream": 0.50, "resourced": 0.10, "special": 0.40}


@dataclass(frozen=True)
class Size:
    areas: int
    spacing_km: float
    ehcps: int
    special: int
    resourced: int
    independent: int
    options: int
    budget: float
    module_div: int = 1  # modules this many times smaller and cheaper, and this many times more of them
    expand_every: int = 2  # every n-th option expands an existing setting, the others are new settings
    fixed_scale: float = 1.0  # multiplies new settings' fixed opening capital


SIZES = {
    "small": Size(60, 4.0, 1000, 5, 6, 2, 14, 3e6),
    "wiltshire": Size(300, 3.4, 5400, 20, 34, 6, 80, 8e6),
    "kent": Size(900, 2.0, 18000, 32, 58, 10, 150, 20e6),
}
SIZES |= {
    "tight": replace(SIZES["wiltshire"], budget=4e6),
    "modules": replace(SIZES["wiltshire"], module_div=4),
    "fixed": replace(SIZES["wiltshire"], options=120, expand_every=5, fixed_scale=2.5),
}


def _needs(rng: np.random.Generator, k: int) -> str:
    names = list(NEED_SHARES)
    p = np.array(list(NEED_SHARES.values()))
    return ";".join(sorted(rng.choice(names, size=k, replace=False, p=p / p.sum())))


STAY = {"EY": 0.5, "PRI": 0.83, "SEC": 0.8, "P16": 0.67}  # by phase length, as the sample county
REQUIRED = {"ASD": 0.02, "SEMH": 0.03, "SLD": 0.02, "PMLD": 0.02}


def with_extensions(scenario: Scenario) -> Scenario:
    """The scenario with readings 14-18 on: stay by phase, required shares, transport, two-year new builds.

    The last listed setting is marked out of county; new settings take two
    years to build, expansions one.
    """
    p = scenario.parameters.replace(independent_stay=STAY, independent_required=REQUIRED,
                                    transport_fixed=1_000.0, transport_per_km=0.6)
    provisions = scenario.provisions.assign(in_county=[True] * (len(scenario.provisions) - 1) + [False])
    new = scenario.options["provision_id"].astype(str).str.strip() == ""
    options = scenario.options.assign(build_years=np.where(new, 2, 1))
    return scenario.replace(parameters=p, provisions=provisions, options=options)


def generate(name: str, seed: int = 7) -> Scenario:
    """The named benchmark scenario (a key of ``SIZES``, ``sample``/``sample-v1``, or either with ``+v2``)."""
    if name.endswith("+v2"):
        return with_extensions(generate(name[:-3], seed))
    if name in ("sample", "sample-v1"):
        from sufficiency_app.io import read_scenario

        sample = read_scenario(Path(__file__).resolve().parent.parent / "sample_data" / "wiltshire")
        return sample.without_extensions() if name == "sample-v1" else sample
    size = SIZES[name]
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(size.areas)))
    step = size.spacing_km * 1000.0
    ids = [f"E{i:05d}" for i in range(size.areas)]
    xy = np.array([((i % side) * step + 400000.0, (i // side) * step + 150000.0) for i in range(size.areas)])
    areas = gpd.GeoDataFrame({"area_id": ids, "name": ids}, crs="EPSG:27700",
                             geometry=[box(x - step / 2, y - step / 2, x + step / 2, y + step / 2) for x, y in xy])
    extent = side * step
    weight = rng.lognormal(0.0, 0.5, size.areas)
    weight /= weight.sum()
    years = tuple(range(2025, 2031))
    rows = []
    for need, ns in NEED_SHARES.items():
        for phase, ps in PHASE_SHARES.items():
            for tier, ts in TIER_SHARES.items():
                mean = size.ehcps * ns / sum(NEED_SHARES.values()) * ps * ts * weight
                base = rng.poisson(mean)
                for t, year in enumerate(years):
                    count = rng.poisson(base * (1 + t / 15)) if t else base
                    for a in np.flatnonzero(count):
                        rows.append((year, ids[a], need, phase, tier, float(count[a])))
    demand = pd.DataFrame(rows, columns=["year", "area_id", "need", "phase", "tier", "count"])

    def place() -> tuple[float, float]:
        return float(rng.uniform(400000, 400000 + extent)), float(rng.uniform(150000, 150000 + extent))

    special_demand = size.ehcps * TIER_SHARES["special"]
    provisions = []
    for i in range(size.special):
        x, y = place()
        phases = rng.choice(["PRI;SEC", "SEC;P16", "PRI;SEC;P16", "EY;PRI"])
        capacity = int(special_demand / size.special * rng.uniform(0.5, 0.9))
        provisions.append((f"SP{i:03d}", f"Special school {i}", "special", _needs(rng, int(rng.integers(2, 6))), phases,
                           capacity, x, y, float(rng.uniform(22e3, 35e3)), ""))
    for i in range(size.resourced):
        x, y = place()
        kind, phases = ("resource_base", "PRI") if i % 2 == 0 else ("elp", "SEC")
        provisions.append((f"RB{i:03d}", f"Resourced provision {i}", kind, _needs(rng, int(rng.integers(1, 4))), phases,
                           int(rng.integers(8, 20)), x, y, float(rng.uniform(12e3, 18e3)), ""))
    for i in range(size.independent):
        x, y = place()
        provisions.append((f"IN{i:03d}", f"Independent school {i}", "independent", _needs(rng, 4), "PRI;SEC;P16",
                           int(rng.integers(20, 60)), x, y, float(rng.uniform(50e3, 70e3)), ""))
    provisions = pd.DataFrame(provisions, columns=list(PROVISION_COLUMNS))

    options = []
    maintained = provisions[provisions["kind"] != "independent"].reset_index(drop=True)
    div = size.module_div
    for i in range(size.options):
        if i % size.expand_every == 0:
            host = maintained.iloc[int(rng.integers(len(maintained)))]
            special = host["kind"] == "special"
            options.append((f"X{i:03d}", host["provision_id"], f"Expand {host['name']}", "", "", "", np.nan, np.nan,
                            (12 if special else 8) // div, int(rng.integers(1, 4)) * div,
                            float(rng.uniform(0.6e6, 1.4e6)) / div, 0.0, int(rng.choice(years[1:3])), np.nan))
        else:
            x, y = place()
            special = rng.random() < 0.3
            kind = "special" if special else rng.choice(["resource_base", "elp"])
            phases = "PRI;SEC;P16" if special else ("PRI" if kind == "resource_base" else "SEC")
            options.append((f"N{i:03d}", "", f"New setting {i}", kind, _needs(rng, 3 if special else 2), phases, x, y,
                            (20 if special else 8) // div,
                            (int(rng.integers(2, 6)) if special else int(rng.integers(1, 3))) * div,
                            (float(rng.uniform(1.0e6, 1.5e6)) if special else float(rng.uniform(0.35e6, 0.55e6))) / div,
                            (float(rng.uniform(4e6, 7e6)) if special else float(rng.choice([0.0, 0.15e6])))
                            * size.fixed_scale,
                            int(rng.choice(years[1:4])), float(rng.uniform(25e3, 32e3)) if special else 15e3))
    options = pd.DataFrame(options, columns=list(OPTION_COLUMNS))
    parameters = Parameters(name=f"Synthetic {name}", capital=(size.budget,) * 6, carry_forward=True)
    return Scenario(parameters=parameters, areas=areas, demand=demand, provisions=provisions, options=options)
