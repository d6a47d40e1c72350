"""Fixtures of the report tests: the hand-made county of :mod:`report_fixtures`."""

from __future__ import annotations

import pytest
from report_fixtures import make_baseline, make_plan, make_scenario

from sufficiency_app.scenario import Scenario
from sufficiency_app.plan import PlanResult


@pytest.fixture
def scenario() -> Scenario:
    return make_scenario()


@pytest.fixture
def plan() -> PlanResult:
    return make_plan()


@pytest.fixture
def baseline() -> PlanResult:
    return make_baseline()
