"""Map benchmark: how long the county map takes to build and to recolour with 1,000 areas.

Builds a synthetic county of N hexagon-like areas (40-vertex polygons, as
detailed as full-resolution LSOA boundaries after simplification), 120
settings and six years of demand with a matching plan, then times, offscreen:
``set_scenario`` (paths built once), ``set_result``, a measure change, each
year step and a setting click with its flow lines, and a repaint.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/map_view_bench.py [--areas 1000]``.
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from PySide6.QtWidgets import QApplication

from sufficiency_app.model.codes import INDEPENDENT
from sufficiency_app.model.plan import PlanResult
from sufficiency_app.model.scenario import Parameters, Scenario
from sufficiency_app.ui.map_view import CountyMapView


def synthetic(n_areas: int, n_settings: int = 120, seed: int = 1) -> tuple[Scenario, PlanResult]:
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_areas)))
    cell = 2000.0
    centres = [(380_000 + cell * (i % side), 120_000 + cell * (i // side)) for i in range(n_areas)]
    angles = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    polys = [shapely.Polygon(np.c_[x + cell * 0.55 * np.cos(angles) * (1 + 0.05 * rng.standard_normal(40)),
                                   y + cell * 0.55 * np.sin(angles) * (1 + 0.05 * rng.standard_normal(40))])
             for x, y in centres]
    ids = [f"E{i:08d}" for i in range(n_areas)]
    areas = gpd.GeoDataFrame({"area_id": ids, "name": [f"Area {i}" for i in range(n_areas)]},
                             geometry=polys, crs="EPSG:27700")
    years = list(range(2025, 2031))
    demand = pd.DataFrame([(y, a, "ASD", "PRI", "special", float(rng.integers(0, 8)))
                           for y in years for a in ids], columns=["year", "area_id", "need", "phase", "tier", "count"])
    kinds = rng.choice(["special", "resource_base", "elp", "mainstream"], n_settings)
    sx = rng.uniform(380_000, 380_000 + cell * side, n_settings)
    sy = rng.uniform(120_000, 120_000 + cell * side, n_settings)
    provisions = pd.DataFrame({
        "provision_id": [f"P{i}" for i in range(n_settings)], "name": [f"Setting {i}" for i in range(n_settings)],
        "kind": kinds, "needs": "ALL", "phases": "ALL", "capacity": rng.integers(8, 200, n_settings),
        "easting": sx, "northing": sy, "cost_per_place": 20000.0, "urn": "",
    })
    scenario = Scenario(Parameters(name="Benchmark county"), areas, demand, provisions)
    target = rng.choice(provisions["provision_id"].to_numpy(), len(demand))
    target[rng.random(len(demand)) < 0.1] = INDEPENDENT
    allocation = demand.assign(provision_id=target, minutes=rng.uniform(5, 60, len(demand)))
    summary = pd.DataFrame({"year": years, "demand": 0.0, "independent": 0.0, "mean_minutes": 0.0,
                            "p95_minutes": 0.0, "capital": 0.0, "revenue": 0.0, "places_created": 0.0})
    plan = PlanResult("optimal", pd.DataFrame(columns=["option_id", "year", "modules", "places", "capital"]),
                      allocation[["year", "area_id", "need", "phase", "tier", "provision_id", "count", "minutes"]],
                      summary, (), 0.0, 0.0, "synthetic", "")
    return scenario, plan


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    fn()
    print(f"{label:<28}{1000 * (time.perf_counter() - start):8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    scenario, plan = synthetic(args.areas)
    view = CountyMapView()
    view.resize(1100, 800)
    view.show()
    app.processEvents()
    timed(f"set_scenario ({args.areas} areas)", lambda: view.set_scenario(scenario))
    timed("set_result", lambda: view.set_result(plan))
    timed("set_measure(mean_minutes)", lambda: view.set_measure("mean_minutes"))
    for year in (2026, 2027):
        timed(f"set_year({year})", lambda y=year: view.set_year(y))
    timed("select setting + flows", lambda: view.select_setting("P0"))
    timed("repaint", lambda: view.canvas.viewport().repaint())
    print(f"flow lines drawn: {len(view.flow_items)}")


if __name__ == "__main__":
    main()
