"""Fixtures of the projection tests (helpers live in projection_fixtures.py)."""

import pytest
from projection_fixtures import tiny_scenario

from sufficiency_app.scenario import Scenario


@pytest.fixture
def scenario() -> Scenario:
    return tiny_scenario()
