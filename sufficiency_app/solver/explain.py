"""Why the plan is what it is: the value of one more place, and of each chosen option.

``marginal_values``: for each setting and year, the capacity duals of the
checker's allocation LP with the schedule fixed: ``independent_avoided`` is
minus the dual of the capacity row in the level-1 pass (independent
placements avoided by one more place), ``minutes_saved`` the same in the
level-2 pass (child-minutes saved, with independent placements held at
their optimum). Duals are rates: they hold for a small change only.

``option_values``: for each chosen option, its places and capital over the
horizon and the independent placements it avoids, measured exactly by
re-checking the schedule without that option (level 1 only, in the years
from its first build on), and per £1m of its capital.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..scenario import Scenario
from .api import MARGINAL_COLUMNS, OPTION_VALUE_COLUMNS, PlanResult
from .check import check_plan


def marginal_values(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Value of one more place per setting and year (see the module docstring)."""
    duals = check_plan(scenario, schedule, minutes).duals.rename(columns={"setting_id": "provision_id"})
    duals = duals.assign(independent_avoided=duals["independent_avoided"].clip(lower=0.0) + 0.0,
                         minutes_saved=duals["minutes_saved"].clip(lower=0.0) + 0.0)
    return duals.loc[:, list(MARGINAL_COLUMNS)].sort_values(["year", "provision_id"]).reset_index(drop=True)


def option_values(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None) -> pd.DataFrame:
    """What each chosen option buys over the horizon (see the module docstring)."""
    rows = []
    for option_id, own in schedule.groupby("option_id", sort=True):
        years = tuple(y for y in scenario.years if y >= own["year"].min())
        with_it = check_plan(scenario, schedule, minutes, passes=1, years=years).independent
        without = check_plan(scenario, schedule[schedule["option_id"] != option_id], minutes, passes=1,
                             years=years).independent
        capital = float(own["capital"].sum())
        avoided = max(without - with_it, 0.0)
        rows.append({"option_id": option_id, "places": int(own["places"].sum()), "capital": capital,
                     "independent_avoided": avoided,
                     "independent_avoided_per_million": avoided / (capital / 1e6) if capital > 0 else np.nan})
    return pd.DataFrame(rows, columns=list(OPTION_VALUE_COLUMNS))


def explain(scenario: Scenario, result: PlanResult, minutes: pd.DataFrame | None = None) -> PlanResult:
    """``result`` with ``marginal_values`` and ``option_values`` filled in."""
    if result.status in ("cancelled", "infeasible"):
        return result
    return dataclasses.replace(result, marginal_values=marginal_values(scenario, result.schedule, minutes),
                               option_values=option_values(scenario, result.schedule, minutes))
