"""Capital as it is spent, not as it is scheduled (docs/model.md reading 18 and rule 4). No Qt, no solver.

``schedule.csv`` keeps each row's whole capital in the year its places
open; councils pay for a build while it is being built. With
``options.build_years`` = n, a row's capital is spread evenly over its
opening year and the n - 1 years before (years before the base year are
charged to the base year), and the budget rule applies to that spread
spend. A version 1 scenario (no ``build_years``) spends every row's
capital in its opening year, exactly as scheduled.
"""

from __future__ import annotations

import pandas as pd

from ..infra.formatting import money
from .scenario import Scenario

TOLERANCE = 1.0  # £: budgets and capital are whole pounds; the optimiser's rows carry float rounding


def build_years(scenario: Scenario) -> pd.Series:
    """Years of building per option_id (reading 18: blank, or no column at all, is 1)."""
    return pd.Series(scenario.optional.build_years, index=scenario.options["option_id"].astype(str).to_numpy())


def spend_by_year(scenario: Scenario, schedule: pd.DataFrame) -> pd.Series:
    """Capital spent in each year of the scenario after spreading every schedule row over its build years."""
    years = list(scenario.years)
    spend = pd.Series(0.0, index=pd.Index(years, name="year"), name="capital")
    if len(schedule) == 0:
        return spend
    spread = schedule["option_id"].astype(str).map(build_years(scenario)).fillna(1).astype(int).to_numpy()
    opening = schedule["year"].astype(int).to_numpy()
    capital = schedule["capital"].astype(float).to_numpy()
    for n, year, amount in zip(spread, opening, capital):
        for paid in range(year - n + 1, year + 1):
            spend[max(paid, years[0])] += amount / n
    return spend


def budget_problems(scenario: Scenario, schedule: pd.DataFrame) -> list[str]:
    """Rule 4 on the spread spend: one sentence per year whose spend (or, with carry-forward, spend to date)
    exceeds its budget; empty when the plan keeps to the budget."""
    p = scenario.parameters
    spend = spend_by_year(scenario, schedule)
    budget = pd.Series([p.budget_for(y) for y in scenario.years], index=spend.index)
    what = "capital spent in {y} is {s}, more than that year's budget of {b}"
    if p.carry_forward:
        spend, budget = spend.cumsum(), budget.cumsum()
        what = "capital spent up to {y} is {s}, more than the budget up to {y} of {b}"
    over = spend > budget + TOLERANCE
    return [what.format(y=y, s=money(spend[y], p.currency), b=money(budget[y], p.currency))
            for y in spend.index[over]]
