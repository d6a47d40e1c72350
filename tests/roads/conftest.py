"""Fixtures: the hand-made road grid and the tiny scenario of ``roads_grid``."""

from __future__ import annotations

import geopandas as gpd
import pytest
from roads_grid import grid_links, grid_scenario

from sufficiency_app.scenario import Scenario


@pytest.fixture
def links() -> gpd.GeoDataFrame:
    return grid_links()


@pytest.fixture
def scenario() -> Scenario:
    return grid_scenario()
