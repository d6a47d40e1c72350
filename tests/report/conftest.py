"""Fixtures of the report tests: the finance county (its ``plan`` and ``baseline`` are in tests/conftest.py)."""

from __future__ import annotations

import pytest
from small_scenarios import finance_county

from sufficiency_app.model.scenario import Scenario


@pytest.fixture
def scenario() -> Scenario:
    return finance_county()
