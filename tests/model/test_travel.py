"""Travel model: hand-computed straight-line minutes, travel.csv overrides, area points."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from small_scenarios import X0, Y0

from sufficiency_app.model.travel import TravelModel, area_points, straight_line_minutes


def test_three_four_five_triangle():
    # 3 km east and 4 km north: 5 km straight, x 1.2 detour = 6 km at 36 km/h = 10 minutes
    minutes = straight_line_minutes(np.array([[0.0, 0.0]]), np.array([[3000.0, 4000.0]]), 1.2, 36.0)
    assert minutes == pytest.approx(np.array([[10.0]]))


def test_area_points_use_centroid_else_representative_point(scenario):
    points = area_points(scenario).set_index("area_id")
    assert tuple(points.loc["A1"]) == (X0 + 1000.0, Y0 + 1000.0)  # given centroid
    x, y = points.loc["A2"]
    assert X0 + 2000 < x < X0 + 4000 and Y0 < y < Y0 + 2000  # inside its square


def test_matrix_covers_settings_and_applies_overrides(scenario):
    matrix = TravelModel.from_scenario(scenario).matrix()
    assert list(matrix.index) == ["A1", "A2", "A3", "A4"]
    # provisions plus the new-setting option O2; the plain expansion O1 adds to P1
    assert list(matrix.columns) == ["P1", "P2", "P3", "O2"]
    assert matrix.loc["A1", "P2"] == 12.5  # travel.csv row
    # A1 centroid (X0+1000, Y0+1000) to P3 (X0+3000, Y0+500): hypot(2000, 500) m x 1.3 / 40 km/h
    assert matrix.loc["A1", "P3"] == pytest.approx(np.hypot(2000, 500) / 1000 * 1.3 / 40 * 60)
    assert matrix.loc["A1", "O2"] == pytest.approx(np.hypot(2000, 2000) / 1000 * 1.3 / 40 * 60)


def test_speed_and_detour_come_from_parameters(scenario):
    slow = scenario.replace(parameters=scenario.parameters.replace(speed_kmh=20.0, detour_factor=1.0),
                            travel=scenario.travel.iloc[0:0])
    fast = TravelModel.from_scenario(scenario.replace(travel=scenario.travel.iloc[0:0])).matrix()
    assert np.allclose(TravelModel.from_scenario(slow).matrix().to_numpy(), fast.to_numpy() * 2 / 1.3)


def test_empty_tables_give_empty_matrix(scenario):
    empty = scenario.replace(provisions=scenario.provisions.iloc[0:0], options=scenario.options.iloc[0:0],
                             travel=pd.DataFrame(columns=["area_id", "provision_id", "minutes"]))
    assert TravelModel.from_scenario(empty).matrix().shape == (4, 0)
