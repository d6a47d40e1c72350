"""How long travel minutes take for a national-sized problem.

Run: ``python benchmarks/travel_bench.py``. Times the vectorised matrix
(35,000 areas x 600 settings) and the whole ``TravelModel.from_scenario``
(area points from 35,000 polygons, settings, overrides).
"""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sufficiency_app.model.scenario import Parameters, Scenario
from sufficiency_app.model.travel import TravelModel, straight_line_minutes


def synthetic(areas: int, settings: int, rng: np.random.Generator) -> Scenario:
    corners = rng.uniform([100_000, 0], [650_000, 650_000], size=(areas, 2))
    boxes = shapely.box(corners[:, 0], corners[:, 1], corners[:, 0] + 800, corners[:, 1] + 800)
    where = rng.uniform([100_000, 0], [650_000, 650_000], size=(settings, 2))
    provisions = pd.DataFrame({
        "provision_id": [f"P{i}" for i in range(settings)], "name": "x", "kind": "special", "needs": "ALL",
        "phases": "ALL", "capacity": 10, "easting": where[:, 0], "northing": where[:, 1],
        "cost_per_place": 1.0, "urn": "",
    })
    travel = pd.DataFrame({"area_id": [f"A{i}" for i in range(0, areas, 7)], "provision_id": "P0", "minutes": 5.0})
    return Scenario(Parameters(), gpd.GeoDataFrame({"area_id": [f"A{i}" for i in range(areas)], "name": "x"},
                                                   geometry=boxes, crs="EPSG:27700"),
                    pd.DataFrame(), provisions, travel=travel)


def main(areas: int = 35_000, settings: int = 600) -> None:
    rng = np.random.default_rng(0)
    origins = rng.uniform([100_000, 0], [650_000, 650_000], size=(areas, 2))
    destinations = rng.uniform([100_000, 0], [650_000, 650_000], size=(settings, 2))
    start = time.perf_counter()
    minutes = straight_line_minutes(origins, destinations, 1.3, 40.0)
    seconds = time.perf_counter() - start
    print(f"matrix: {areas:,} areas x {settings:,} settings: {seconds:.3f} s ({minutes.nbytes / 1e6:.0f} MB)")
    scenario = synthetic(areas, settings, rng)
    start = time.perf_counter()
    model = TravelModel.from_scenario(scenario)
    print(f"TravelModel.from_scenario: {time.perf_counter() - start:.3f} s, shape {model.minutes.shape}")


if __name__ == "__main__":
    main()
