"""The allocation LP of a period (one year, or every year when placements continue), built once in HiGHS.

With the build decisions fixed, the allocation is a transportation LP over
the instance's classes (docs/model.md rules 1-3). Years are independent,
so a period is normally one year; when independent placements continue
(reading 14) the years are linked and the period is the whole horizon::

    min   sum_arcs x * cost + sum_c u[c] * cost_u
    s.t.  sum_s x[c,s,t] + u[c,t] = D[c,t]                      (demand rows)
          sum_c x[c,s,t] <= cap[s,t]                            (capacity rows)
          u[c,t] + sum_{s independent} x[c,s,t] = sum_g v[g,t]  (link rows, readings 14-15 only)
          v[g,t] - q[g] v[g,t-1] >= -max(0, q D[g,t-1] - D[g,t]) (stay rows, reading 14)
          share[g] D[g,t] <= v[g,t] <= D[g,t]                   (bounds, reading 15)
          sum_t (sum_c u + sum_{s independent} x) <= b          (independent row: level 1 so far)
          sum_t (travel * x + independent_minutes * u) <= a     (travel row: level 2 so far)

``v[g,t]`` are a group's independent placements. The groups of a class are
alike in every level, so splitting the class's independent and other
placements between its groups by ``v`` is exact. The level costs are 1
(independent placements), minutes plus the step-up penalty (travel) and
revenue plus transport per child (cost), each times its year's weight
(docs/model.md reading 20: the last year counts 1 + tail_years times). Capacities and the two level rows
are right-hand sides, so the decomposition (:mod:`.benders`) and the final
allocation change only those, and HiGHS re-solves from the last basis.

The row duals of an optimal solve are dual feasible whatever the right-hand
sides, so ``value + lam . (cap' - cap) + mu_b (b' - b) + mu_a (a' - a)`` is a
lower bound on the value at every other right-hand side (weak duality):
these are the Benders cuts.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from .instance import Instance
from .levels import LEVELS

INF = highspy.kHighsInf
LEVEL_COUNT = len(LEVELS)
FIXED = LEVEL_COUNT - 1  # levels fixed by a level row for the later ones (all but the last)
REL_FIX, ABS_FIX = 1e-6, 1e-5
# LPs of more columns than this (one, or the one-year LPs together) are released when their solver state would
# sit idle beside another's (:meth:`PeriodLP.release`): Kent v2's horizon LP (771,000) and one-year LPs (1.1
# million) would hold 420 and 700 MB; the sample's (134,000 and 181,000) and 300 areas' keep theirs
KEPT_COLUMNS = 500_000


class TimeUp(Exception):
    """An LP reached the solve's deadline before its optimum (the caller ends the phase on time)."""


class Cancelled(TimeUp):
    """An LP stopped by a cancel request (:class:`Interrupt`). A kind of :class:`TimeUp`, so every phase ends
    as on time, with nothing from the stopped solve (no value, duals or cut); the planner then sees the
    request and returns its cancelled plan."""


def never() -> bool:
    """No cancel request (the default of every :class:`Interrupt`)."""
    return False


class Interrupt:
    """A cancel request for one HiGHS instance: HiGHS asks it at every simplex and interior-point iteration
    and between branch-and-bound steps, and stops once ``cancelled()`` is true (model status ``kInterrupt``;
    an error status when it came in interior point's crossover). The instance's callbacks hold this, not
    its owner, so dropping an LP frees its HiGHS at once (no reference cycle)."""

    def __init__(self) -> None:
        self.cancelled: Callable[[], bool] = never

    def __call__(self, event: highspy.highs.HighsCallbackEvent) -> None:
        # set either way: HiGHS 1.16 never clears the flag, so once set every later solve of the instance
        # would stop at its first check (a kept planner's masters after a cancel, each then unproven)
        event.interrupt(self.cancelled())


