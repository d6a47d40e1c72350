"""Why the plan is what it is: the value of one more place, and of each chosen option.

``marginal_values``: for each setting and year, the capacity duals of the
checker's allocation LP with the schedule fixed: ``independent_avoided`` is
minus the dual of the capacity row in the level-1 pass (independent
placements avoided by one more place), ``minutes_saved`` the same in the
level-2 pass (child-minutes saved, with independent placements held at
their optimum). Duals are rates: they hold for a small change only.

``option_values``: for each chosen option, its places and capital over the
horizon and the independent placements it avoids, measured exactly by
re-solving level 1 of the allocation without that option, and per £1m of
its capital. Level 1 of an allocation is a maximum flow from demand classes
to settings, solved per year as a small LP on the coarse level-1 classes
(:class:`.instance.Instance` with ``level1=True``), which keeps this fast
enough to run after every solve.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linprog

from ..scenario import Scenario
from ..plan import MARGINAL_COLUMNS, OPTION_VALUE_COLUMNS, PlanResult
from .check import WORKERS, capacities, check_plan
from .instance import Instance


def marginal_values(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None,
                    deadline: float | None = None) -> pd.DataFrame:
    """Value of one more place per setting and year (see the module docstring).

    Raises ``TimeoutError`` past ``deadline`` (a ``time.perf_counter()`` value).
    """
    duals = check_plan(scenario, schedule, minutes, passes=2, deadline=deadline).duals
    duals = duals.rename(columns={"setting_id": "provision_id"})
    duals = duals.assign(independent_avoided=duals["independent_avoided"].clip(lower=0.0) + 0.0,
                         minutes_saved=duals["minutes_saved"].clip(lower=0.0) + 0.0)
    return duals.loc[:, list(MARGINAL_COLUMNS)].sort_values(["year", "provision_id"]).reset_index(drop=True)


def independent_by_year(inst: Instance, capacity: np.ndarray, years: range) -> np.ndarray:
    """Least independent placements in each year of ``years`` given places ``capacity[s, t]``.

    ``max sum x`` subject to ``sum_s x[c,s] <= D[c,t]`` and ``sum_c x[c,s] <= capacity[s,t]``;
    the independent placements are the demand left over.
    """
    def least(t: int) -> float:
        arcs = np.flatnonzero(inst.class_demand[inst.arc_class, t] > 0)
        n = len(arcs)
        if n == 0:
            return float(inst.class_demand[:, t].sum())
        rows = np.concatenate([inst.arc_class[arcs], len(inst.class_demand) + inst.arc_setting[arcs]])
        a_ub = sp.csr_matrix((np.ones(2 * n), (rows, np.tile(np.arange(n), 2))),
                             shape=(len(inst.class_demand) + capacity.shape[0], n))
        b_ub = np.concatenate([inst.class_demand[:, t], capacity[:, t]])
        res = linprog(-np.ones(n), A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        if res.status != 0:
            raise RuntimeError(f"the option valuation failed: {res.message}")
        return float(inst.class_demand[:, t].sum() + res.fun)

    out = np.zeros(len(inst.years))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # HiGHS releases the GIL
        out[list(years)] = list(pool.map(least, years))
    return out


def option_values(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None,
                  deadline: float | None = None) -> pd.DataFrame:
    """What each chosen option buys over the horizon (see the module docstring).

    Options are valued in order of capital, largest first; past ``deadline``
    the rest are left out.
    """
    inst = Instance.from_scenario(scenario, minutes, level1=True)
    ids = inst.settings["setting_id"].astype(str)

    def places(plan: pd.DataFrame) -> np.ndarray:
        return capacities(scenario, plan).reindex(ids).to_numpy(dtype=float)

    everything = range(len(inst.years))
    base = independent_by_year(inst, places(schedule), everything)
    rows = []
    order = schedule.groupby("option_id")["capital"].sum().sort_values(ascending=False, kind="stable").index
    for option_id in order:
        if deadline is not None and time.perf_counter() > deadline:
            break
        own = schedule[schedule["option_id"] == option_id]
        years = range(inst.years.index(int(own["year"].min())), len(inst.years))
        without = independent_by_year(inst, places(schedule[schedule["option_id"] != option_id]), years)
        with_it, without = base[list(years)].sum(), without[list(years)].sum()
        capital = float(own["capital"].sum())
        avoided = max(without - with_it, 0.0)
        rows.append({"option_id": option_id, "places": int(own["places"].sum()), "capital": capital,
                     "independent_avoided": avoided,
                     "independent_avoided_per_million": avoided / (capital / 1e6) if capital > 0 else np.nan})
    return pd.DataFrame(rows, columns=list(OPTION_VALUE_COLUMNS)).sort_values("option_id").reset_index(drop=True)


def explain(scenario: Scenario, result: PlanResult, minutes: pd.DataFrame | None = None,
            deadline: float | None = None) -> PlanResult:
    """``result`` with ``marginal_values`` and ``option_values`` filled in.

    Past ``deadline`` (a ``time.perf_counter()`` value) what is left is
    skipped and the result's message says so.
    """
    if result.status in ("cancelled", "infeasible"):
        return result
    try:
        marginal = marginal_values(scenario, result.schedule, minutes, deadline)
    except TimeoutError:
        return _noted(result, "place and option values were skipped (time limit)")
    values = option_values(scenario, result.schedule, minutes, deadline)
    done = dataclasses.replace(result, marginal_values=marginal, option_values=values)
    if len(values) < result.schedule["option_id"].nunique():
        return _noted(done, f"only {len(values)} of {result.schedule['option_id'].nunique()} options were "
                            "valued (time limit)")
    return done


def _noted(result: PlanResult, note: str) -> PlanResult:
    return dataclasses.replace(result, message="; ".join(m for m in (result.message, note) if m))
