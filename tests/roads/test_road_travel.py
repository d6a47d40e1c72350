"""Road minutes for a scenario: the table, travel.csv, the cache, warnings and the command."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from small_scenarios import A_KM, LOCAL_KM, road_grid_county

from sufficiency_app import cli
from sufficiency_app.io import read_scenario, write_scenario
from sufficiency_app.model.travel import TravelModel
from sufficiency_app.roads import RoadNetwork, TravelCache, load_network, travel_for_scenario

EXPECTED = {  # hand-worked on the grid: A roads east-west, local roads north-south
    ("A1", "S1"): 2 * A_KM, ("A1", "S2"): 2 * LOCAL_KM, ("A1", "NEW"): A_KM + LOCAL_KM,
    ("A2", "S1"): 2 * LOCAL_KM, ("A2", "S2"): 2 * A_KM, ("A2", "NEW"): A_KM + LOCAL_KM,
}


def _as_dict(table: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(a, p): m for a, p, m in table[["area_id", "provision_id", "minutes"]].itertuples(index=False)}


def test_travel_minutes_for_every_area_and_setting(links, scenario):
    table = RoadNetwork.from_links(links).travel_minutes(scenario)
    assert list(table.columns) == ["area_id", "provision_id", "minutes"]
    got = _as_dict(table)
    assert got.keys() == EXPECTED.keys()
    for pair, minutes in EXPECTED.items():
        assert got[pair] == pytest.approx(minutes, abs=0.005)


def test_access_minutes_and_speeds_from_scenario_parameters(tmp_path, links):
    scenario = road_grid_county({"access_minutes": 3, "speeds": {"a_road": 60, "Unclassified": 30}})
    path = tmp_path / "roads.gpkg"
    links.to_file(path, driver="GPKG")
    got = _as_dict(load_network(path, scenario.parameters).travel_minutes(scenario))
    assert got[("A1", "S1")] == pytest.approx(3 + 2.0)
    assert got[("A1", "S2")] == pytest.approx(3 + 4.0)
    assert got[("A2", "NEW")] == pytest.approx(3 + 1.0 + 2.0)


def test_travel_csv_is_read_back_by_the_planner(tmp_path, links, scenario):
    folder = tmp_path / "grid"
    table = RoadNetwork.from_links(links).travel_minutes(scenario)
    write_scenario(scenario.replace(travel=table), folder)
    back = read_scenario(folder)
    matrix = TravelModel.from_scenario(back).matrix()
    assert matrix.loc["A2", "S1"] == pytest.approx(2 * LOCAL_KM, abs=0.005)
    assert matrix.loc["A1", "NEW"] == pytest.approx(A_KM + LOCAL_KM, abs=0.005)


def test_cache_returns_the_same_table_without_reading_roads(tmp_path, links, scenario):
    path = tmp_path / "roads.gpkg"
    links.to_file(path, driver="GPKG")
    cache = TravelCache(tmp_path / "cache")
    first, _, network = travel_for_scenario(path, scenario, cache=cache)
    assert network is not None and len(list(cache.folder.glob("*.csv"))) == 1
    second, problems, network = travel_for_scenario(path, scenario, cache=cache)
    assert network is None and problems == []
    pd.testing.assert_frame_equal(first, second)
    moved = scenario.replace(provisions=scenario.provisions.assign(easting=[1000.0, 0.0]))
    third, _, network = travel_for_scenario(path, moved, cache=cache)
    assert network is not None and _as_dict(third)[("A1", "S1")] == pytest.approx(A_KM, abs=0.005)


def test_far_settings_are_warned_about(links, scenario):
    far = scenario.replace(provisions=scenario.provisions.assign(easting=[2000.0, -900.0]))
    problems = RoadNetwork.from_links(links).snap_problems(far)
    assert [(p.severity, p.file, p.value) for p in problems] == [("warning", "provisions.csv", "S2")]
    assert "900 m" in problems[0].message


@pytest.fixture
def on_disk(tmp_path, links, scenario):
    """The grid county as a scenario folder and its roads as a GeoPackage: ``(folder, roads)``."""
    folder, roads = tmp_path / "grid", tmp_path / "roads.gpkg"
    write_scenario(scenario, folder)
    links.to_file(roads, driver="GPKG")
    return folder, roads


def test_travel_roads_command_writes_travel_csv(tmp_path, on_disk, monkeypatch, capsys):
    monkeypatch.setenv("SUFFICIENCY_HOME", str(tmp_path / "home"))
    folder, roads = on_disk
    speeds = tmp_path / "speeds.toml"
    speeds.write_text('[roads]\naccess_minutes = 1\n[roads.speeds]\n"A Road" = 60\n', encoding="utf-8")
    assert cli.main(["travel-roads", str(folder), "--roads", str(roads), "--speeds", str(speeds)]) == 0
    assert "wrote 6 rows" in capsys.readouterr().out
    travel = read_scenario(folder).travel
    assert _as_dict(travel)[("A1", "S1")] == pytest.approx(3.0)
    assert list((tmp_path / "home" / "cache" / "roads").glob("*.csv"))
    assert cli.main(["travel-roads", str(folder), "--roads", str(tmp_path / "none.gpkg")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_compare_command_prints_error_percentiles(tmp_path, on_disk, capsys):
    folder, roads = on_disk
    known = tmp_path / "known.csv"
    known.write_text("area_id,provision_id,x,y,minutes\nA1,S1,,,2\nA2,,2000,0,5\n", encoding="utf-8")
    assert cli.main(["travel-compare", str(folder), "--known", str(known), "--roads", str(roads)]) == 0
    out = capsys.readouterr().out
    assert "straight line (40 km/h, detour 1.3)" in out and "road network" in out
    road_lines = out.split("road network")[1].splitlines()
    assert road_lines[1].split() == ["P10", "P50", "P90", "mean"]
    assert road_lines[2].split()[-1] == "-0.2"  # mean of 1.846 - 2 and 4.8 - 5


@pytest.mark.parametrize("text", ['a_road = 60\n', '[speeds]\n"A Road" = 60\n', '[roads.speeds]\nprimary = 60\n'])
def test_speeds_file_forms(tmp_path, on_disk, text):
    (folder, roads), speeds = on_disk, tmp_path / "speeds.toml"
    speeds.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert cli.main(["travel-roads", str(folder), "--roads", str(roads), "--speeds", str(speeds),
                     "--out", str(out), "--no-cache"]) == 0
    assert _as_dict(pd.read_csv(out))[("A1", "S1")] == pytest.approx(2.0)


def test_bad_speeds_file_is_reported(tmp_path, on_disk, capsys):
    (folder, roads), speeds = on_disk, tmp_path / "speeds.toml"
    speeds.write_text("a_road = fast\n", encoding="utf-8")
    assert cli.main(["travel-roads", str(folder), "--roads", str(roads), "--speeds", str(speeds)]) == 1
    assert "speeds.toml" in capsys.readouterr().err
    speeds.write_text("a_road = -1\n", encoding="utf-8")
    assert cli.main(["travel-roads", str(folder), "--roads", str(roads), "--speeds", str(speeds)]) == 1
    assert "roads.speeds.a_road" in capsys.readouterr().err


def test_cache_keys_and_damaged_files(tmp_path, scenario):
    from sufficiency_app.roads.cache import travel_key
    from sufficiency_app.roads.speeds import RoadSettings

    ids, xy = pd.Series(["A1"]), np.array([[0.0, 0.0]])
    key = travel_key("abc", RoadSettings(), ids, xy, ids, xy)
    assert key == travel_key("abc", RoadSettings(), ids, xy, ids, xy)
    assert key != travel_key("abc", RoadSettings(access_minutes=1), ids, xy, ids, xy)
    assert key != travel_key("abc", RoadSettings(), ids, xy + 1, ids, xy)
    cache = TravelCache(tmp_path)
    table = pd.DataFrame({"area_id": ["A1"], "provision_id": ["S1"], "minutes": [3.5]})
    cache.put(key, table)
    pd.testing.assert_frame_equal(cache.get(key), table)
    next(tmp_path.glob("*.csv")).write_text("garbage\n", encoding="utf-8")
    assert cache.get(key) is None and cache.get("0" * 64) is None


def test_a_grid_that_covers_the_county_is_plausible(links, scenario):
    assert RoadNetwork.from_links(links).plausibility_problems(scenario) == []


def test_the_display_layer_of_a_roads_is_not_a_road_network():
    """maps/roads.geojson (the M4 and 17 A roads, for drawing) gave a 133-minute median journey."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    scenario = read_scenario(root / "sample_data" / "wiltshire")
    network = load_network(root / "maps" / "roads.geojson", scenario.parameters)
    problems = network.plausibility_problems(scenario)
    assert [p.severity for p in problems] == ["warning", "warning"]
    assert "road links for a county of 3,257 km²" in problems[0].message
    assert "% of the areas are more than 2 km from the nearest road" in problems[1].message
