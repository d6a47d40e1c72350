"""An independent check of a plan: rebuild capacities from the schedule, re-solve the allocation.

"Given only schedule.csv and the scenario, anyone can rebuild capacities
year by year and re-solve the allocation (a linear transportation problem)"
(planning-model). This module does exactly that and nothing else, on purpose
through a different code path from the optimiser: compatibility is a pandas
join over groups (not the optimiser's class arrays), and the LP is a sparse
matrix solved by HiGHS through scipy (not the MathOpt model). If both agree,
a bug would have to be made twice. HiGHS's interior point method (with
crossover, so the flows are a vertex and the duals exact) is used: on these
transportation LPs it is 2-3 times faster than its simplex, and as it
releases the GIL the years are solved side by side in threads.

For each year ``t`` separately (years only interact through the schedule)::

    min   sum_{g,s} x[g,s] * w[g,s] + sum_g u[g] * w_u
    s.t.  sum_s x[g,s] + u[g] = D[g,t]            (every child placed)
          sum_g x[g,s] <= C[s] + places[s, <= t]  (capacity after the schedule)

solved three times: ``w`` = independent (1 for ``u`` and independent-kind
settings), then travel (minutes + step-up penalty, independent minutes)
with level 1 fixed, then revenue with levels 1 and 2 fixed (reading 11
tolerances).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linprog

from ..codes import INDEPENDENT, TIER_RANK
from ..scenario import Scenario
from ..provision_settings import effective_settings, option_targets
from .instance import travel_minutes
from .tables import finish_allocation, local_rows

REL_FIX, ABS_FIX = 1e-6, 1e-5
WORKERS = min(4, os.cpu_count() or 1)  # years solved at once


@dataclass(frozen=True)
class Check:
    """The check's allocation, its level values and capacity duals per (setting, year)."""

    independent: float
    travel: float
    allocation: pd.DataFrame
    duals: pd.DataFrame  # setting_id, year, independent_avoided, minutes_saved


def capacities(scenario: Scenario, schedule: pd.DataFrame) -> pd.DataFrame:
    """Places per setting and year: base capacity plus every module built up to that year."""
    settings = effective_settings(scenario)
    years = list(scenario.years)
    cap = pd.DataFrame(np.repeat(settings["capacity"].to_numpy(float)[:, None], len(years), axis=1),
                       index=settings["setting_id"].astype(str), columns=years)
    if len(schedule):
        targets = option_targets(scenario)
        added = schedule.assign(setting_id=schedule["option_id"].astype(str).map(targets))
        per_year = added.pivot_table(index="setting_id", columns="year", values="places", aggfunc="sum",
                                     fill_value=0).reindex(index=cap.index, columns=years, fill_value=0)
        cap = cap + per_year.cumsum(axis=1)
    return cap


def _pairs(scenario: Scenario, demand: pd.DataFrame, settings: pd.DataFrame, minutes: pd.DataFrame) -> pd.DataFrame:
    """Allowed (demand row, setting) pairs by rule 3 and readings 7 and 13."""
    p = scenario.parameters
    s = settings.assign(need=settings["needs"].map(sorted)).explode("need")
    s = s.assign(phase=s["phases"].map(sorted)).explode("phase")
    s = s.assign(rank=s["tier"].map(TIER_RANK))
    pairs = demand.reset_index(names="row").merge(
        s[["setting_id", "need", "phase", "rank", "kind"]], on=["need", "phase"])
    pairs = pairs[pairs["rank"] >= pairs["tier"].map(TIER_RANK)]
    long = minutes.rename_axis(index="area_id", columns="setting_id").stack().rename("minutes").reset_index()
    long = long.assign(area_id=long["area_id"].astype(str), setting_id=long["setting_id"].astype(str))
    pairs = pairs.merge(long, on=["area_id", "setting_id"])
    limit = pairs["phase"].map(p.max_minutes_for)
    keep = (pairs["kind"] == "independent") | (pairs["minutes"] <= limit)
    return pairs[keep].reset_index(drop=True)


def _solve_year(rows: pd.DataFrame, pairs: pd.DataFrame, cap: pd.Series, weights: list[tuple[np.ndarray, np.ndarray]]):
    """Lexicographic transportation LP of one year; returns flows, outside flows, objective values, duals."""
    n_rows, n_pairs = len(rows), len(pairs)
    settings = pd.Index(pairs["setting_id"].unique())
    s_idx = settings.get_indexer(pairs["setting_id"])
    n = n_pairs + n_rows
    placed = sp.csr_matrix((np.ones(n_pairs), (pairs["local_row"], np.arange(n_pairs))), shape=(n_rows, n_pairs))
    a_eq = sp.hstack([placed, sp.identity(n_rows, format="csr")]).tocsr()
    a_ub = sp.csr_matrix((np.ones(n_pairs), (s_idx, np.arange(n_pairs))), shape=(len(settings), n))
    b_ub = cap.reindex(settings).to_numpy(float)
    values, duals, res = [], [], None
    for cost_pairs, cost_out in weights:
        c = np.concatenate([cost_pairs, cost_out])
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=rows["count"].to_numpy(float),
                      bounds=(0, None), method="highs-ipm")
        if res.status != 0:
            raise RuntimeError(f"the allocation check failed: {res.message}")
        values.append(float(res.fun))
        duals.append(pd.Series(-res.ineqlin.marginals[: len(settings)], index=settings))
        a_ub = sp.vstack([a_ub, sp.csr_matrix(c)]).tocsr()
        b_ub = np.append(b_ub, res.fun * (1 + REL_FIX) + ABS_FIX)
    return res.x[:n_pairs], res.x[n_pairs:], values, duals


