"""Fixtures of the core tests; the inputs themselves are built in core_fixtures."""

from __future__ import annotations

import pytest

from sufficiency_app.scenario import Scenario

from small_scenarios import core_county

from .core_fixtures import write_gias_extract


@pytest.fixture
def scenario() -> Scenario:
    return core_county()


@pytest.fixture
def gias_csv(tmp_path):
    return write_gias_extract(tmp_path)
