"""A hand-made road grid and a tiny scenario on it.

The grid: junctions every 1 km on x = 0..2 km, y = 0..2 km. Horizontal
roads are A roads (65 km/h: 1 km = 60/65 min), vertical ones unclassified
(25 km/h: 1 km = 2.4 min). A separate B-road stub far away is an island,
and a footway is not for cars.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Polygon

from sufficiency_app.scenario import PROVISION_COLUMNS, Parameters, Scenario

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


def grid_scenario(roads: dict | None = None) -> Scenario:
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
