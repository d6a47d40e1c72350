"""Fixtures of the report tests: the finance county of :mod:`small_scenarios`."""

from __future__ import annotations

import pytest
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.scenario import Scenario
from sufficiency_app.plan import PlanResult


@pytest.fixture
def scenario() -> Scenario:
    return finance_county()


@pytest.fixture
def plan() -> PlanResult:
    return finance_plan()


@pytest.fixture
def baseline() -> PlanResult:
    return finance_baseline()
