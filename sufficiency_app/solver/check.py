"""An independent check of a plan: rebuild capacities from the schedule, re-solve the allocation.

"Given only schedule.csv and the scenario, anyone can rebuild capacities
year by year and re-solve the allocation (a linear transportation problem)"
(docs/model.md). This module does exactly that and nothing else, on purpose
through a different code path from the optimiser: compatibility is a pandas
join over groups (not the optimiser's class arrays), and the LP is a sparse
matrix of its own, passed whole to a fresh HiGHS for each pass (not the
optimiser's models, kept and changed in place). If both agree, a bug would
have to be made twice. HiGHS's interior point method (with crossover, so the
flows are a vertex and the duals exact) is used: on these transportation LPs
it is 2-3 times faster than its simplex, and as it releases the GIL
independent blocks are solved side by side in threads. HiGHS is called
through highspy, not scipy's ``linprog``, for one reason: a cancel
(``cancelled``) stops it mid-solve through its interrupt callbacks, which
``linprog`` does not offer (scipy 1.17 refuses a callback with HiGHS), and a
re-check of the sample's plan takes over a minute. So the HiGHS build is now
the optimiser's (scipy bundles its own: 1.12 in scipy 1.17), set up as the
optimiser's are (:func:`.allocation.new_highs`); the model is still the
check's own.

Per block of years (each year alone, or all years at once when placements
continue, below)::

    min   sum_{g,s,t} x[g,s,t] * w[g,s] + sum_{g,t} u[g,t] * w_u
    s.t.  sum_s x[g,s,t] + u[g,t] = D[g,t]              (every child placed)
          sum_g x[g,s,t] <= C[s] + places[s, <= t]      (capacity after the schedule)
          I[g,t] >= share[n] * D[g,t]                   (reading 15, when required)
          I[g,t] - q[p] I[g,t-1] >= -max(0, q[p] D[g,t-1] - D[g,t])   (reading 14)

where ``I`` = ``u`` plus the flows to settings of kind ``independent``,
solved three times: ``w`` = independent (1 for ``u`` and independent-kind
settings), then travel (minutes + step-up penalty, independent minutes)
with level 1 fixed, then revenue plus transport (reading 17) with levels 1
and 2 fixed, each at its value plus the reading-11 tolerance. Readings are
numbered as in ``docs/model.md``. Version 3: the last year's weights count
``1 + tail_years`` times (reading 20; the values without the tail are
recomputed from the flows); a new setting's capacity in its k-th year open is
at most ``k / fill_years`` of its full size (reading 22); every place in
built adds its setting's place funding to level 3 (reading 19: a constant
for a given schedule, so it changes no flow). Without
continuing placements the years only interact through the schedule: each
year is its own block and each level is fixed year by year. With them (any
stay > 0) the years are one LP and each level is fixed on its horizon total.
The capital the schedule spends is checked against the budget after the
build-years spread (reading 18, :mod:`sufficiency_app.model.capital`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import highspy
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..model.allocation_rules import allowed_pairs, capacities
from ..model.capital import budget_problems
from ..model.codes import INDEPENDENT, TIER_RANK
from ..model.provision_settings import effective_settings
from ..model.scenario import Scenario
from ..model.travel import transport_costs
from ..present.plan_tables import finish_allocation, local_rows
from .allocation import INF, Cancelled, Interrupt, limit_run, never, new_highs
from .instance import travel_minutes

REL_FIX, ABS_FIX = 1e-6, 1e-5
WORKERS = min(4, os.cpu_count() or 1)  # blocks solved at once
GROUP = ["area_id", "need", "phase", "tier"]
LATE = "the allocation check reached its deadline"
INSIDE = LATE + " in the middle of a block of years (HiGHS's time limit stopped it)"


class Late(TimeoutError):
    """The re-check reached its deadline: before a block started, or inside one (HiGHS's own time limit)."""


@dataclass(frozen=True)
class Check:
    """The check's allocation, its level values, capacity duals per (setting, year) and budget problems.

    ``cost`` (level 3: capital + revenue + transport + place funding) is NaN
    unless all three passes ran; ``budget`` holds one sentence per year the schedule's spread
    capital breaks rule 4 (empty: within budget).
    """

    independent: float
    travel: float
    allocation: pd.DataFrame
    duals: pd.DataFrame  # setting_id, year, independent_avoided, minutes_saved
    cost: float = np.nan
    budget: tuple[str, ...] = ()
    horizon: tuple[float, float, float] = (np.nan, np.nan, np.nan)  # the levels without reading 20's tail
    funding: float = 0.0  # place funding over the horizon (reading 19), without the tail


def _transport(scenario: Scenario, pairs: pd.DataFrame) -> np.ndarray:
    """Yearly transport cost of one child of each pair (reading 17; zeros when transport is not costed)."""
    if not scenario.parameters.transport_on:
        return np.zeros(len(pairs))
    cost = transport_costs(scenario).stack()
    return cost.reindex(pd.MultiIndex.from_arrays([pairs["area_id"], pairs["setting_id"]])).to_numpy(float)


def _links(scenario: Scenario, d: pd.DataFrame) -> pd.DataFrame:
    """Reading 14: each demand row with its group's row of the year before, where the phase's stay is > 0."""
    q = d["phase"].map(scenario.parameters.stay_for)
    now = d[q > 0].reset_index(names="row")
    before = d.reset_index(names="prev").assign(year=d["year"] + 1)
    links = now.merge(before[["prev", "year", *GROUP]], on=["year", *GROUP])
    return links.assign(q=links["row"].map(q))[["row", "prev", "q"]]


def _independent_rows(scenario: Scenario, rows: pd.DataFrame, pairs: pd.DataFrame,
                      links: pd.DataFrame) -> tuple[sp.csr_matrix, np.ndarray]:
    """``A x <= b`` rows of readings 15 (required share) and 14 (continuing placements) over [pairs, u].

    ``I[r]`` (independent placements of demand row ``r``) is its ``u`` plus its flows to
    independent-kind settings; the rows are written as ``-I <= -share D`` and ``-(I[r] - q I[prev]) <= L``.
    """
    n_rows, n_pairs = len(rows), len(pairs)
    kind = (pairs["kind"] == "independent").to_numpy(float)
    ind = sp.hstack([sp.csr_matrix((kind, (pairs["local_row"], np.arange(n_pairs))), shape=(n_rows, n_pairs)),
                     sp.identity(n_rows, format="csr")]).tocsr()
    count = rows["count"].to_numpy(float)
    share = rows["need"].map(scenario.parameters.required_for).to_numpy(float)
    required = np.flatnonzero(share > 0)
    blocks, rhs = [-ind[required]], [-share[required] * count[required]]
    position = pd.Index(rows["row"])
    if len(links):
        now, prev = position.get_indexer(links["row"]), position.get_indexer(links["prev"])
        q = links["q"].to_numpy(float)
        blocks.append(-ind[now] + sp.diags(q) @ ind[prev])
        rhs.append(np.maximum(0.0, q * count[prev] - count[now]))
    return sp.vstack(blocks).tocsr(), np.concatenate(rhs)


def _solve_lp(c: np.ndarray, a_ub: sp.csr_matrix, b_ub: np.ndarray, a_eq: sp.csr_matrix, b_eq: np.ndarray,
             free: int, simplex: bool, interrupt: Interrupt | None, deadline: float = INF
             ) -> tuple[np.ndarray, float, np.ndarray]:
    """``min c x`` s.t. ``a_ub x <= b_ub``, ``a_eq x = b_eq``, ``x >= 0`` but the last ``free`` columns (free):
    the solution, its value and the duals of the ``a_ub`` rows (<= 0). A fresh HiGHS, stopped by ``interrupt``
    (:class:`.allocation.Cancelled`) when given, and at ``deadline`` (a ``time.perf_counter()`` value,
    :class:`Late`) by its time limit, so a re-check of minutes does not run on past it."""
    left = deadline - time.perf_counter()
    if left <= 0:
        raise Late(LATE)
    a = sp.vstack([a_ub, a_eq]).tocsc()
    n = a.shape[1]
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, a.shape[0]
    lp.col_cost_ = np.asarray(c, dtype=float)
    lp.col_lower_ = np.concatenate([np.zeros(n - free), np.full(free, -highspy.kHighsInf)])
    lp.col_upper_ = np.full(n, highspy.kHighsInf)
    lp.row_lower_ = np.concatenate([np.full(len(b_ub), -highspy.kHighsInf), b_eq])
    lp.row_upper_ = np.concatenate([b_ub, b_eq])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, a.shape[0]
    h = new_highs(interrupt)
    h.passModel(lp)
    h.setOptionValue("solver", "simplex" if simplex else "ipm")
    h.setOptionValue("simplex_strategy", 1)  # dual
    if deadline < INF:
        limit_run(h, left)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        # stopped on a cancel: model status kInterrupt, or an error when it came in interior point's crossover
        if interrupt is not None and interrupt.cancelled():
            raise Cancelled
        if status == highspy.HighsModelStatus.kTimeLimit or time.perf_counter() >= deadline:  # or in crossover
            raise Late(INSIDE)
        raise RuntimeError(f"the allocation check failed: {h.modelStatusToString(status)}")
    solution = h.getSolution()
    return (np.asarray(solution.col_value), float(h.getInfo().objective_function_value),
            np.asarray(solution.row_dual)[: len(b_ub)])


def _solve_block(rows: pd.DataFrame, pairs: pd.DataFrame, cap: pd.Series, extra: tuple[sp.csr_matrix, np.ndarray],
                 weights: list[tuple[np.ndarray, np.ndarray]], interrupt: Interrupt | None = None,
                 deadline: float = INF):
    """Lexicographic LP of one block of years; returns flows, outside flows, objective values, duals.

    ``cap`` is indexed by (setting_id, year); the duals are of those capacity rows. Each level is
    fixed for the next at its value plus the reading-11 tolerance: by the row ``c x <= value`` for
    one year; over several years by a column per year and level, ``z[t] = c x`` over year ``t``'s
    columns, and ``sum_t z[t] <= value``. The dense row over the whole horizon would be the same
    constraint, but it stalls HiGHS's interior point method (sample county with continuing
    placements: 164 s against 40 s), while these rows are each as dense as one year's. Level 3 of
    such a block, inside two thin level slabs, still stalls it, so dual simplex solves that one
    (sample: 24 s against 39 s). ``interrupt`` stops its solves (:class:`.allocation.Cancelled`), and so does
    ``deadline`` (:class:`Late`).
    """

    n_rows, n_pairs = len(rows), len(pairs)
    keys = pd.MultiIndex.from_arrays([pairs["setting_id"], pairs["year"]]).unique()
    s_idx = keys.get_indexer(pd.MultiIndex.from_arrays([pairs["setting_id"], pairs["year"]]))
    years = pd.Index(sorted(rows["year"].unique()))
    year_of = years.get_indexer(np.concatenate([pairs["year"].to_numpy(), rows["year"].to_numpy()]))
    n = n_pairs + n_rows
    z = (len(weights) - 1) * len(years) if len(years) > 1 else 0  # the level columns of a linked block
    placed = sp.csr_matrix((np.ones(n_pairs), (pairs["local_row"], np.arange(n_pairs))), shape=(n_rows, n_pairs))
    a_eq = sp.hstack([placed, sp.identity(n_rows, format="csr"), sp.csr_matrix((n_rows, z))]).tocsr()
    b_eq = rows["count"].to_numpy(float)
    a_ub = sp.vstack([sp.csr_matrix((np.ones(n_pairs), (s_idx, np.arange(n_pairs))), shape=(len(keys), n + z)),
                      sp.hstack([extra[0], sp.csr_matrix((extra[0].shape[0], z))])]).tocsr()
    b_ub = np.concatenate([cap.reindex(keys).to_numpy(float), extra[1]])
    values, duals = [], []
    for level, (cost_pairs, cost_out) in enumerate(weights):
        c = np.concatenate([cost_pairs, cost_out])
        x, fun, marginals = _solve_lp(np.concatenate([c, np.zeros(z)]), a_ub, b_ub, a_eq, b_eq, z,
                                     bool(z) and level == 2, interrupt, deadline)
        values.append(fun)
        duals.append(pd.Series(-marginals[: len(keys)], index=keys))
        if level == len(weights) - 1:
            break
        fix = np.zeros(n + z)
        if z:  # z[t] = c x over year t, for this level's columns
            t = np.arange(len(years))
            level_columns = sp.csr_matrix((-np.ones(len(years)), (t, level * len(years) + t)), shape=(len(years), z))
            a_eq = sp.vstack([a_eq, sp.hstack([sp.csr_matrix((c, (year_of, np.arange(n))), shape=(len(years), n)),
                                               level_columns])]).tocsr()
            b_eq = np.concatenate([b_eq, np.zeros(len(years))])
            fix[n + level * len(years) + t] = 1.0
        else:
            fix[:n] = c
        a_ub = sp.vstack([a_ub, sp.csr_matrix(fix)]).tocsr()
        b_ub = np.append(b_ub, fun * (1 + REL_FIX) + ABS_FIX)
    return x[:n_pairs], x[n_pairs:n], values, duals


def check_plan(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None,
               passes: int = 3, deadline: float | None = None, cancelled: Callable[[], bool] = never) -> Check:
    """Re-solve the allocation for ``schedule``; see the module docstring.

    ``passes=2`` skips the revenue pass (enough for the levels and the duals);
    ``passes=1`` solves level 1 only (``travel`` is then NaN).
    ``deadline`` (a ``time.perf_counter()`` value) stops the re-check there, for callers working to a
    time limit: HiGHS stops the LPs under way at it (its time limit) and no block starts after it; it
    raises :class:`Late` (a ``TimeoutError``).
    Once ``cancelled()`` is true HiGHS stops the LPs under way and no block starts: it raises
    :class:`.allocation.Cancelled`. Without it HiGHS has no callbacks at all (each poll would take
    Python's lock, and the blocks run side by side in threads).
    """
    p = scenario.parameters
    settings = effective_settings(scenario)
    settings = settings.assign(setting_id=settings["setting_id"].astype(str))
    if minutes is None:
        minutes = travel_minutes(scenario)
    cap = capacities(scenario, schedule).stack()
    d = scenario.demand.loc[:, ["year", "area_id", "need", "phase", "tier", "count"]]
    d = d.assign(area_id=d["area_id"].astype(str), count=d["count"].astype(float))
    d = d[d["year"].isin(scenario.years) & (d["count"] > 0)]
    d = d.groupby(["year", *GROUP], as_index=False)["count"].sum()
    gate = (settings["tier"] == "mainstream").any()
    local = d[(d["tier"] == "mainstream") & (not gate)]
    d = d[~d.index.isin(local.index)].reset_index(drop=True)
    pairs = allowed_pairs(scenario, d, settings, minutes)
    pairs = pairs.assign(
        independent=(pairs["kind"] == "independent").astype(float),
        travel=pairs["minutes"] + np.where(pairs["rank"] > pairs["tier"].map(TIER_RANK),
                                           p.step_up_penalty_minutes, 0.0),
        revenue=pairs["setting_id"].map(settings.set_index("setting_id")["cost_per_place"]).astype(float)
        + _transport(scenario, pairs))
    links = _links(scenario, d)
    blocks = [d] if len(links) else [rows for _, rows in d.groupby("year")]
    jobs, plain = [], []
    for rows in blocks:
        rows = rows.reset_index(names="row")
        bp = pairs[pairs["row"].isin(rows["row"])]
        bp = bp.assign(local_row=pd.Index(rows["row"]).get_indexer(bp["row"]))
        ones = np.ones(len(rows))
        weights = [(bp["independent"].to_numpy(), ones), (bp["travel"].to_numpy(), ones * p.independent_minutes),
                   (bp["revenue"].to_numpy(), ones * (p.independent_place + p.transport_cost(p.independent_km)))
                   ][:passes]
        tail = (bp["year"].map(p.year_weight).to_numpy(float), rows["year"].map(p.year_weight).to_numpy(float))
        plain.append(weights)
        jobs.append((rows, bp, cap, _independent_rows(scenario, rows, bp, links),
                     [(c * tail[0], c_out * tail[1]) for c, c_out in weights]))

    interrupt = None
    if cancelled is not never:
        interrupt = Interrupt()
        interrupt.cancelled = cancelled

    def run(job):
        if cancelled():
            raise Cancelled
        return _solve_block(*job, interrupt, INF if deadline is None else deadline)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # HiGHS releases the GIL: blocks run side by side
        solved = list(pool.map(run, jobs))
    placed, duals, total, horizon = [], [], np.zeros(3), np.zeros(3)
    for (rows, bp, *_), weights, (flow, outside, values, dual) in zip(jobs, plain, solved):
        total += np.array(values + [np.nan] * (3 - passes))
        horizon += np.array([c @ flow + c_out @ outside for c, c_out in weights] + [np.nan] * (3 - passes))
        placed.append(bp.assign(count=flow, provision_id=bp["setting_id"])[
            ["year", "area_id", "need", "phase", "tier", "provision_id", "count", "minutes"]])
        placed.append(rows.assign(provision_id=INDEPENDENT, count=outside, minutes=float(p.independent_minutes))
                      .drop(columns="row"))
        duals.append(pd.DataFrame({"setting_id": dual[0].index.get_level_values(0),
                                   "year": dual[0].index.get_level_values(1),
                                   "independent_avoided": dual[0].to_numpy(),
                                   "minutes_saved": dual[1].to_numpy() if passes > 1 else np.nan}))
    allocation = finish_allocation(placed + [local_rows(local)])
    duals_df = pd.concat(duals, ignore_index=True) if duals else pd.DataFrame(
        columns=["setting_id", "year", "independent_avoided", "minutes_saved"])
    capital = float(schedule["capital"].sum()) if len(schedule) else 0.0
    funding = _funding(scenario, schedule)
    weighted = float(sum(funding[y] * p.year_weight(y) for y in scenario.years))
    return Check(float(total[0]), float(total[1]), allocation, duals_df, float(total[2]) + capital + weighted,
                 tuple(budget_problems(scenario, schedule)),
                 (float(horizon[0]), float(horizon[1]), float(horizon[2]) + capital + float(funding.sum())),
                 float(funding.sum()))


def _funding(scenario: Scenario, schedule: pd.DataFrame) -> pd.Series:
    """Reading 19 per year: every place of the rebuilt capacities at its setting's place funding, by a join of
    the provisions' and options' cells (blank: ``[costs] place_funding`` for special and resourced settings
    other than independent schools)."""
    p = scenario.parameters
    settings = effective_settings(scenario).assign(setting_id=lambda f: f["setting_id"].astype(str))
    cells = []
    for table, key in ((scenario.provisions, "provision_id"), (scenario.options, "option_id")):
        if "place_funding" in table.columns:
            cells.append(pd.DataFrame({"setting_id": table[key].astype(str),
                                       "own": pd.to_numeric(table["place_funding"], errors="coerce")}))
    own = pd.concat(cells).dropna().drop_duplicates("setting_id") if cells else pd.DataFrame(
        columns=["setting_id", "own"])
    rate = settings.merge(own, on="setting_id", how="left")
    default = np.where(rate["kind"].isin(["special", "resource_base", "elp"]), p.place_funding, 0.0)
    rate = rate["own"].astype(float).fillna(pd.Series(default, index=rate.index)).to_numpy()
    places = capacities(scenario, schedule, filling=False).reindex(settings["setting_id"])
    return pd.Series(rate @ places.to_numpy(float), index=list(scenario.years))


def recheck(scenario: Scenario, schedule: pd.DataFrame, minutes: pd.DataFrame | None = None
            ) -> tuple[float, float, pd.DataFrame]:
    """``(independent, travel_minutes, allocation)`` of the best allocation under ``schedule``.

    ``travel_minutes`` is the level-2 value: child-minutes including step-up
    penalties and independent placements at ``independent_minutes``.
    """
    c = check_plan(scenario, schedule, minutes)
    return c.independent, c.travel, c.allocation
