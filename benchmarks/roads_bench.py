"""Road-network benchmark: build a county-size network and route 100 settings to every area.

Generates a jittered grid road network over Wiltshire's extent (50 x 75 km;
about 250,000 links at the default 173 m junction spacing; A roads every
5 km, B roads every 2.5 km, 10% of unclassified links missing so routes
bend), writes it to a GeoPackage, then times: reading + building + cleaning
(networkx), snapping, and minutes from 100 settings to 330 areas with
scipy's Dijkstra (the bulk path) against networkx's Dijkstra on the same
graph (a sample of sources, scaled to 100). With ``--scenario`` (default
the sample county, if built) it also times the whole ``travel-roads`` path,
``travel_for_scenario``, cold and from the cache.

Run: ``python benchmarks/roads_bench.py [--spacing 173] [--settings 100] [--scenario DIR]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from sufficiency_app.roads import TravelCache, load_network, travel_for_scenario
from sufficiency_app.roads.paths import minutes_from, minutes_from_networkx

WILTSHIRE = (380_000.0, 120_000.0, 430_000.0, 195_000.0)
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "wiltshire"


def grid_network(spacing: float, bounds: tuple[float, float, float, float] = WILTSHIRE,
                 seed: int = 1) -> gpd.GeoDataFrame:
    """A jittered junction grid over ``bounds`` with road classes by line number."""
    rng = np.random.default_rng(seed)
    rows, cols = int((bounds[3] - bounds[1]) / spacing) + 1, int((bounds[2] - bounds[0]) / spacing) + 1
    i, j = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    x = bounds[0] + j * spacing + rng.uniform(-0.2, 0.2, i.shape) * spacing
    y = bounds[1] + i * spacing + rng.uniform(-0.2, 0.2, i.shape) * spacing
    starts, ends, lines = [], [], []
    for di, dj in ((0, 1), (1, 0)):  # east-west links, then north-south
        a = (slice(0, rows - di), slice(0, cols - dj))
        b = (slice(di, rows), slice(dj, cols))
        starts.append(np.column_stack([x[a].ravel(), y[a].ravel()]))
        ends.append(np.column_stack([x[b].ravel(), y[b].ravel()]))
        lines.append((i[a] if dj else j[a]).ravel())  # the grid line a link runs along
    start, end, line = np.vstack(starts), np.vstack(ends), np.concatenate(lines)
    every_a, every_b = round(5000 / spacing), round(2500 / spacing)
    road = np.where(line % every_a == 0, "A Road",
                    np.where(line % every_b == 0, "B Road",
                             rng.choice(["Unclassified", "Classified Unnumbered", "Not Classified"], len(line))))
    keep = (road != "Unclassified") | (rng.random(len(line)) > 0.1)
    coords = np.stack([start[keep], end[keep]], axis=1)
    return gpd.GeoDataFrame({"road_classification": road[keep]}, geometry=shapely.linestrings(coords),
                            crs="EPSG:27700")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spacing", type=float, default=173.0, help="metres between junctions (173 -> ~250k links)")
    parser.add_argument("--settings", type=int, default=100)
    parser.add_argument("--areas", type=int, default=330)
    parser.add_argument("--networkx-sample", type=int, default=5, help="sources timed with networkx")
    parser.add_argument("--scenario", default=str(SAMPLE) if SAMPLE.exists() else None,
                        help="scenario folder for the end-to-end timing (default: the sample county)")
    args = parser.parse_args()
    rng = np.random.default_rng(2)

    with tempfile.TemporaryDirectory() as folder:
        links = grid_network(args.spacing)
        path = Path(folder) / "roads.gpkg"
        links.to_file(path, driver="GPKG", layer="road_link")
        t = time.perf_counter()
        network = load_network(path)
        build = time.perf_counter() - t
        print(f"network: {network.summary()}")
        print(f"read + build + clean (networkx): {build:.1f} s")

        lo, hi = network.node_xy.min(axis=0), network.node_xy.max(axis=0)
        settings_xy = rng.uniform(lo, hi, (args.settings, 2))
        areas_xy = rng.uniform(lo, hi, (args.areas, 2))
        t = time.perf_counter()
        sources, _ = network.snap(settings_xy)
        targets, _ = network.snap(areas_xy)
        prep = time.perf_counter() - t
        print(f"snap {args.settings + args.areas} points: {prep:.2f} s")

        t = time.perf_counter()
        fast = minutes_from(network.csgraph, sources, targets)
        scipy_s = time.perf_counter() - t
        print(f"scipy csgraph.dijkstra, {args.settings} settings x {args.areas} areas: {scipy_s:.1f} s "
              f"({scipy_s / args.settings * 1000:.0f} ms per setting)")

        n = args.networkx_sample
        t = time.perf_counter()
        slow = minutes_from_networkx(network.graph, network.graph_nodes[sources[:n]], network.graph_nodes[targets])
        nx_s = time.perf_counter() - t
        print(f"networkx single_source_dijkstra, {n} settings: {nx_s:.1f} s "
              f"({nx_s / n * 1000:.0f} ms per setting; {nx_s / n * args.settings:.0f} s for {args.settings})")
        print(f"scipy is {nx_s / n / (scipy_s / args.settings):.1f}x faster; "
              f"largest difference {np.abs(fast[:n] - slow).max():.2e} min")
        print(f"total for {args.settings} settings (build + snap + routes): {build + prep + scipy_s:.1f} s")
        print(f"minutes: median {np.median(fast):.1f}, P95 {np.percentile(fast, 95):.1f}, max {fast.max():.1f}")

        if args.scenario:
            end_to_end(path, args.scenario, Path(folder) / "cache")


def end_to_end(roads: Path, scenario_path: str, cache_dir: Path) -> None:
    """Time travel_for_scenario on a real scenario: cold, then from the cache."""
    from sufficiency_app.io import read_scenario

    scenario = read_scenario(scenario_path)
    cache = TravelCache(cache_dir)
    calls = []
    t = time.perf_counter()
    table, problems, _ = travel_for_scenario(roads, scenario, cache=cache,
                                             progress=lambda done, total: calls.append(done))
    cold = time.perf_counter() - t
    t = time.perf_counter()
    travel_for_scenario(roads, scenario, cache=cache)
    warm = time.perf_counter() - t
    print(f"travel_for_scenario on {scenario_path}: {table['area_id'].nunique()} areas x "
          f"{table['provision_id'].nunique()} settings = {len(table):,} rows; cold {cold:.1f} s "
          f"({len(calls)} progress calls, {len(problems)} snap warnings), cached {warm:.2f} s")


if __name__ == "__main__":
    main()
