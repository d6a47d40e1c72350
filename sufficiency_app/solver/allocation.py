"""One year's allocation LP, built once in HiGHS and re-solved warm.

With the build decisions fixed, each year is a transportation LP over the
instance's classes (planning-model rules 1-3)::

    min   sum_arcs x * cost + sum_c u[c] * cost_u
    s.t.  sum_s x[c,s] + u[c] = D[c]                      (demand rows, one per class)
          sum_c x[c,s] <= cap[s]                          (capacity rows, one per setting)
          sum_c u[c] + sum_{s independent} x[c,s] <= b    (independent row: level 1 so far)
          sum travel * x + independent_minutes * u <= a   (travel row: level 2 so far)

The level costs are 1 (level 1: independent placements), minutes plus the
step-up penalty (level 2) and revenue per place (level 3). Capacities,
demand and the two level rows are right-hand sides, so the decomposition
(:mod:`.benders`), the final allocation and stress tests change only those
and HiGHS re-solves from the last basis (dual simplex).

The row duals of an optimal solve are dual feasible whatever the right-hand
sides, so ``value >= demand . pi + cap . lam + b . mu_b + a . mu_a`` holds
for every right-hand side (weak duality): these are the Benders cuts.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from .instance import Instance

INF = highspy.kHighsInf
LEVEL_COUNT = 3
REL_FIX, ABS_FIX = 1e-6, 1e-5


@dataclass(frozen=True)
class Duals:
    """Row duals of one solve: demand ``pi`` per active class, capacity ``lam`` per setting, level rows."""

    value: float
    pi: np.ndarray
    lam: np.ndarray
    mu_independent: float
    mu_travel: float

    def bound(self, demand: np.ndarray, cap: np.ndarray, independent: float = 0.0, travel: float = 0.0) -> float:
        """The lower bound these duals give at other right-hand sides (``demand`` of the active classes)."""
        return float(self.pi @ demand + self.lam @ cap + self.mu_independent * independent + self.mu_travel * travel)


def new_highs() -> highspy.Highs:
    """A quiet, single-threaded, deterministic HiGHS."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    return h


