"""Fixtures of the projection tests: the projection county, as a scenario and as a folder with history."""

import pytest
from small_scenarios import projection_county, write_projection_folder

from sufficiency_app.model.scenario import Scenario


@pytest.fixture
def scenario() -> Scenario:
    return projection_county()


@pytest.fixture
def folder(tmp_path):
    return write_projection_folder(tmp_path / "county")
