"""Assertions shared by the solver tests."""

from __future__ import annotations

import pytest

from sufficiency_app.plan import PlanResult
from sufficiency_app.solver.check import check_plan
from sufficiency_app.solver.tables import level_values


def assert_checked(scenario, result: PlanResult) -> None:
    """The result agrees with the independent check and with its own tables.

    Later levels may use the tolerance of reading 11 (1e-6 relative plus
    1e-5 absolute) on earlier ones, hence the tolerances below.
    """
    check = check_plan(scenario, result.schedule)
    independent, travel = check.independent, check.travel
    assert check.budget == ()
    assert result.levels[2].value == pytest.approx(check.cost, rel=1e-6, abs=1e-3)
    assert result.levels[0].value == pytest.approx(independent, rel=1e-6, abs=1e-5)
    assert result.levels[1].value == pytest.approx(travel, rel=2e-6, abs=2e-5)
    own = level_values(scenario, result.schedule, result.allocation)
    assert own[0] == pytest.approx(result.levels[0].value, rel=1e-6, abs=1e-5)
    assert own[1] == pytest.approx(result.levels[1].value, rel=2e-6, abs=2e-5)
    assert own[2] == pytest.approx(result.levels[2].value, rel=1e-6, abs=1e-3)
    assert result.independent == pytest.approx(independent, rel=1e-6, abs=1e-5)
    demand = scenario.demand[scenario.demand["year"].isin(scenario.years)]
    assert result.summary["demand"].sum() == pytest.approx(demand["count"].sum())


def placed(result: PlanResult, provision_id: str, year: int | None = None) -> float:
    a = result.allocation
    rows = a[(a["provision_id"] == provision_id) & ((a["year"] == year) if year else True)]
    return float(rows["count"].sum())
