"""Shared test set-up: Qt runs offscreen so the suite needs no display; the core county.

Folders mirror the package (``tests/io`` tests ``sufficiency_app/io``); the core's own
modules are tested here at the top. The hand-made inputs are built in :mod:`small_scenarios`;
``scenario`` is the core county unless a folder's conftest says otherwise.
"""

import os

import pytest
from small_scenarios import core_county, finance_baseline, finance_plan, write_gias_extract

from sufficiency_app.model.plan import PlanResult
from sufficiency_app.model.scenario import Scenario

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists


@pytest.fixture
def scenario() -> Scenario:
    return core_county()


@pytest.fixture
def gias_csv(tmp_path):
    return write_gias_extract(tmp_path)


@pytest.fixture
def plan() -> PlanResult:
    """The finance county's plan (tests/report and test_finance.py)."""
    return finance_plan()


@pytest.fixture
def baseline() -> PlanResult:
    """The finance county's do-nothing baseline."""
    return finance_baseline()
