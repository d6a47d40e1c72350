"""Graph building, cleaning, snapping and shortest paths on the hand-made grid."""

from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import LineString, MultiLineString
from small_scenarios import A_KM, LOCAL_KM, grid_links

from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.roads import RoadNetwork, RoadSettings, TravelCancelled, load_network, road_settings
from sufficiency_app.roads.paths import minutes_from, minutes_from_networkx
from sufficiency_app.roads.speeds import parse_maxspeed, road_class


def test_road_types_from_os_open_roads_and_osm():
    assert road_class("A Road") == road_class("primary") == road_class("trunk_link") == "a_road"
    assert road_class("Classified Unnumbered") == road_class("tertiary") == "minor"
    assert road_class("Restricted Local Access Road") == road_class("residential") == "local"
    assert road_class("motorway_link") == "motorway"
    assert road_class("footway") is None and road_class(None) is None
    assert parse_maxspeed("30 mph") == pytest.approx(48.28032)
    assert parse_maxspeed("50") == 50.0 and parse_maxspeed("none") is None


def test_grid_is_cleaned_and_counted(links):
    network = RoadNetwork.from_links(links)
    assert len(network.node_xy) == 9 and network.graph.number_of_edges() == 12
    assert network.dropped == {"read": 14, "no_geometry": 0, "not_for_cars": 1, "disconnected": 1}
    assert set(network.links["road_class"]) == {"a_road", "local"}
    assert "1 not joined to the main network" in network.summary()


def test_exact_minutes_by_class(links):
    network = RoadNetwork.from_links(links)
    minutes = network.minutes_between(np.array([[0, 0], [2000, 2000]]), np.array([[2000, 0], [1000, 1000]]))
    assert minutes == pytest.approx(np.array([[2 * A_KM, A_KM + LOCAL_KM], [2 * LOCAL_KM, A_KM + LOCAL_KM]]))


def test_networkx_and_scipy_agree(links):
    network = RoadNetwork.from_links(links)
    sources, targets = np.arange(9), np.arange(9)
    nodes = network.graph_nodes
    assert minutes_from(network.csgraph, sources, targets, batch=4) == pytest.approx(
        minutes_from_networkx(network.graph, nodes[sources], nodes[targets]))


def test_snapping_to_nearest_junction_adds_local_speed_hop(links):
    network = RoadNetwork.from_links(links)
    node, distance = network.snap(np.array([[1030, 1960], [-300, 0]]))
    assert network.node_xy[node].tolist() == [[1000, 2000], [0, 0]]
    assert distance == pytest.approx([50.0, 300.0])
    # 300 m off the network at 25 km/h, then 2 km of A road
    minutes = network.minutes_between(np.array([[-300, 0]]), np.array([[2000, 0]]))
    assert minutes[0, 0] == pytest.approx(0.3 * LOCAL_KM + 2 * A_KM)


def test_ends_within_tolerance_join_and_parallel_links_keep_the_faster(links):
    shifted = links.copy()
    shifted.loc[0, "geometry"] = LineString([(0.3, -0.2), (1000.2, 0.4)])  # ends 0.4 m off the grid
    motorway = shifted.iloc[[0]].assign(road_classification="Motorway",
                                        geometry=[LineString([(0, 0), (500, 300), (1000, 0)])])
    network = RoadNetwork.from_links(pd.concat([shifted, motorway], ignore_index=True))
    assert len(network.node_xy) == 9
    motorway_minutes = np.hypot(500, 300) * 2 / 1000 / 100 * 60
    ends = network.graph_nodes[network.snap([[0, 0], [1000, 0]])[0]]
    assert network.graph.edges[ends[0], ends[1]]["minutes"] == pytest.approx(min(motorway_minutes, A_KM), rel=1e-3)


def test_maxspeed_slows_and_speed_column_overrides(links):
    osm = links.copy()
    osm["maxspeed"] = None
    osm.loc[0, "maxspeed"] = "20 mph"  # the A road (0,0)-(1000,0)
    osm["speed_kmh"] = np.nan
    osm.loc[1, "speed_kmh"] = 50.0  # the local road (0,0)-(0,1000)
    network = RoadNetwork.from_links(osm)
    by_geom = network.links.set_index(network.links.geometry.to_wkt())
    assert by_geom.loc["LINESTRING (0 0, 1000 0)", "speed_kmh"] == pytest.approx(32.18688)
    assert by_geom.loc["LINESTRING (0 0, 0 1000)", "speed_kmh"] == 50.0


