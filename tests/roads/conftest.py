"""Fixtures: the hand-made road grid and the scenario on it."""

from __future__ import annotations

import geopandas as gpd
import pytest
from small_scenarios import grid_links, road_grid_county

from sufficiency_app.model.scenario import Scenario


@pytest.fixture
def links() -> gpd.GeoDataFrame:
    return grid_links()


@pytest.fixture
def scenario() -> Scenario:
    return road_grid_county()
