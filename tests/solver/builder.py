"""Small scenarios for hand-worked solver tests.

Travel is straight line with ``speed_kmh = 60`` and ``detour_factor = 1``,
so one kilometre (1000 m of easting/northing) is exactly one minute.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from sufficiency_app.model.scenario import OPTION_COLUMNS, PROVISION_COLUMNS, Parameters, Scenario


def area(area_id: str, x_km: float, y_km: float = 0.0) -> dict[str, Any]:
    return {"area_id": area_id, "x": x_km * 1000.0, "y": y_km * 1000.0}


def provision(pid: str, kind: str, capacity: int, x_km: float, y_km: float = 0.0, *, needs: str = "ALL",
              phases: str = "ALL", cost: float = 20000.0) -> dict[str, Any]:
    return {"provision_id": pid, "name": pid, "kind": kind, "needs": needs, "phases": phases,
            "capacity": capacity, "easting": x_km * 1000.0, "northing": y_km * 1000.0,
            "cost_per_place": cost, "urn": ""}


def option(oid: str, *, provision_id: str = "", kind: str = "", x_km: float | None = None, y_km: float = 0.0,
           module: int = 1, max_modules: int = 10, capital: float = 1.0e6, fixed: float = 0.0,
           earliest: int = 2025, cost: float | None = None, needs: str = "", phases: str = "") -> dict[str, Any]:
    return {"option_id": oid, "provision_id": provision_id, "name": oid, "kind": kind, "needs": needs,
            "phases": phases, "easting": float("nan") if x_km is None else x_km * 1000.0,
            "northing": float("nan") if x_km is None else y_km * 1000.0, "module_places": module,
            "max_modules": max_modules, "capital_per_module": capital, "fixed_capital": fixed,
            "earliest_year": earliest, "cost_per_place": float("nan") if cost is None else cost}


def demand(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (year, area_id, need, phase, tier, count)."""
    return pd.DataFrame(rows, columns=["year", "area_id", "need", "phase", "tier", "count"]).astype(
        {"year": int, "count": float})


def scenario(areas: list[dict], demand_rows: list[tuple], provisions: list[dict], options: list[dict] = (),
             **params: Any) -> Scenario:
    """A Scenario with sensible test defaults: horizon 1 from 2025, no travel limits unless given."""
    defaults = dict(base_year=2025, horizon=1, speed_kmh=60.0, detour_factor=1.0, max_minutes={},
                    independent_minutes=60.0, independent_place=60000.0, step_up_penalty_minutes=30.0,
                    capital=(0.0,), carry_forward=False)
    defaults.update(params)
    if len(defaults["capital"]) != defaults["horizon"]:
        defaults["capital"] = tuple(defaults["capital"]) * defaults["horizon"]
    geo = gpd.GeoDataFrame(
        {"area_id": [a["area_id"] for a in areas], "name": [a["area_id"] for a in areas],
         "centroid_easting": [a["x"] for a in areas], "centroid_northing": [a["y"] for a in areas]},
        geometry=[box(a["x"] - 100, a["y"] - 100, a["x"] + 100, a["y"] + 100) for a in areas], crs="EPSG:27700")
    return Scenario(
        parameters=Parameters(**defaults), areas=geo, demand=demand(demand_rows),
        provisions=pd.DataFrame(list(provisions), columns=list(PROVISION_COLUMNS)),
        options=pd.DataFrame(list(options), columns=list(OPTION_COLUMNS)),
    )
