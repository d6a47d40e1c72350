"""The road network as a graph, and travel minutes from every area to every setting.

A journey is: the fixed ``access_minutes``, the straight hop from the
area's point to the nearest junction (at the ``local`` road speed), the
fastest route through the network, and the hop from the last junction to
the school. Link ends within ``node_tolerance_m`` become one junction; only
the largest connected piece of the network is kept (islands of road that
join nothing else are dropped and counted), so every pair has a route.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_array
from scipy.spatial import cKDTree

from ..infra.cancel import CancelToken
from ..infra.errors import Problem, ScenarioError
from ..model.provision_settings import effective_settings
from ..model.scenario import Parameters, Scenario
from ..model.travel import area_points
from .cache import TravelCache, file_sha256, travel_key
from .links import CRS, price_links, read_links
from .paths import Progress, minutes_from, to_csgraph
from .speeds import RoadSettings, road_settings

# A real network has several links per km² (OS Open Roads: 5 to 20); a map layer of A roads, a few hundredths.
MIN_LINKS_PER_KM2 = 2.0
FAR_SNAP_M = 2000.0  # an area point this far from any road: the network does not cover it

BBOX_MARGIN_M = 30_000.0  # road read beyond the county's edge, so routes may leave and come back


class RoadNetwork:
    """A cleaned, priced road graph ready for shortest paths.

    Attributes
    ----------
    links
        GeoDataFrame (EPSG:27700) of the links in the network, with
        ``road_class``, ``speed_kmh``, ``length_m``, ``minutes``, ``u``, ``v``
        (graph nodes at its ends): for drawing and for checking.
    graph
        networkx Graph of the junctions, edge attribute ``minutes`` (the
        faster of parallel links); it built and cleaned the network.
    graph_nodes
        The graph node of each junction row below (junction ``i`` is graph
        node ``graph_nodes[i]``).
    node_xy
        (n, 2) junction coordinates, EPSG:27700 metres.
    csgraph
        The same graph as a scipy sparse matrix on junction rows ``0..n-1``,
        for bulk Dijkstra.
    dropped
        Links left out: ``no_geometry``, ``not_for_cars``, ``disconnected``
        (in pieces not joined to the main network); ``read`` = all links read.
    settings
        The :class:`RoadSettings` used.
    source_sha256
        Hash of the road file (empty for an in-memory network): the cache key.
    """

    def __init__(self, links: gpd.GeoDataFrame, graph: nx.Graph, graph_nodes: np.ndarray, node_xy: np.ndarray,
                 csgraph: csr_array, dropped: Mapping[str, int], settings: RoadSettings, source_sha256: str = "",
                 bbox: tuple[float, float, float, float] | None = None):
        self.links = links
        self.graph = graph
        self.graph_nodes = graph_nodes
        self.node_xy = node_xy
        self.csgraph = csgraph
        self.dropped = dict(dropped)
        self.settings = settings
        self.source_sha256 = source_sha256
        self.bbox = bbox

    @classmethod
    def from_links(cls, raw: gpd.GeoDataFrame, settings: RoadSettings | None = None, *,
                   dropped: Mapping[str, int] | None = None, priced: bool = False,
                   source_sha256: str = "", bbox: tuple[float, float, float, float] | None = None) -> RoadNetwork:
        """Build the graph from road links (priced by :func:`price_links` unless ``priced``)."""
        settings = settings or RoadSettings()
        if priced:
            links, counts = raw, dict(dropped or {"read": len(raw), "no_geometry": 0, "not_for_cars": 0})
        else:
            links, counts = price_links(raw, settings)
        if links.empty:
            raise ScenarioError([Problem("error", "road links", None, None, "0 links", "at least one road link",
                                         "no usable road links (none for cars, or all empty)")])
        geoms = links.geometry.to_numpy()
        ends = np.vstack([shapely.get_coordinates(shapely.get_point(geoms, 0)),
                          shapely.get_coordinates(shapely.get_point(geoms, -1))])
        keys = np.round(ends / settings.node_tolerance_m).astype(np.int64)
        unique_keys, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        u, v = inverse[:len(links)], inverse[len(links):]

        edges = pd.DataFrame({"a": np.minimum(u, v), "b": np.maximum(u, v), "minutes": links["minutes"].to_numpy()})
        edges = edges[edges["a"] != edges["b"]].groupby(["a", "b"], as_index=False)["minutes"].min()
        graph = nx.Graph()
        graph.add_nodes_from(range(len(unique_keys)))
        graph.add_weighted_edges_from(edges.itertuples(index=False, name=None), weight="minutes")
        main = max(nx.connected_components(graph), key=len)
        in_main = np.zeros(len(unique_keys), dtype=bool)
        in_main[np.fromiter(main, dtype=np.int64, count=len(main))] = True
        graph.remove_nodes_from(np.flatnonzero(~in_main).tolist())

        number = np.full(len(unique_keys), -1, dtype=np.int64)  # graph node -> row of node_xy
        number[in_main] = np.arange(int(in_main.sum()))
        keep_edges = edges[in_main[edges["a"].to_numpy()]]
        csgraph = to_csgraph(number[keep_edges["a"].to_numpy()], number[keep_edges["b"].to_numpy()],
                             keep_edges["minutes"].to_numpy(), int(in_main.sum()))
        keep_links = in_main[u]
        kept = links[keep_links].copy()
        kept["u"] = u[keep_links]
        kept["v"] = v[keep_links]
        counts["disconnected"] = int((~keep_links).sum())
        node_xy = unique_keys[in_main].astype(float) * settings.node_tolerance_m
        return cls(kept.reset_index(drop=True), graph, np.flatnonzero(in_main), node_xy, csgraph, counts,
                   settings, source_sha256, bbox)

    @cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(self.node_xy)

    def snap(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest junction of each point: (junction rows of ``node_xy``, distances in metres)."""
        distance, node = self._tree.query(np.asarray(xy, dtype=float).reshape(-1, 2))
        return node.astype(np.int64), distance

    def minutes_between(self, origin_xy: np.ndarray, destination_xy: np.ndarray,
                        progress: Progress | None = None, cancel: CancelToken | None = None) -> np.ndarray:
        """Journey minutes, shape (origins, destinations), as described in the module docstring.

        One Dijkstra runs per distinct destination junction; ``progress(done,
        total)`` counts them.
        """
        origin_node, origin_off = self.snap(origin_xy)
        dest_node, dest_off = self.snap(destination_xy)
        sources, dest_index = np.unique(dest_node, return_inverse=True)
        targets, origin_index = np.unique(origin_node, return_inverse=True)
        on_road = minutes_from(self.csgraph, sources, targets, progress, cancel)
        minutes = on_road[dest_index.reshape(-1)][:, origin_index.reshape(-1)].T
        off_road_m = origin_off[:, None] + dest_off[None, :]
        return minutes + off_road_m / 1000.0 / self.settings.speeds_kmh["local"] * 60.0 + self.settings.access_minutes

    def cache_key(self, scenario: Scenario) -> str:
        """The :class:`TravelCache` key of this network's table for ``scenario``."""
        return scenario_key(self.source_sha256, self.settings, scenario, self.bbox)

    def travel_minutes(self, scenario: Scenario, progress: Progress | None = None,
                       cancel: CancelToken | None = None, cache: TravelCache | None = None) -> pd.DataFrame:
        """travel.csv rows (``area_id``, ``provision_id``, ``minutes``) for every area and setting.

        ``provision_id`` holds setting ids (provisions and new-setting
        options), as travel.csv expects. With ``cache`` (and a network read
        from a file) a table computed before is returned at once.
        """
        key = self.cache_key(scenario) if cache is not None and self.source_sha256 else None
        if key is not None and (hit := cache.get(key)) is not None:
            return hit
        areas, settings = _points(scenario)
        minutes = self.minutes_between(areas[["x", "y"]].to_numpy(), settings[["easting", "northing"]].to_numpy(),
                                       progress, cancel)
        table = pd.DataFrame({
            "area_id": np.repeat(areas["area_id"].astype(str).to_numpy(), len(settings)),
            "provision_id": np.tile(settings["setting_id"].astype(str).to_numpy(), len(areas)),
            "minutes": np.round(minutes.reshape(-1), 2),
        })
        if key is not None:
            cache.put(key, table)
        return table

    def snap_problems(self, scenario: Scenario) -> list[Problem]:
        """Warnings for areas and settings farther from the network than ``snap_warning_m``."""
        areas, settings = _points(scenario)
        limit = self.settings.snap_warning_m
        problems = []
        option_ids = set(scenario.options["option_id"].astype(str)) if len(scenario.options) else set()
        for ids, xy, file, column, what in (
            (areas["area_id"], areas[["x", "y"]], "areas.geojson", "area_id", "area"),
            (settings["setting_id"], settings[["easting", "northing"]], "provisions.csv", "provision_id", "setting"),
        ):
            _, distance = self.snap(xy.to_numpy())
            for ident, metres in zip(ids.astype(str), distance):
                if metres > limit:
                    where = ("options.csv", "option_id") if ident in option_ids else (file, column)
                    problems.append(Problem(
                        "warning", where[0], None, where[1], ident, f"within {limit:.0f} m of a road",
                        f"{what} {ident} is {metres:,.0f} m from the nearest road of the network; "
                        "that distance is counted at the local-road speed"))
        return problems

    def plausibility_problems(self, scenario: Scenario) -> list[Problem]:
        """Warnings when the network cannot be the county's real road network.

        A display layer of main roads (a few dozen links) routes every child
        along A roads from kilometres away and gives journeys of two hours.
        Real networks (OS Open Roads, OpenStreetMap) have several links per
        square kilometre and a road within a few hundred metres of every
        area's point.
        """
        problems = []
        km2 = float(scenario.areas.to_crs(CRS).area.sum()) / 1e6
        if km2 > 0 and len(self.links) < MIN_LINKS_PER_KM2 * km2:
            problems.append(Problem(
                "warning", "road links", None, None, f"{len(self.links):,} links",
                f"at least {MIN_LINKS_PER_KM2 * km2:,.0f} links for {km2:,.0f} km²",
                f"only {len(self.links):,} road links for a county of {km2:,.0f} km²: this cannot be the whole "
                "road network (a map layer of main roads?), so journeys will be far too long; use OS Open "
                "Roads or an OpenStreetMap extract"))
        areas = area_points(scenario)
        if len(areas):
            _, distance = self.snap(areas[["x", "y"]].to_numpy())
            far = float((distance > FAR_SNAP_M).mean())
            if far > 0.5:
                problems.append(Problem(
                    "warning", "road links", None, None, f"{far:.0%} of areas",
                    f"most areas within {FAR_SNAP_M / 1000:g} km of a road",
                    f"{far:.0%} of the areas are more than {FAR_SNAP_M / 1000:g} km from the nearest road of "
                    "the network: it does not cover the county, or holds main roads only"))
        return problems

    def summary(self) -> str:
        """One line for the command line and the import dialog."""
        d = self.dropped
        left_out = d.get("no_geometry", 0) + d.get("not_for_cars", 0) + d.get("disconnected", 0)
        return (f"{len(self.links):,} links, {len(self.node_xy):,} junctions; {left_out:,} of {d.get('read', 0):,} "
                f"links dropped ({d.get('not_for_cars', 0):,} not for cars, {d.get('disconnected', 0):,} "
                f"not joined to the main network, {d.get('no_geometry', 0):,} empty)")