def check_plan(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None,
               passes: int = 3, deadline: float | None = None) -> Check:
    """Re-solve the allocation for ``schedule``; see the module docstring.

    ``passes=2`` skips the revenue pass (enough for the levels and the duals);
    ``passes=1`` solves level 1 only (``travel`` is then NaN).
    ``deadline`` (a ``time.perf_counter()`` value) raises ``TimeoutError``
    when a year would start after it, for callers working to a time limit.
    """
    p = scenario.parameters
    settings = effective_settings(scenario)
    settings = settings.assign(setting_id=settings["setting_id"].astype(str))
    if minutes is None:
        minutes = travel_minutes(scenario)
    cap = capacities(scenario, schedule)
    d = scenario.demand.loc[:, ["year", "area_id", "need", "phase", "tier", "count"]]
    d = d.assign(area_id=d["area_id"].astype(str), count=d["count"].astype(float))
    d = d[d["year"].isin(scenario.years) & (d["count"] > 0)]
    d = d.groupby(["year", "area_id", "need", "phase", "tier"], as_index=False)["count"].sum()
    gate = (settings["tier"] == "mainstream").any()
    local = d[(d["tier"] == "mainstream") & (not gate)]
    d = d[~d.index.isin(local.index)].reset_index(drop=True)
    pairs = _pairs(scenario, d, settings, minutes)
    pairs = pairs.assign(
        independent=(pairs["kind"] == "independent").astype(float),
        travel=pairs["minutes"] + np.where(pairs["rank"] > pairs["tier"].map(TIER_RANK),
                                           p.step_up_penalty_minutes, 0.0),
        revenue=pairs["setting_id"].map(settings.set_index("setting_id")["cost_per_place"]).astype(float))
    jobs = []
    for year, rows in d.groupby("year"):
        rows = rows.reset_index(names="row")
        yp = pairs[pairs["row"].isin(rows["row"])]
        yp = yp.assign(local_row=pd.Index(rows["row"]).get_indexer(yp["row"]))
        ones = np.ones(len(rows))
        weights = [(yp["independent"].to_numpy(), ones), (yp["travel"].to_numpy(), ones * p.independent_minutes),
                   (yp["revenue"].to_numpy(), ones * p.independent_place)][:passes]
        jobs.append((year, rows, yp, cap[year], weights))

    def run(job):
        if deadline is not None and time.perf_counter() > deadline:
            raise TimeoutError("the allocation check ran out of time")
        return _solve_year(*job[1:])

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # HiGHS releases the GIL: years run side by side
        solved = list(pool.map(run, jobs))
    placed, duals, total = [], [], [0.0, 0.0]
    for (year, rows, yp, _, _), (flow, outside, values, dual) in zip(jobs, solved):
        total = [total[0] + values[0], total[1] + (values[1] if passes > 1 else np.nan)]
        placed.append(yp.assign(count=flow, year=year, provision_id=yp["setting_id"])[
            ["year", "area_id", "need", "phase", "tier", "provision_id", "count", "minutes"]])
        placed.append(rows.assign(provision_id=INDEPENDENT, count=outside, minutes=float(p.independent_minutes))
                      .drop(columns="row"))
        duals.append(pd.DataFrame({"setting_id": dual[0].index, "year": year, "independent_avoided": dual[0].to_numpy(),
                                   "minutes_saved": dual[1].to_numpy() if passes > 1 else np.nan}))
    allocation = finish_allocation(placed + [local_rows(local)])
    duals_df = pd.concat(duals, ignore_index=True) if duals else pd.DataFrame(
        columns=["setting_id", "year", "independent_avoided", "minutes_saved"])
    return Check(total[0], total[1], allocation, duals_df)


def recheck(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None
            ) -> tuple[float, float, pd.DataFrame]:
    """``(independent, travel_minutes, allocation)`` of the best allocation under ``schedule``.

    ``travel_minutes`` is the level-2 value: child-minutes including step-up
    penalties and independent placements at ``independent_minutes``.
    """
    c = check_plan(scenario, schedule, minutes)
    return c.independent, c.travel, c.allocation
