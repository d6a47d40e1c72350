"""A build's schedule and its exact allocation, as exchange-format tables.

``allocate`` takes each period's lexicographic allocation (level 1 on the
coarse instance, then levels 2 and 3 on the full one, each fixed at its
optimum plus the reading-11 tolerance, as the independent re-check does)
from what the decomposition already solved at that build when it is given
(``solved``), else solves it on fresh LPs. Either way it is an exact
allocation of the build; the search that reached the build is the same for
the same inputs and options, so equal inputs give equal ``allocation.csv``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..model.codes import INDEPENDENT
from ..model.places import filled_places
from ..model.scenario import Scenario
from .allocation import INF, Duals, PeriodLP, never, release_if_large
from .instance import Instance

WORKERS = min(2, os.cpu_count() or 1)  # years allocated side by side
from ..present.plan_tables import finish_allocation, local_rows, schedule_table


def capacities(inst: Instance, Y: np.ndarray, W: np.ndarray | None = None) -> np.ndarray:
    """Places per setting and year ([settings, years]) with ``Y[o, t]`` modules built by year ``t``; an option
    filling over years (docs/model.md reading 22) has at most ``k / fill_years`` of its full size usable in its
    k-th year open (``W[o, t]``: opened by year ``t``; None: opened with its first module)."""
    cap = np.repeat(inst.setting_capacity.astype(float)[:, None], len(inst.years), axis=1)
    opened = np.cumsum(Y > 0 if W is None else W, axis=1)
    for o in range(len(inst.option_ids)):
        places = inst.option_module[o] * Y[o]
        if inst.option_fill[o] > 1:
            places = np.minimum(places, filled_places(inst.option_module[o] * inst.option_max[o], inst.option_fill[o],
                                                      opened[o]))
        cap[inst.option_setting[o]] += places
    return cap


def build_schedule(inst: Instance, scenario: Scenario, Y: np.ndarray, W: np.ndarray) -> pd.DataFrame:
    """``schedule.csv`` from cumulative modules ``Y`` and cumulative openings ``W`` ([options, years])."""
    years = np.asarray(inst.years)
    added = np.diff(Y, axis=1, prepend=0)
    opened = np.diff(W, axis=1, prepend=0)
    o, t = np.nonzero(added > 0)
    modules = pd.DataFrame({"option_id": inst.option_ids[o].astype(str), "year": years[t], "modules": added[o, t]})
    fixed = inst.option_fixed > 0
    fo, ft = np.nonzero(opened > 0)
    opening = pd.DataFrame({"option_id": inst.option_ids[fo].astype(str), "year": years[ft]})
    free = modules[~modules["option_id"].isin(inst.option_ids[fixed].astype(str))]
    free_open = free.groupby("option_id", as_index=False)["year"].min()
    openings = pd.concat([opening, free_open], ignore_index=True).drop_duplicates()  # a filling option has both
    return schedule_table(scenario, modules, openings)


@dataclass(frozen=True)
class Allocated:
    """A build's allocation table, and per period (a tuple of year indices) the level-1 LP (coarse), the
    duals of levels 1 and 2 and the full LP that solved level 2; ``used`` the places filled per setting and year."""

    table: pd.DataFrame
    level1: dict[tuple[int, ...], PeriodLP]
    duals: dict[tuple[int, ...], tuple[Duals, Duals]]
    used: np.ndarray
    level2: dict[tuple[int, ...], PeriodLP] = field(default_factory=dict)


def allocate(inst: Instance, coarse: Instance, Y: np.ndarray, minutes: pd.DataFrame,
             solved: Mapping[tuple[int, ...], object] | None = None, deadline: float = INF,
             W: np.ndarray | None = None, cancelled: Callable[[], bool] = never) -> Allocated:
    """The allocation of the build ``Y``: each period from ``solved`` (a :class:`.benders.Solved` per period,
    used where its capacities are this build's) or solved lexicographically on a fresh LP by ``deadline``
    (else :class:`.allocation.TimeUp`). Once ``cancelled()`` is true HiGHS stops their solves
    (:class:`.allocation.Cancelled`): a closed workshop does not go on allocating."""
    cap = capacities(inst, Y, W)
    solved = solved or {}
    x = np.zeros((len(inst.arc_class), len(inst.years)))
    u = np.zeros((len(inst.class_demand), len(inst.years)))
    v = np.zeros(inst.group_demand.shape) if inst.group_rules else None
    level1, duals, level2 = {}, {}, {}

    def period(ts: tuple[int, ...]) -> tuple[PeriodLP, Duals, Duals, list, list, PeriodLP]:
        kept = solved.get(ts)
        if kept is not None and np.array_equal(kept.cap, cap[:, list(ts)]):
            return kept.level1, kept.duals[0], kept.duals[1], list(kept.flows), kept.layout, kept.level2
        coarse_lp = PeriodLP(coarse, ts)
        coarse_lp.deadline, coarse_lp.interrupt.cancelled = deadline, cancelled
        least = coarse_lp.solve(0, cap[:, list(ts)])
        lp = PeriodLP(inst, ts)
        lp.deadline, lp.interrupt.cancelled = deadline, cancelled
        travel = lp.lexicographic(cap[:, list(ts)], independent=least.value)[0]
        return coarse_lp, least, travel, [lp.flows(j) for j in range(len(ts))], lp.layout, lp

    periods = [ts for ts in inst.periods if (inst.class_demand[:, list(ts)] > 0).any()]
    for ts, (coarse_lp, least, travel, flows, layout, full) in zip(periods, _each(period, periods)):
        level1[ts], duals[ts], level2[ts] = coarse_lp, (least, travel), full
        for j, t in enumerate(ts):
            placed, outside, independent = flows[j]
            y = layout[j]
            x[y.arcs, t], u[y.classes, t] = placed, outside
            if v is not None:
                v[y.groups, t] = independent
    used = np.zeros((len(inst.setting_capacity), len(inst.years)))
    np.add.at(used, inst.arc_setting, x)
    return Allocated(allocation_rows(inst, x, u, minutes, v), level1, duals, used, level2)


def _each(fn: Callable, periods: list[tuple[int, ...]]) -> list:
    """``fn`` of each period, side by side when there are several (HiGHS releases the GIL; each period is its
    own LP). One period (linked years: the horizon) runs on the caller's thread: a pool would buy nothing,
    and one started after interpreter shutdown raises. A failure (a cancel, a deadline) drops the periods
    not yet started."""
    if len(periods) < 2 or WORKERS < 2:
        return [fn(ts) for ts in periods]
    pool = ThreadPoolExecutor(max_workers=WORKERS)
    try:
        return list(pool.map(fn, periods))
    finally:
        pool.shutdown(cancel_futures=True)


class YearLPs:
    """One-year allocation LPs for year-by-year allocations (:func:`allocate_in_order`), built when first
    asked for: level 1 on the coarse instance, levels 2 and 3 on the full one. Once an allocation has been
    cut short by its deadline (a planner asked for quick plans, the workshop's) they are kept, each starting
    from the basis of the last allocation, so a workshop edit's allocation is a fraction of fresh LPs' time
    (sample: about 0.6 against 2.8 CPU-s); until then they are dropped after each allocation (the sample's
    twelve take 150 MB)."""

    def __init__(self, inst: Instance, coarse: Instance):
        self.inst, self.coarse = inst, coarse
        self._lps: dict[int, tuple[PeriodLP, PeriodLP]] = {}
        self.cut_short = False  # the last allocation on them stopped at its deadline: some are still cold
        self.keep = False
        self.cancelled: Callable[[], bool] = never  # the solve's cancel request: HiGHS then stops their solves

    def started(self) -> None:
        """An allocation begins (after one cut short, the LPs are kept from now on)."""
        self.keep = self.keep or self.cut_short
        self.cut_short = True

    def finished(self) -> None:
        self.cut_short = False
        if not self.keep:
            self._lps.clear()

    def year(self, t: int, deadline: float) -> tuple[PeriodLP, PeriodLP]:
        """Year ``t``'s (coarse, full) LPs, stopping at ``deadline`` or on a cancel (``cancelled``)."""
        if t not in self._lps:
            self._lps[t] = (PeriodLP(self.coarse, (t,)), PeriodLP(self.inst, (t,)))
        for lp in self._lps[t]:
            lp.deadline, lp.interrupt.cancelled = deadline, self.cancelled
        return self._lps[t]

    def set_revenue(self, inst: Instance) -> None:
        """New revenue or transport costs (level 3) for the kept LPs and those built later."""
        self.inst = inst
        for _, full in self._lps.values():
            full.set_revenue(inst)


def allocate_in_order(inst: Instance, coarse: Instance, Y: np.ndarray, minutes: pd.DataFrame,
                      deadline: float = INF, W: np.ndarray | None = None, lps: YearLPs | None = None) -> Allocated:
    """A feasible allocation of the build ``Y`` when the years are linked (reading 14) and the horizon's
    exact one would not fit in the time: year by year, each year's lexicographic optimum given the
    placements continuing from the years before (so readings 14-15 hold; the horizon's optimum may be
    better, never worse). One year's LP is a fraction of the horizon's (on the kept ``lps``, warm, well
    under a second for the sample's six years, against about a minute for the horizon's three levels cold;
    fresh LPs if None). A class's independent placements are shared between its groups by one rule
    (:func:`_independent_by_group`), not as the LP's basis left them, so the next year's floors do not
    depend on which LPs were used. No duals: explanations need the exact allocation."""
    lps = lps or YearLPs(inst, coarse)
    lps.started()
    cap = capacities(inst, Y, W)
    x = np.zeros((len(inst.arc_class), len(inst.years)))
    u = np.zeros((len(inst.class_demand), len(inst.years)))
    v = np.zeros(inst.group_demand.shape)
    floor = np.zeros(len(inst.group_demand))
    for t in range(len(inst.years)):
        if t:  # stay rows: v[g,t] >= q v[g,t-1] - max(0, q D[g,t-1] - D[g,t])
            q, d = inst.group_stay, inst.group_demand
            floor = q * v[:, t - 1] - np.maximum(0.0, q * d[:, t - 1] - d[:, t])
        if not (inst.class_demand[:, t] > 0).any():
            continue
        least, lp = lps.year(t, deadline)
        least.hold_independent(floor)
        lp.hold_independent(floor)
        lp.lexicographic(cap[:, [t]], independent=least.solve(0, cap[:, [t]]).value)
        y = lp.layout[0]
        x[y.arcs, t], u[y.classes, t], _ = lp.flows(0)
        v[:, t] = _independent_by_group(inst, t, x[:, t], u[:, t], floor)
        release_if_large(lp.n_cols * len(inst.years), least, lp)  # the years' LPs together: one state at a time
    lps.finished()
    used = np.zeros((len(inst.setting_capacity), len(inst.years)))
    np.add.at(used, inst.arc_setting, x)
    return Allocated(allocation_rows(inst, x, u, minutes, v), {}, {}, used)


def _independent_by_group(inst: Instance, t: int, x: np.ndarray, u: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Year ``t``'s independent placements per group from its classes' flows ``x`` and ``u``: each group its
    least (the required share or the continuing ``floor``) plus one share, the same within a class, of
    what it could take beyond that. Any split keeping the bounds is as good in year ``t`` (only a class's
    total costs anything); this one does not depend on the LP's basis."""
    d = inst.group_demand[:, t]
    least = np.minimum(np.maximum(inst.group_required * d, floor), d)
    independent = inst.setting_independent[inst.arc_setting]
    total = u.copy()
    np.add.at(total, inst.arc_class[independent], x[independent])
    low, room = np.zeros(len(total)), np.zeros(len(total))
    np.add.at(low, inst.group_class, least)
    np.add.at(room, inst.group_class, d - least)
    share = np.clip(np.divide(total - low, room, out=np.zeros(len(total)), where=room > 0), 0.0, 1.0)
    return least + share[inst.group_class] * (d - least)


def allocation_rows(inst: Instance, x: np.ndarray, u: np.ndarray, minutes: pd.DataFrame,
                    v: np.ndarray | None = None) -> pd.DataFrame:
    """Class flows ``x`` [arcs, years] and ``u`` [classes, years] split back to groups.

    All groups of a class are alike in every level (see :mod:`.instance`), so
    any split that gives each group its demand is an optimal group
    allocation: pro rata to demand, or, when the LP kept each group's
    independent placements ``v`` [groups, years] (readings 14-15), the
    class's independent flows pro rata to ``v`` and the others to ``D - v``.
    Journeys are looked up per group.
    """
    years = np.asarray(inst.years)
    sid = inst.settings["setting_id"].astype(str).to_numpy()
    members = pd.DataFrame({"group": np.arange(len(inst.groups)), "cls": inst.group_class})
    a, t = np.nonzero(x > 1e-9)
    c, tu = np.nonzero(u > 1e-9)
    f = pd.DataFrame({"cls": np.r_[inst.arc_class[a], c], "t": np.r_[t, tu], "count": np.r_[x[a, t], u[c, tu]],
                      "s": np.r_[inst.arc_setting[a], np.full(len(c), -1)]})
    f = f.merge(members, on="cls")
    group, year = f["group"].to_numpy(), f["t"].to_numpy()
    if v is None:
        share = _shares(inst, inst.group_demand)[group, year]
    else:
        s = f["s"].to_numpy()
        independent = (s < 0) | inst.setting_independent[np.maximum(s, 0)]
        share = np.where(independent, _shares(inst, v)[group, year],
                         _shares(inst, np.maximum(inst.group_demand - v, 0.0))[group, year])
    f["count"] = f["count"].to_numpy() * share
    g = inst.groups.iloc[f["group"].to_numpy()].reset_index(drop=True)
    s = f["s"].to_numpy()
    matrix = minutes.set_axis(minutes.index.astype(str), axis=0).reindex(index=g["area_id"].unique(), columns=sid)
    rows = matrix.index.get_indexer(g["area_id"])
    f["provision_id"] = np.where(s >= 0, sid[np.maximum(s, 0)], INDEPENDENT)
    f["minutes"] = np.where(s >= 0, matrix.to_numpy(dtype=float)[rows, np.maximum(s, 0)],
                            float(inst.parameters.independent_minutes))
    placed = pd.concat([g, f.reset_index(drop=True)[["count", "provision_id", "minutes"]]], axis=1)
    placed["year"] = years[f["t"].to_numpy()]
    return finish_allocation([placed, local_rows(inst.local)])


def _shares(inst: Instance, amount: np.ndarray) -> np.ndarray:
    """Each group's part of its class's ``amount`` [groups, years]."""
    total = np.zeros((len(inst.class_demand), amount.shape[1]))
    np.add.at(total, inst.group_class, amount)
    whole = total[inst.group_class]
    return np.divide(amount, whole, out=np.zeros_like(amount, dtype=float), where=whole > 0)
