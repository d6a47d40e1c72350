"""Road-network benchmark: build a county-size network and route 100 settings to every area.

Generates a jittered grid road network of about 250,000 links (a 30 x 30 km
county at 85 m junction spacing, A roads every 5 km, B roads every 2.5 km,
5% of links missing so routes bend), writes it to a GeoPackage, then times:
reading + building + cleaning (networkx), snapping, and minutes from 100
settings to 330 areas with scipy's Dijkstra (the bulk path) against
networkx's Dijkstra on the same graph (a sample of sources, scaled to 100).

Run: ``python benchmarks/roads_bench.py [--side 355] [--settings 100]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sufficiency_app.roads import load_network
from sufficiency_app.roads.paths import minutes_from, minutes_from_networkx


def grid_network(side: int, spacing: float = 85.0, seed: int = 1) -> gpd.GeoDataFrame:
    """A side x side junction grid with jitter, road classes by line number, 5% of links removed."""
    rng = np.random.default_rng(seed)
    i, j = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    x = 380_000 + j * spacing + rng.uniform(-20, 20, i.shape)
    y = 130_000 + i * spacing + rng.uniform(-20, 20, i.shape)
    starts, ends, lines = [], [], []
    for di, dj in ((0, 1), (1, 0)):  # east-west links, then north-south
        a = (slice(0, side - di), slice(0, side - dj))
        b = (slice(di, side), slice(dj, side))
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
    parser.add_argument("--side", type=int, default=355, help="junctions per grid side (355 -> ~250k links)")
    parser.add_argument("--settings", type=int, default=100)
    parser.add_argument("--areas", type=int, default=330)
    parser.add_argument("--networkx-sample", type=int, default=5, help="sources timed with networkx")
    args = parser.parse_args()
    rng = np.random.default_rng(2)

    with tempfile.TemporaryDirectory() as folder:
        links = grid_network(args.side)
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
    _ = network.csgraph
    prep = time.perf_counter() - t
    print(f"snap {args.settings + args.areas} points + sparse matrix: {prep:.2f} s")

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
    print(pd.Series(fast.ravel()).describe(percentiles=[0.5, 0.95]).round(1).to_string())


if __name__ == "__main__":
    main()