def test_scenario_speed_overrides_and_bad_entries():
    settings, problems = road_settings({"speeds": {"A Road": 80, "local": 30}, "access_minutes": 2})
    assert problems == []
    assert settings.speeds_kmh["a_road"] == 80 and settings.speeds_kmh["local"] == 30
    assert settings.speeds_kmh["motorway"] == 100 and settings.access_minutes == 2
    network = RoadNetwork.from_links(grid_links(), settings)
    assert network.minutes_between(np.array([[0, 0]]), np.array([[2000, 0]]))[0, 0] == pytest.approx(2 + 2 * 60 / 80)
    _, problems = road_settings({"speeds": {"hovercraft": 40, "b_road": -5}, "access_minutes": "soon"})
    assert [p.column for p in problems] == ["roads.speeds.hovercraft", "roads.speeds.b_road", "roads.access_minutes"]
    assert all(p.severity == "error" for p in problems)


def test_files_in_any_crs_are_read(tmp_path, links):
    links = links.set_geometry(links.translate(400000, 150000))  # in Wiltshire, where lon/lat round-trips
    path = tmp_path / "roads.geojson"
    links.to_crs("EPSG:4326").to_file(path, driver="GeoJSON")
    gpkg = tmp_path / "roads.gpkg"
    links.to_file(gpkg, layer="road_link", driver="GPKG")
    steps = []
    for file in (path, gpkg):
        network = load_network(file, RoadSettings(), progress=lambda d, t: steps.append((d, t)))
        assert network.dropped["disconnected"] == 1 and len(network.node_xy) == 9
        assert network.minutes_between(np.array([[400000, 150000]]), np.array([[402000, 150000]]))[0, 0] == \
            pytest.approx(2 * A_KM, rel=1e-3)
        assert network.source_sha256
    assert steps[-1] == (3, 3)


def test_multilinestrings_are_split(links):
    multi = links.iloc[[0]].copy()
    multi.loc[0, "geometry"] = MultiLineString([[(0, 0), (1000, 0)], [(1000, 0), (2000, 0)]])
    network = RoadNetwork.from_links(multi)
    assert len(network.links) == 2 and network.dropped["read"] == 2


def test_bad_road_files_are_reported(tmp_path, links):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_network(tmp_path / "missing.gpkg")
    no_type = tmp_path / "plain.geojson"
    links[["geometry"]].assign(name="x").to_file(no_type, driver="GeoJSON")
    with pytest.raises(ScenarioError, match="no road-type column"):
        load_network(no_type)
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"not a geopackage")
    with pytest.raises(ScenarioError, match="cannot open"):
        load_network(junk)
    with pytest.raises(ScenarioError, match="roads.speeds.a_road"):
        load_network(no_type, {"speeds": {"a_road": 0}})


def test_cancel_and_progress(links):
    network = RoadNetwork.from_links(links)
    seen = []
    minutes_from(network.csgraph, np.arange(9), np.arange(9), progress=lambda d, t: seen.append((d, t)), batch=4)
    assert seen == [(4, 9), (8, 9), (9, 9)]
    stop = threading.Event()
    stop.set()
    with pytest.raises(TravelCancelled):
        network.minutes_between(np.array([[0, 0]]), np.array([[2000, 0]]), cancel=stop)


def test_os_open_roads_shapefile_names_and_sidecar_hash(tmp_path, links):
    shp = tmp_path / "roads.shp"
    names = {"A Road": "A Road", "Unclassified": "Local Road", "B Road": "B Road"}
    os_links = links.iloc[:-1].assign(function=links["road_classification"].iloc[:-1].map(names))
    os_links.rename(columns={"road_classification": "class"})[["class", "function", "geometry"]].to_file(shp)
    network = load_network(shp)
    assert sorted(network.links["road_class"].unique()) == ["a_road", "local"]
    before = network.source_sha256
    (tmp_path / "roads.prj").write_text((tmp_path / "roads.prj").read_text() + " ", encoding="utf-8")
    assert load_network(shp).source_sha256 != before  # a sidecar changed: the cache key changes
