"""Helpers for the projection tests: small histories, blank rates and a tiny scenario."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import box

from sufficiency_app.codes import NEEDS
from sufficiency_app.projection.estimate import CohortRates
from sufficiency_app.projection.history import NCYS, SETTINGS
from sufficiency_app.scenario import Parameters, Scenario

A, K, S = len(NCYS), len(NEEDS), len(SETTINGS)


def idx(ncy: int, need: str, setting: str) -> tuple[int, int, int]:
    return NCYS.index(ncy), NEEDS.index(need), SETTINGS.index(setting)


def blank_rates(**changes) -> CohortRates:
    """Rates with no children, everyone staying put, nobody joining; override fields by keyword."""
    fields = {
        "base_year": 2024, "base": np.zeros((A, K, S)), "continuation": np.ones((A, K)),
        "continuation_evidence": np.full((A, K), 1e6),
        "transition": np.broadcast_to(np.eye(S), (A, S, S)).copy(), "joiners": np.zeros((A, K, S)),
        "growth": 0.0, "growth_se": 0.005, "level_sd": 0.02, "base_population": None, "per_head": False,
        "method": "net flows", "years_fitted": (2023, 2024),
    }
    fields.update(changes)
    return CohortRates(**fields)


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


def tiny_scenario(base_year: int = 2025, horizon: int = 3) -> Scenario:
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
