"""Known journey times: reading them, model minutes for them, error tables and the fit."""

from __future__ import annotations

import numpy as np
import pytest
from small_scenarios import A_KM, LOCAL_KM

from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.roads import RoadNetwork
from sufficiency_app.roads.compare import error_table, locate, read_known, road_minutes, straight_line_model
from sufficiency_app.roads.fit import fit_straight_line


def _known(tmp_path, text: str):
    path = tmp_path / "known.csv"
    path.write_text(text, encoding="utf-8")
    return read_known(path)


def test_known_rows_with_places_or_settings(tmp_path, links, scenario):
    known = _known(tmp_path, "Area_ID, Provision_ID ,x,y,minutes\nA1,S1,,,2\nA2,,2000,0,5\nA1,,300,400,1\n")
    located = locate(known, scenario)
    assert located[["x", "y"]].to_numpy().tolist() == [[2000, 0], [2000, 0], [300, 400]]
    # straight line: 2 km, 2 km and 0.5 km x 1.3 / 40 km/h
    assert straight_line_model(located, 40.0, 1.3) == pytest.approx(
        np.array([2.0, 2.0, 0.5]) * 1.3 / 40 * 60)
    road = road_minutes(RoadNetwork.from_links(links), located)
    assert road[:2] == pytest.approx([2 * A_KM, 2 * LOCAL_KM])
    assert road[2] == pytest.approx(0.5 * LOCAL_KM)  # 500 m hop to the junction at (0, 0), same junction


def test_bad_known_rows_are_all_reported(tmp_path, scenario):
    with pytest.raises(ScenarioError) as caught:
        _known(tmp_path, "area_id,x,y,minutes\nA1,abc,1,2\nA2,1,2,-3\n,,,\n")
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(2, "x"), (2, "x, y"), (3, "minutes"), (4, "area_id"), (4, "minutes"), (4, "x, y")]
    with pytest.raises(ScenarioError, match="provision_id"):
        _known(tmp_path, "area_id,minutes\nA1,3\n")
    known = _known(tmp_path, "area_id,provision_id,minutes\nZZ,S1,3\nA1,S9,4\n")
    with pytest.raises(ScenarioError) as caught:
        locate(known, scenario)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (2, "area_id", "ZZ"), (3, "provision_id", "S9")]


def test_error_table_percentiles_by_hand():
    known = np.array([10.0, 20.0, 40.0, 50.0, 0.0])
    model = np.array([12.0, 18.0, 50.0, 50.0, 1.0])  # errors +2 -2 +10 0 +1; |%| 20 10 25 0
    table = error_table(model, known)
    assert table.loc["P50", "error_minutes"] == pytest.approx(1.0)
    assert table.loc["P10", "error_minutes"] == pytest.approx(-2 + 0.4 * 2)  # linear between -2 and 0
    assert table.loc["mean", "error_minutes"] == pytest.approx(11 / 5)
    assert table.loc["P50", "abs_pct_error"] == pytest.approx(15.0)
    assert table.loc["P90", "abs_pct_error"] == pytest.approx(20 + 0.7 * 5)


def test_fit_recovers_speed_and_overhead():
    km = np.array([5.0, 10.0, 20.0, 40.0])
    minutes = km * 1.3 / 52.0 * 60.0
    fit = fit_straight_line(km, minutes)
    assert fit.speed_kmh == pytest.approx(52.0) and fit.intercept_minutes == pytest.approx(0.0, abs=1e-9)
    fit = fit_straight_line(km, 8.0 + 1.5 * km, detour_factor=1.4)
    assert fit.intercept_minutes == pytest.approx(8.0) and fit.intercept_minutes_per_km == pytest.approx(1.5)
    slope = (km @ (8.0 + 1.5 * km)) / (km @ km)
    assert fit.minutes_per_km == pytest.approx(slope) and fit.speed_kmh == pytest.approx(84.0 / slope)
    assert fit.minutes_with_intercept(np.array([2.0]))[0] == pytest.approx(11.0)
