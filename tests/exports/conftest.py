"""One small saved plan for the export tests: the window county with small numbers, solved once."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from small_scenarios import window_county

from sufficiency_app import solver
from sufficiency_app.io.results import write_plan


def export_county():
    """The window county (four 10 km squares, a 40-place special school, two options) made harder.

    Capital for one 20-place module in the first year only, so 20 children a
    year are placed independently; three resourced-tier children in the
    east and one secondary SEMH child in the west give counts under 5.
    """
    scenario = window_county("Export county")
    extra = pd.DataFrame({
        "year": [2025, 2026, 2025, 2026], "area_id": ["A3", "A3", "A0", "A0"], "need": ["ASD", "ASD", "SEMH", "SEMH"],
        "phase": ["PRI", "PRI", "SEC", "SEC"], "tier": ["resourced", "resourced", "special", "special"],
        "count": [3.0, 3.0, 1.0, 1.0],
    })
    demand = pd.concat([scenario.demand, extra], ignore_index=True).astype({"year": "int64"})
    params = dataclasses.replace(scenario.parameters, capital=(1_500_000.0, 0.0))
    return scenario.replace(demand=demand, parameters=params)


@pytest.fixture(scope="session")
def saved_plan_dir(tmp_path_factory):
    """A results folder written by ``write_plan`` (what ``sufficiency solve`` writes)."""
    scenario = export_county()
    plan = solver.solve(scenario)
    folder = tmp_path_factory.mktemp("export") / "results"
    write_plan(plan, scenario, folder)
    return folder
