"""A tiny hand-made scenario (four 2 km squares near Trowbridge) used across the core tests."""

from __future__ import annotations

from types import MappingProxyType

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

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


@pytest.fixture
def scenario() -> Scenario:
    return make_scenario()
