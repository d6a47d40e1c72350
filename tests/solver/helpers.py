"""Assertions shared by the solver tests."""

from __future__ import annotations

import pytest

from sufficiency_app.model.plan import PlanResult
from sufficiency_app.present.plan_tables import level_values
from sufficiency_app.solver.check import check_plan


def fixed(value: float, rel: float = 1e-6, absolute: float = 1e-5):
    """Equal up to reading 11's tolerance, ``rel * |value| + absolute`` (a sum: pytest's approx takes the larger)."""
    return pytest.approx(value, rel=0, abs=rel * abs(value) + absolute)


def assert_checked(scenario, result: PlanResult) -> None:
    """The result agrees with the independent check and with its own tables.

    Later levels may use the tolerance of reading 11 (1e-6 relative plus
    1e-5 absolute) on earlier ones, hence the tolerances below.
    """
    check = check_plan(scenario, result.schedule)
    independent, travel = check.independent, check.travel
    assert check.budget == ()
    assert result.levels[2].value == pytest.approx(check.cost, rel=1e-6, abs=1e-3)
    assert result.levels[0].value == fixed(independent)
    assert result.levels[1].value == fixed(travel, 2e-6, 2e-5)
    own = level_values(scenario, result.schedule, result.allocation)
    assert own[0] == fixed(result.levels[0].value)
    assert own[1] == fixed(result.levels[1].value, 2e-6, 2e-5)
    assert own[2] == pytest.approx(result.levels[2].value, rel=1e-6, abs=1e-3)
    assert result.independent == fixed(independent)
    demand = scenario.demand[scenario.demand["year"].isin(scenario.years)]
    assert result.summary["demand"].sum() == pytest.approx(demand["count"].sum())


def placed(result: PlanResult, provision_id: str, year: int | None = None) -> float:
    a = result.allocation
    rows = a[(a["provision_id"] == provision_id) & ((a["year"] == year) if year else True)]
    return float(rows["count"].sum())