def release_if_large(columns: int, *lps: PeriodLP) -> None:
    """Release ``lps`` (:meth:`PeriodLP.release`) when ``columns``, those of the LPs whose solver states would
    otherwise sit side by side, are more than ``KEPT_COLUMNS``: the one size rule for every such release."""
    if columns > KEPT_COLUMNS:
        for lp in lps:
            lp.release()


@dataclass(frozen=True)
class Duals:
    """One solve's value, capacity duals ``lam`` [settings, period years] and the level rows' duals ``mu``
    (one per earlier level, 0 where its row was free), with its right-hand sides."""

    value: float
    lam: np.ndarray
    mu: tuple[float, ...]
    cap: np.ndarray
    limits: tuple[float, ...]
    omega: np.ndarray | None = None  # [settings, period years]: duals of the opening links, summed by setting
    opened: np.ndarray | None = None

    def bound(self, cap: np.ndarray, *limits: float, opened: np.ndarray | None = None) -> float:
        """The lower bound these duals give at capacities ``cap``, level-row limits ``limits`` (0 if absent)
        and openings ``opened`` (those of the solve if None)."""
        out = self.value + float(np.sum(self.lam * (np.reshape(cap, self.lam.shape) - self.cap)))
        if opened is not None and self.omega is not None:
            out += float(np.sum(self.omega * (np.reshape(opened, self.omega.shape) - self.opened)))
        for mu, limit, here in zip(self.mu, limits + (0.0,) * len(self.mu), self.limits):
            if mu:
                out += mu * (limit - here)
        return out


_quiet = False  # has HiGHS printed (and been kept from printing) its once-per-process banner yet?


def _first_highs() -> highspy.Highs:
    """The first HiGHS of the process with its start-up banner sent nowhere (it ignores ``output_flag``)."""
    global _quiet
    sys.stdout.flush()
    saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved), os.close(null)
        _quiet = True


# Presolve's search for dependent equations stops when a clock says it would take over 1% of the time
# limit (at least 1 s), so whether it runs to its end depends on how busy the machine is; it is off.
DEPENDENT_EQUATIONS_RULE = 1 << 10  # HiGHS's kPresolveRuleDependentEquations


def new_highs(interrupt: Interrupt | None = None) -> highspy.Highs:
    """A quiet, single-threaded HiGHS whose every step depends on its inputs only, never on the clock,
    stopped by ``interrupt`` when given (its simplex, interior-point and MIP interrupt callbacks)."""
    h = highspy.Highs() if _quiet else _first_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("presolve_rule_off", DEPENDENT_EQUATIONS_RULE)
    if interrupt is not None:
        for callback in (h.cbSimplexInterrupt, h.cbIpmInterrupt, h.cbMipInterrupt):
            callback.subscribe(interrupt)
    return h


def limit_run(h: highspy.Highs, seconds: float, mip: bool = False) -> None:
    """Let the next ``h.run()`` take at most ``seconds``.

    HiGHS compares an LP's ``time_limit`` with the instance's run time summed over
    every earlier ``run()`` (a MIP's with that run's own), so a kept LP re-solved
    for minutes would otherwise stop at once, and earlier the busier the machine.
    """
    h.setOptionValue("time_limit", float(seconds if mip else h.getRunTime() + seconds))


@dataclass(frozen=True)
class _Year:
    """Where one year's variables sit: active arcs, classes and groups, and their first columns."""

    arcs: np.ndarray
    classes: np.ndarray
    groups: np.ndarray
    x0: int
    u0: int
    v0: int


