"""Fixtures of the projection tests (helpers live in projection_fixtures.py)."""

import pytest
from projection_fixtures import steady_history
from small_scenarios import projection_county

from sufficiency_app.scenario import Scenario


@pytest.fixture
def scenario() -> Scenario:
    return projection_county()


@pytest.fixture
def folder(scenario, tmp_path):
    from sufficiency_app.io import write_scenario
    path = tmp_path / "county"
    write_scenario(scenario, path)
    steady_history(range(2020, 2027), scale=3).to_csv(path / "history.csv", index=False)
    return path