class YearLP:
    """The allocation LP of year ``t`` of ``inst`` over the classes with demand that year."""

    def __init__(self, inst: Instance, t: int, demand: np.ndarray | None = None):
        d = inst.class_demand[:, t] if demand is None else demand
        self.inst, self.t = inst, t
        self.classes = np.flatnonzero(d > 0)
        pos = np.full(len(d), -1)
        pos[self.classes] = np.arange(len(self.classes))
        keep = pos[inst.arc_class] >= 0
        self.arcs = np.flatnonzero(keep)
        arc_c, arc_s = pos[inst.arc_class[keep]], inst.arc_setting[keep]
        nx, nu, ns = len(self.arcs), len(self.classes), len(inst.setting_capacity)
        self.nx, self.nu, self.ns = nx, nu, ns
        independent_arc = inst.setting_independent[arc_s].astype(float)
        p = inst.scenario.parameters
        travel = inst.arc_minutes[self.arcs] + inst.arc_penalty[self.arcs]
        self.costs = [
            np.r_[independent_arc, np.ones(nu)],
            np.r_[travel, np.full(nu, float(p.independent_minutes))],
            np.r_[inst.setting_cost[arc_s], np.full(nu, float(p.independent_place))],
        ]
        self._arc_setting = arc_s
        # rows: demand (nu), capacity (ns), independent (1), travel (1)
        r_ind, r_trav = nu + ns, nu + ns + 1
        rows = np.r_[arc_c, np.arange(nu), nu + arc_s, np.full(nx + nu, r_ind), np.full(nx + nu, r_trav)]
        cols = np.r_[np.arange(nx), nx + np.arange(nu), np.arange(nx), np.arange(nx + nu), np.arange(nx + nu)]
        vals = np.r_[np.ones(nx + nu), np.ones(nx), self.costs[0], self.costs[1]]
        keep_entry = vals != 0
        a = sparse.csc_matrix((vals[keep_entry], (rows[keep_entry], cols[keep_entry])), shape=(nu + ns + 2, nx + nu))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = nx + nu, nu + ns + 2
        lp.col_cost_ = self.costs[0]
        lp.col_lower_, lp.col_upper_ = np.zeros(nx + nu), np.full(nx + nu, INF)
        demand_now = d[self.classes].astype(float)
        lp.row_lower_ = np.r_[demand_now, np.full(ns + 2, -INF)]
        lp.row_upper_ = np.r_[demand_now, inst.setting_capacity.astype(float), INF, INF]
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = nx + nu, nu + ns + 2
        self.h = new_highs()
        self.h.passModel(lp)
        self.demand = demand_now
        self._level = 0
        self._cold = True
        self._cap_index = np.arange(nu, nu + ns, dtype=np.int32)

    def set_revenue(self, inst: Instance) -> None:
        """New revenue costs per place (level 3); the next level-3 solve uses them."""
        nu = self.nu
        self.costs[2] = np.r_[inst.setting_cost[self._arc_setting],
                              np.full(nu, float(inst.scenario.parameters.independent_place))]
        self._level = -1

    def set_demand(self, demand: np.ndarray) -> None:
        """New demand of the active classes (same classes; a class without demand gets 0)."""
        self.demand = np.asarray(demand, dtype=float)
        idx = np.arange(self.nu, dtype=np.int32)
        self.h.changeRowsBounds(self.nu, idx, self.demand, self.demand)

    def solve(self, level: int, cap: np.ndarray, independent: float = INF, travel: float = INF,
              primal: bool = False) -> Duals:
        """Minimise level ``level`` (0, 1, 2) with capacities ``cap`` and the level rows' limits.

        ``primal=True`` when the last solution stays feasible (a later level with
        the earlier one fixed at its value): primal simplex carries on from it,
        100-200 times faster than dual simplex there (0.02 s against 4.6 s on a
        sample year), while dual simplex is the right one after right-hand sides move.
        """
        h = self.h
        # A cold solve by interior point (with crossover, so later solves start from its basis): 10 times
        # faster than simplex on the degenerate level-1 LPs (0.27 s against 2.8 s on a Kent-size year).
        h.setOptionValue("solver", "ipm" if self._cold else "simplex")
        self._cold = False
        h.setOptionValue("simplex_strategy", 4 if primal else 1)
        if level != self._level:
            h.changeColsCost(self.nx + self.nu, np.arange(self.nx + self.nu, dtype=np.int32), self.costs[level])
            self._level = level
        h.changeRowsBounds(self.ns, self._cap_index, np.full(self.ns, -INF), np.asarray(cap, dtype=float))
        r = self.nu + self.ns
        h.changeRowsBounds(2, np.array([r, r + 1], dtype=np.int32), np.full(2, -INF),
                           np.array([independent, travel], dtype=float))
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"allocation LP of year {self.t} ended {h.modelStatusToString(status)}")
        sol = h.getSolution()
        dual = np.asarray(sol.row_dual)
        value = float(h.getInfo().objective_function_value)
        lam = np.minimum(dual[self.nu:r], 0.0)
        return Duals(value, dual[: self.nu].copy(), lam, min(float(dual[r]), 0.0), min(float(dual[r + 1]), 0.0))

    def flows(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x per kept arc, u per active class)`` of the last solve."""
        v = np.asarray(self.h.getSolution().col_value)
        return np.maximum(v[: self.nx], 0.0), np.maximum(v[self.nx:], 0.0)

    def lexicographic(self, cap: np.ndarray, independent: float | None = None,
                      levels: int = LEVEL_COUNT) -> list[Duals]:
        """Levels 1..``levels`` in turn, each fixed at :func:`fix_limit` of its value (reading 11).

        ``independent``: level 1's value when already known (from the coarse
        instance, 20 times faster), so the first solve here is level 2.
        """
        limits = [INF, INF]
        duals: list[Duals] = []
        first = 0
        if independent is not None:
            limits[0], first = fix_limit(independent), 1
        for level in range(first, levels):
            d = self.solve(level, cap, *limits, primal=level > first)
            duals.append(d)
            if level < 2:
                limits[level] = fix_limit(d.value)
        return duals


def fix_limit(value: float) -> float:
    """A level's optimum as a limit for the next: ``value * (1 + 1e-6) + 1e-5`` (reading 11)."""
    return value * (1 + REL_FIX) + ABS_FIX