class PeriodLP:
    """The allocation LP of year indices ``years`` of ``inst`` over the classes with demand."""

    def __init__(self, inst: Instance, years: tuple[int, ...]):
        self.inst, self.years = inst, tuple(years)
        p = inst.parameters
        ns = len(inst.setting_capacity)
        rules = inst.group_rules
        self.ns, self.n_years = ns, len(self.years)
        layout, col = [], 0
        for t in self.years:
            classes = np.flatnonzero(inst.class_demand[:, t] > 0)
            arcs = np.flatnonzero(np.isin(inst.arc_class, classes))
            groups = np.flatnonzero(inst.group_demand[:, t] > 0) if rules else np.zeros(0, dtype=int)
            layout.append(_Year(arcs, classes, groups, col, col + len(arcs), col + len(arcs) + len(classes)))
            col += len(arcs) + len(classes) + len(groups)
        self.layout = layout
        n = col
        rows, cols, vals = [], [], []
        lower, upper = [], []
        costs = [np.zeros(n), np.zeros(n), np.zeros(n)]
        col_lower, col_upper = np.zeros(n), np.full(n, INF)
        r = 0

        def block(row_ids, col_ids, values) -> None:
            rows.append(np.asarray(row_ids)), cols.append(np.asarray(col_ids)), vals.append(np.asarray(values, float))

        self._cap_rows = np.zeros((ns, self.n_years), dtype=np.int32)
        for j, (t, y) in enumerate(zip(self.years, layout)):
            pos = np.full(len(inst.class_demand), -1)
            pos[y.classes] = np.arange(len(y.classes))
            arc_c, arc_s = pos[inst.arc_class[y.arcs]], inst.arc_setting[y.arcs]
            xs, us = y.x0 + np.arange(len(y.arcs)), y.u0 + np.arange(len(y.classes))
            independent_arc = inst.setting_independent[arc_s].astype(float)
            w = p.year_weight(inst.years[t])  # the last year counts 1 + tail_years times (reading 20)
            costs[0][xs], costs[0][us] = independent_arc * w, w
            costs[1][xs] = (inst.arc_minutes[y.arcs] + inst.arc_penalty[y.arcs]) * w
            costs[1][us] = float(p.independent_minutes) * w
            # demand rows
            block(r + arc_c, xs, np.ones(len(xs))), block(r + np.arange(len(us)), us, np.ones(len(us)))
            demand = inst.class_demand[y.classes, t].astype(float)
            lower.append(demand), upper.append(demand)
            r += len(us)
            # capacity rows
            block(r + arc_s, xs, np.ones(len(xs)))
            self._cap_rows[:, j] = r + np.arange(ns)
            lower.append(np.full(ns, -INF)), upper.append(inst.setting_capacity.astype(float))
            r += ns
            if rules:  # link rows: a class's independent placements are its groups' v
                vs = y.v0 + np.arange(len(y.groups))
                block(r + arc_c[independent_arc > 0], xs[independent_arc > 0], np.ones(int(independent_arc.sum())))
                block(r + np.arange(len(us)), us, np.ones(len(us)))
                block(r + pos[inst.group_class[y.groups]], vs, -np.ones(len(vs)))
                lower.append(np.zeros(len(us))), upper.append(np.zeros(len(us)))
                r += len(us)
                d = inst.group_demand[y.groups, t]
                col_lower[vs], col_upper[vs] = inst.group_required[y.groups] * d, d
        # opening links: a child goes to a setting that only an option's opening creates at most as it is open,
        # x <= D * open (redundant at whole openings, strong in the master's LP: the facility-location rows).
        # Only where the setting's places could exceed the children who can reach it: elsewhere its capacity
        # row can bind and its dual says what opening it is worth (Kent size: 42 rows against 212,623)
        links = inst.opened_by_option
        most = inst.setting_capacity.astype(float).copy()
        np.add.at(most, inst.option_setting, inst.option_module * inst.option_max)
        link_rows, link_setting, link_year, link_demand = [], [], [], []
        for j, (t, y) in enumerate(zip(self.years, layout)):
            reach = np.zeros(ns)
            np.add.at(reach, inst.arc_setting[y.arcs], inst.class_demand[inst.arc_class[y.arcs], t])
            arcs = np.flatnonzero((links & (most >= reach))[inst.arc_setting[y.arcs]])
            if not len(arcs):
                continue
            block(r + np.arange(len(arcs)), y.x0 + arcs, np.ones(len(arcs)))
            d = inst.class_demand[inst.arc_class[y.arcs[arcs]], t].astype(float)
            lower.append(np.full(len(arcs), -INF)), upper.append(d)
            link_rows.append(r + np.arange(len(arcs))), link_setting.append(inst.arc_setting[y.arcs[arcs]])
            link_year.append(np.full(len(arcs), j)), link_demand.append(d)
            r += len(arcs)
        join = (lambda parts, kind: np.concatenate(parts).astype(kind) if parts else np.zeros(0, dtype=kind))
        self._link_rows, self._link_setting = join(link_rows, np.int32), join(link_setting, int)
        self._link_year, self._link_demand = join(link_year, int), join(link_demand, float)
        if rules and self.n_years > 1:  # stay rows (reading 14)
            for j in range(1, self.n_years):
                before, now = layout[j - 1], layout[j]
                t, q = self.years[j], inst.group_stay
                both = np.intersect1d(before.groups, now.groups)
                both = both[q[both] > 0]
                if not len(both):
                    continue
                prev = before.v0 + np.searchsorted(before.groups, both)
                cur = now.v0 + np.searchsorted(now.groups, both)
                k = np.arange(len(both))
                block(r + k, cur, np.ones(len(both))), block(r + k, prev, -q[both])
                lower.append(-np.maximum(0.0, q[both] * inst.group_demand[both, t - 1] - inst.group_demand[both, t]))
                upper.append(np.full(len(both), INF))
                r += len(both)
        costs[2] = self._level3_costs(inst)
        self._vectors = dict(zip(("independent", "travel", "cost"), costs))
        self.costs = [self._vectors[lv.cost] for lv in LEVELS]  # by level
        self._level_rows = r + np.arange(FIXED, dtype=np.int32)  # each earlier level's value at most its limit
        for level in range(FIXED):
            nz = np.flatnonzero(self.costs[level])
            block(np.full(len(nz), r + level), nz, self.costs[level][nz])
        lower.append(np.full(FIXED, -INF)), upper.append(np.full(FIXED, INF))
        r += FIXED
        a = sparse.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, n))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, r
        lp.col_cost_ = self.costs[0]
        lp.col_lower_, lp.col_upper_ = col_lower, col_upper
        lp.row_lower_, lp.row_upper_ = np.concatenate(lower), np.concatenate(upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, r
        self.n_cols = n
        self.interrupt = Interrupt()  # its ``cancelled``: the solve's cancel request (a solve then raises Cancelled)
        self.h = new_highs(self.interrupt)
        self.h.passModel(lp)
        self._level = 0
        self._cold = True
        self._bases: dict[int, highspy.HighsBasis] = {}  # each level's last optimal basis, saved at a switch
        self._x: np.ndarray | None = None  # the last solve's column values, fetched once (a list of every column)
        self._year_of = np.repeat(np.arange(self.n_years), [y.v0 + len(y.groups) - y.x0 for y in layout])
        self.deadline = INF  # a ``time.perf_counter()`` value: a solve still running then raises TimeUp
        self._cap_index = self._cap_rows.T.ravel()

    def start_from(self, other: PeriodLP) -> None:
        """Start the next solve from ``other``'s last basis (an LP of the same classes, arcs and years: the
        same instance, or one a workshop edit of costs or budgets left alike).

        A linked period's level-3 copy takes level 2's optimum this way and goes on by primal simplex
        (0.2-0.6 s on the sample) instead of a cold interior-point solve of its own (43 s).
        """
        if (other.years, other.n_cols, other.h.getNumRow()) != (self.years, self.n_cols, self.h.getNumRow()):
            raise ValueError("a basis can only pass between LPs of the same classes, arcs and years")
        self.h.setBasis(other.h.getBasis())
        self._bases.clear()
        self._cold = False

    def basis(self) -> highspy.HighsBasis:
        """The last solve's basis, to start later solves of the same level from (:meth:`restart`)."""
        return self.h.getBasis()

    def restart(self, basis: highspy.HighsBasis) -> None:
        """Start the next solve from ``basis``, one of :meth:`basis`'s at the level solved next: the
        explanations start each option's solve from the plan's, not from the option before's."""
        self.h.setBasis(basis)

    def release(self) -> None:
        """Free HiGHS's solver state, keeping the model as it stands and the last basis, which the next solve
        goes on from (by another path than the kept state would take: its factors and pricing weights are new).

        ``clearSolver`` frees almost none of it; a new HiGHS frees it all. At Kent size (v2) a solved one-year
        LP holds 35-100 MB more than its model (5-10 MB), the horizon's 210 (coarse) or about 420 MB (full).
        """
        basis = None if self._cold else self.h.getBasis()
        model = self.h.getLp()
        self.h = new_highs(self.interrupt)
        self.h.passModel(model)
        if basis is not None:
            self.h.setBasis(basis)

    def hold_independent(self, floor: np.ndarray) -> None:
        """Each group's independent placements at least ``floor`` [the instance's groups] as well as its
        required share (a one-year LP: the placements continuing from the years before, reading 14)."""
        y = self.layout[0]
        d = self.inst.group_demand[y.groups, self.years[0]]
        lower = np.minimum(np.maximum(self.inst.group_required[y.groups] * d, floor[y.groups]), d)
        self.h.changeColsBounds(len(y.groups), (y.v0 + np.arange(len(y.groups))).astype(np.int32), lower, d)

    @property
    def size(self) -> int:
        """Columns of the LP (the benchmark's allocation variables)."""
        return self.n_cols

    def set_revenue(self, inst: Instance) -> None:
        """New revenue and transport costs per child (level 3); the next level-3 solve uses them.

        Only the last level may cost revenue: the earlier ones' level rows hold their cost vectors."""
        self._vectors["cost"][:] = self._level3_costs(inst)
        self._level = -1

    def _level3_costs(self, inst: Instance) -> np.ndarray:
        p = inst.parameters
        cost = np.zeros(sum(len(y.arcs) + len(y.classes) + len(y.groups) for y in self.layout))
        for t, y in zip(self.years, self.layout):
            arc_s, w = inst.arc_setting[y.arcs], p.year_weight(inst.years[t])
            cost[y.x0 + np.arange(len(y.arcs))] = (inst.setting_cost[arc_s] + inst.arc_transport[y.arcs]) * w
            cost[y.u0 + np.arange(len(y.classes))] = (float(p.independent_place) + inst.independent_transport) * w
        return cost

    def solve(self, level: int, cap: np.ndarray, *limits: float, primal: bool = False,
              opened: np.ndarray | None = None) -> Duals:
        """Minimise level ``level`` with capacities ``cap`` ([settings] or [settings, years]) and each
        earlier level's value at most its ``limits`` entry (none given: free).

        ``opened`` ([settings, years], 0..1): how far each setting an option opens is open, for the
        opening links (None: all open, which at a whole build changes nothing: capacity 0 keeps a
        closed setting empty).

        ``primal=True`` when the last solution stays feasible (a later level with
        the earlier one fixed at its value): primal simplex carries on from it,
        100-200 times faster than dual simplex there (0.02 s against 4.6 s on a
        sample year), while dual simplex is the right one after right-hand sides move.
        """
        h, self._x = self.h, None
        cap = np.reshape(np.asarray(cap, dtype=float), (self.ns, self.n_years))
        # A cold solve by interior point (with crossover, so later solves start from its basis): 10 times
        # faster than simplex on the degenerate level-1 LPs (0.27 s against 2.8 s on a Kent-size year).
        h.setOptionValue("solver", "ipm" if self._cold else "simplex")
        self._cold = False
        h.setOptionValue("simplex_strategy", 4 if primal else 1)
        if level != self._level:
            # Going back to a level (a new build after a later level's solve): its own last basis is dual
            # feasible for its costs, so dual simplex goes on from it; the later level's is not (a linked
            # horizon LP's travel solve from the cost level's basis took up to 10 s on the sample)
            if self._level >= 0:
                self._bases[self._level] = h.getBasis()
            if not primal and level in self._bases:
                h.setBasis(self._bases.pop(level))
            h.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), self.costs[level])
            self._level = level
        n_cap = len(self._cap_index)
        h.changeRowsBounds(n_cap, self._cap_index, np.full(n_cap, -INF), cap.T.ravel())
        limits = tuple(float(v) for v in limits) + (INF,) * (FIXED - len(limits))
        opened = np.ones((self.ns, self.n_years)) if opened is None else np.reshape(opened, (self.ns, self.n_years))
        if len(self._link_rows):
            rhs = self._link_demand * opened[self._link_setting, self._link_year]
            h.changeRowsBounds(len(rhs), self._link_rows, np.full(len(rhs), -INF), rhs)
        h.changeRowsBounds(FIXED, self._level_rows, np.full(FIXED, -INF), np.array(limits, dtype=float))
        if self.interrupt.cancelled():
            raise Cancelled
        left = self.deadline - time.perf_counter()
        if left <= 0:
            raise TimeUp
        limit_run(h, left)
        h.run()
        status = h.getModelStatus()
        # stopped on a cancel: model status kInterrupt, or an error when it came in interior point's crossover
        cancelled = status != highspy.HighsModelStatus.kOptimal and self.interrupt.cancelled()
        if cancelled or status == highspy.HighsModelStatus.kTimeLimit:
            self._cold = True  # no basis worth keeping: the next solve starts afresh
            self._bases.clear()
            raise Cancelled if cancelled else TimeUp
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"allocation LP of years {self.years} ended {h.modelStatusToString(status)}")
        solution = h.getSolution()
        self._x, dual = np.asarray(solution.col_value), np.asarray(solution.row_dual)
        value = float(h.getInfo().objective_function_value)
        lam = np.minimum(dual[self._cap_rows], 0.0)
        mu = np.minimum(dual[self._level_rows], 0.0)
        omega = np.zeros((self.ns, self.n_years))
        np.add.at(omega, (self._link_setting, self._link_year),
                  np.minimum(dual[self._link_rows], 0.0) * self._link_demand)
        return Duals(value, lam, tuple(float(m) if b < INF else 0.0 for m, b in zip(mu, limits)), cap, limits,
                     omega, opened)

    def year_values(self) -> np.ndarray:
        """[level, year of the period]: each level's cost of the last solution, year by year."""
        x = self._solution()
        return np.stack([np.bincount(self._year_of, cost * x, self.n_years) for cost in self.costs])

    def _solution(self) -> np.ndarray:
        if self._x is None:
            raise RuntimeError("no solution: the last solve of this LP did not finish")
        return self._x

    def flows(self, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(x per arc, u per class, v per group)`` of the period's ``j``-th year in the last solve."""
        y = self.layout[j]
        v = self._solution()
        return (np.maximum(v[y.x0:y.u0], 0.0), np.maximum(v[y.u0:y.v0], 0.0),
                np.maximum(v[y.v0:y.v0 + len(y.groups)], 0.0))

    def lexicographic(self, cap: np.ndarray, independent: float | None = None,
                      levels: int = LEVEL_COUNT) -> list[Duals]:
        """Levels 1..``levels`` in turn, each fixed at :func:`fix_limit` of its value (reading 11).

        ``independent``: level 1's value when already known (from the coarse
        instance, 20 times faster), so the first solve here is level 2.
        """
        limits: list[float] = []
        duals: list[Duals] = []
        first = 0
        if independent is not None:
            limits, first = [fix_limit(independent)], 1
        for level in range(first, levels):
            d = self.solve(level, cap, *limits, primal=level > first)
            duals.append(d)
            limits.append(fix_limit(d.value))
        return duals


def fix_limit(value: float) -> float:
    """A level's optimum as a limit for the next: ``value * (1 + 1e-6) + 1e-5`` (reading 11)."""
    return value * (1 + REL_FIX) + ABS_FIX