def _points(scenario: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area points (the core travel model's definition) and setting locations."""
    return area_points(scenario), effective_settings(scenario)[["setting_id", "easting", "northing"]]


def scenario_key(source_sha256: str, settings: RoadSettings, scenario: Scenario,
                 bbox: tuple[float, float, float, float] | None) -> str:
    """The cache key of a scenario's road travel table (see :mod:`.cache`)."""
    areas, places = _points(scenario)
    return travel_key(source_sha256, settings, areas["area_id"], areas[["x", "y"]].to_numpy(),
                      places["setting_id"], places[["easting", "northing"]].to_numpy(), bbox)


def resolve_settings(params: Parameters | RoadSettings | Mapping[str, Any] | None) -> RoadSettings:
    """RoadSettings from scenario parameters (``extra["roads"]``), a ``[roads]`` table, or as given.

    Raises
    ------
    ScenarioError
        A ``[roads]`` entry is invalid (named in the message).
    """
    if isinstance(params, RoadSettings):
        return params
    table = params.extra.get("roads", {}) if isinstance(params, Parameters) else params
    settings, problems = road_settings(table)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    return settings


def scenario_bbox(scenario: Scenario, margin_m: float = BBOX_MARGIN_M) -> tuple[float, float, float, float]:
    """The county's areas and settings, plus a margin, in EPSG:27700."""
    minx, miny, maxx, maxy = scenario.areas.total_bounds
    settings = effective_settings(scenario)
    if len(settings):
        minx, maxx = min(minx, settings["easting"].min()), max(maxx, settings["easting"].max())
        miny, maxy = min(miny, settings["northing"].min()), max(maxy, settings["northing"].max())
    return (float(minx - margin_m), float(miny - margin_m), float(maxx + margin_m), float(maxy + margin_m))


def load_network(path: str | Path, params: Parameters | RoadSettings | Mapping[str, Any] | None = None,
                 progress: Progress | None = None,
                 bbox: tuple[float, float, float, float] | None = None) -> RoadNetwork:
    """Read a road-links file and build its network.

    Parameters
    ----------
    path
        GeoPackage, Shapefile or GeoJSON of road links, any CRS.
    params
        Scenario :class:`~sufficiency_app.model.scenario.Parameters` (its
        ``[roads]`` table is used), a ``[roads]`` mapping, or RoadSettings.
    progress
        ``progress(done, total)`` over the three steps: hash, read, build.
    bbox
        Read only links touching this EPSG:27700 box (see :func:`scenario_bbox`).

    Raises
    ------
    ScenarioError
        Unreadable file, no CRS, no road-type column, bad ``[roads]`` values.
    """
    settings = resolve_settings(params)
    sha = file_sha256(path)
    if progress is not None:
        progress(1, 3)
    links, dropped = read_links(path, settings, bbox)
    if progress is not None:
        progress(2, 3)
    network = RoadNetwork.from_links(links, settings, dropped=dropped, priced=True, source_sha256=sha, bbox=bbox)
    if progress is not None:
        progress(3, 3)
    return network


def travel_for_scenario(path: str | Path, scenario: Scenario, settings: RoadSettings | None = None,
                        progress: Progress | None = None, cancel: CancelToken | None = None,
                        cache: TravelCache | None = None) -> tuple[pd.DataFrame, list[Problem], RoadNetwork | None]:
    """Road travel.csv rows for a scenario, read from the cache when nothing changed.

    Only links within :data:`BBOX_MARGIN_M` of the county are read. Returns
    the table, snapping warnings (none on a cache hit) and the network
    (None on a cache hit: the file was not read).
    """
    settings = settings or resolve_settings(scenario.parameters)
    bbox = scenario_bbox(scenario)
    if cache is not None and (hit := cache.get(scenario_key(file_sha256(path), settings, scenario, bbox))) is not None:
        return hit, [], None
    network = load_network(path, settings, bbox=bbox)
    problems = network.plausibility_problems(scenario) + network.snap_problems(scenario)
    return network.travel_minutes(scenario, progress, cancel, cache), problems, network
