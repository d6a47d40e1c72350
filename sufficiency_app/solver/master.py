"""The Benders master: what to build and when, with the allocation replaced by cuts.

Columns (docs/model.md notation, cumulative form):

- ``Y[o,t]`` integer in ``[0, U[o]]``: modules of option ``o`` built by year
  ``t`` (``t >= e[o]``), monotone in ``t``. The same model as ``y[o,t]`` per
  year (``y = Y[t] - Y[t-1]``) with the same LP bound, but 2-16 times fewer
  branch-and-bound nodes (measured on the prototypes).
- ``W[o,t]`` binary where ``F[o] > 0`` or the option fills over years:
  opened by year ``t``, monotone, ``Y[o,t] <= U[o] W[o,t]`` (and, without
  fixed capital, ``W <= Y``: it opens with its first module).
- ``P[o,t]`` continuous for an option filling over ``fill_years`` years
  (docs/model.md reading 22): its usable places, ``P <= m Y`` and
  ``P <= sum_j (g(j) - g(j-1)) W[o, t-j+1]`` with ``g(j)`` the whole places
  usable in the j-th year open (exact for binary ``W``); the cuts see ``P``.
- per level (:data:`.levels.LEVELS`), demand block ``k`` and year ``t`` a
  column of the level's yearly value (``columns[level]``: independent
  placements ``z``, child-minutes ``theta``, revenue ``rho``), bounded below
  by the cuts of its level (:mod:`.benders`).

Rows: monotonicity (their upper bounds carry ``year`` pins), ``Y <= U W``,
capital (rule 4; budgets and costs are edited in place), a level-fix row
per level but the last (``sum w z <= L1*``, ``sum w theta <= L2*``), and the cuts. The HiGHS model
is kept between solves, so a workshop re-solve keeps every cut.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from ..model.places import filled_places
from .allocation import INF, Interrupt, limit_run, new_highs
from .api import Pin
from .instance import Instance
from .levels import LEVELS

CAPITAL = 3  # level 1b's objective (reading 21): capital alone, solved between levels 1 and 2


@dataclass(frozen=True)
class Costs:
    """The editable part of the master: capital per module and fixed, budgets, carry-forward, build years,
    place funding per setting (reading 19)."""

    capital: np.ndarray
    fixed: np.ndarray
    budget: np.ndarray
    carry_forward: bool
    build: np.ndarray
    funding: np.ndarray

    @classmethod
    def of(cls, inst: Instance) -> Costs:
        return cls(inst.option_capital.astype(float), inst.option_fixed.astype(float), inst.budget,
                   bool(inst.parameters.carry_forward), inst.option_build.astype(int),
                   inst.setting_funding.astype(float))


def charged(n_years: int, build: int, first_used: int) -> np.ndarray:
    """Share of the capital of places first used in year ``first_used`` spent in each year (reading 18).

    Spread evenly over ``first_used - build + 1 .. first_used``; shares of
    years before the base year are charged to the base year.
    """
    share = np.zeros(n_years)
    for year in range(first_used - build + 1, first_used + 1):
        share[max(year, 0)] += 1.0 / build
    return share


@dataclass(frozen=True)
class MasterSolution:
    values: np.ndarray
    objective: float
    bound: float
    status: str  # "optimal", "time_limit", "interrupted", "infeasible"
    others: tuple[np.ndarray, ...] = ()  # earlier builds the MIP found on its way (each worth a cut)
    nodes: int = 0  # branch-and-bound nodes the solve took (the work budget counts them)


class Master:
    """The master MIP of ``inst`` (options, years, capital) for ``weights`` of demand blocks."""

    def __init__(self, inst: Instance, weights: tuple[float, ...] = (1.0,)):
        self.inst, self.weights = inst, np.asarray(weights, dtype=float)
        n_opt, n_years = len(inst.option_ids), len(inst.years)
        self.n_years = n_years
        self.Y = np.full((n_opt, n_years), -1)
        self.W = np.full((n_opt, n_years), -1)
        self.P = np.full((n_opt, n_years), -1)
        fills = inst.option_fill > 1
        self.year_weight = np.array([inst.parameters.year_weight(y) for y in inst.years])
        self._steps: dict[int, np.ndarray] = {}  # per filling option: whole usable places gained each year open
        lower, upper, integer = [], [], []

        def column(lo: float, up: float, is_int: bool) -> int:
            lower.append(lo), upper.append(up), integer.append(is_int)
            return len(lower) - 1

        for o in range(n_opt):
            for t in range(int(inst.option_first[o]), n_years):
                self.Y[o, t] = column(0.0, float(inst.option_max[o]), True)
                if inst.option_fixed[o] > 0 or fills[o]:
                    self.W[o, t] = column(0.0, 1.0, True)
                if fills[o]:
                    self.P[o, t] = column(0.0, float(inst.option_max[o] * inst.option_module[o]), False)
        n_blocks = len(self.weights)
        self.columns = np.array([[[column(0.0, INF, False) for _ in range(n_years)] for _ in range(n_blocks)]
                                 for _ in LEVELS])  # [level, block, year]
        self.n_cols = len(lower)
        self.integer = np.array(integer)
        self.upper = np.array(upper)
        self.interrupt = Interrupt()  # its ``cancelled``: the solve's cancel request (status "interrupted")
        h = self.h = new_highs(self.interrupt)
        h.setOptionValue("mip_improving_solution_save", True)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n_cols, 0
        lp.col_cost_ = np.zeros(self.n_cols)
        lp.col_lower_, lp.col_upper_ = np.array(lower), self.upper.copy()
        h.passModel(lp)
        self._integrality(True)
        self.monotone: dict[tuple[int, int], int] = {}
        for o in range(n_opt):
            for t in range(int(inst.option_first[o]) + 1, n_years):
                self.monotone[o, t] = self._row(0.0, INF, [self.Y[o, t], self.Y[o, t - 1]], [1.0, -1.0])
                if self.W[o, t] >= 0:
                    self._row(0.0, INF, [self.W[o, t], self.W[o, t - 1]], [1.0, -1.0])
            for t in range(n_years):
                if self.W[o, t] >= 0:
                    self._row(-INF, 0.0, [self.Y[o, t], self.W[o, t]], [1.0, -float(inst.option_max[o])])
                    if inst.option_fixed[o] <= 0:  # no opening row in schedule.csv: it opens with its first module
                        self._row(-INF, 0.0, [self.W[o, t], self.Y[o, t]], [1.0, -1.0])
                if self.P[o, t] >= 0:  # reading 22: usable places of a setting filling over fill_years
                    self._row(-INF, 0.0, [self.P[o, t], self.Y[o, t]], [1.0, -float(inst.option_module[o])])
                    cols, steps = self._filling(o, t)
                    self._row(-INF, 0.0, [self.P[o, t], *cols], [1.0, *(-steps)])
        self.level_rows = [self._row(-INF, INF, self.columns[level].ravel(), np.repeat(self.weights, n_years))
                           for level in range(len(LEVELS) - 1)]
        self.capital_rows: list[int] = []
        self.costs: Costs | None = None
        # places added to setting s in year t: sum over options of m[o] * Y[o,t]
        self.by_setting = [np.flatnonzero(inst.option_setting == s) for s in range(len(inst.setting_capacity))]
        self.opens = inst.opened_by_option  # settings whose places exist only once an option opens them
        self.cuts = 0
        self.capital_row = self._row(-INF, INF, [], [])  # level 1b's limit on the capital spent (reading 21)
        self._capital_now = np.zeros(self.n_cols)
        self.set_costs(Costs.of(inst))
        self.structural_rows = self.h.getNumRow()  # rows before the cuts: a build must keep these

    # -- building blocks ---------------------------------------------------------------------

    def _row(self, lo: float, up: float, idx, val) -> int:
        idx, val = np.asarray(idx, dtype=np.int32), np.asarray(val, dtype=float)
        self.h.addRow(float(lo), float(up), len(idx), idx, val)
        return self.h.getNumRow() - 1

    def _integrality(self, on: bool) -> None:
        kinds = [highspy.HighsVarType.kInteger if (on and i) else highspy.HighsVarType.kContinuous
                 for i in self.integer]
        self.h.changeColsIntegrality(self.n_cols, np.arange(self.n_cols, dtype=np.int32), np.array(kinds))

    def _spend_row(self, costs: Costs, t: int) -> np.ndarray:
        """Capital row ``t`` over the master's columns: year ``t``'s spend, or with carry-forward years up to ``t``.

        Modules added in year ``u`` are ``Y[u] - Y[u-1]``; if ``c(u)`` is the
        share of their capital charged in (or by) year ``t`` (:func:`charged`),
        ``Y[o,u]`` carries ``price * (c(u) - c(u+1))``. With one build year
        that is ``k Y[t] + F W[t]``, less the same of ``t - 1`` without carry-forward.
        """
        n = self.n_years
        row = np.zeros(self.n_cols)
        for table, price in ((self.Y, costs.capital), (self.W, costs.fixed)):
            for o in np.flatnonzero(price != 0):
                spread = np.array([charged(n, int(costs.build[o]), u) for u in range(n)])
                c = np.r_[spread[:, : t + 1].sum(axis=1) if costs.carry_forward else spread[:, t], 0.0]
                have = table[o] >= 0
                row[table[o, have]] += price[o] * (c[:-1] - c[1:])[have]
        return row

    def set_costs(self, costs: Costs) -> None:
        """Capital rows for new budgets or costs (rule 4); cuts are untouched: they do not depend on capital."""
        budget = np.cumsum(costs.budget) if costs.carry_forward else costs.budget
        for t in range(self.n_years):
            new = self._spend_row(costs, t)
            if len(self.capital_rows) <= t:
                columns = np.flatnonzero(new)
                self.capital_rows.append(self._row(-INF, float(budget[t]), columns, new[columns]))
                continue
            row, old = self.capital_rows[t], self._spend_row(self.costs, t)
            for c in np.flatnonzero(new != old):
                self.h.changeCoeff(row, int(c), float(new[c]))
            self.h.changeRowBounds(row, -INF, float(budget[t]))
        self.costs = costs
        new = self._capital_cost()
        for c in np.flatnonzero(new != self._capital_now):
            self.h.changeCoeff(self.capital_row, int(c), float(new[c]))
        self._capital_now = new

    def _capital_cost(self) -> np.ndarray:
        """Capital of the whole build over the master's columns (the last year's cumulative columns)."""
        cost = np.zeros(self.n_cols)
        last = self.n_years - 1
        for table, price in ((self.Y, self.costs.capital), (self.W, self.costs.fixed)):
            for o in range(len(price)):
                if table[o, last] >= 0:
                    cost[table[o, last]] += float(price[o])
        return cost

    def set_capital_limit(self, capital: float = INF) -> None:
        """Hold the capital spent at level 1b's optimum (reading 21), or free it."""
        self.h.changeRowBounds(self.capital_row, -INF, float(capital))

    def set_pins(self, pins: tuple[Pin, ...]) -> None:
        """Column bounds and monotone-row bounds for the pins (after resetting every bound)."""
        inst, h = self.inst, self.h
        n = self.n_cols
        h.changeColsBounds(n, np.arange(n, dtype=np.int32), np.zeros(n), self.upper.copy())
        for r in self.monotone.values():
            h.changeRowBounds(r, 0.0, INF)
        index = {str(o): i for i, o in enumerate(inst.option_ids)}
        years = inst.years
        for pin in pins:
            o = index.get(pin.option_id)
            if o is None:
                continue
            cols = [c for c in (*self.Y[o], *self.W[o]) if c >= 0]
            if pin.rule == "forbid":
                for c in cols:
                    h.changeColBounds(int(c), 0.0, 0.0)
            elif pin.rule == "year":
                for t in range(self.n_years):
                    if self.Y[o, t] < 0:
                        continue
                    if years[t] < pin.year:
                        h.changeColBounds(int(self.Y[o, t]), 0.0, 0.0)
                    elif years[t] > pin.year and (o, t) in self.monotone:
                        h.changeRowBounds(self.monotone[o, t], 0.0, 0.0)
            elif pin.rule == "force":
                t = self.n_years - 1 if pin.year is None else min(self.n_years - 1, pin.year - years[0])
                if t >= 0 and self.Y[o, t] >= 0:
                    h.changeColBounds(int(self.Y[o, t]), float(pin.modules), float(self.upper[self.Y[o, t]]))
                else:
                    raise ValueError(f"option {pin.option_id} cannot be built by {pin.year}")

    def set_level_limits(self, *limits: float) -> None:
        """Each earlier level's weighted total at most its limit (free where none is given)."""
        for row, limit in zip(self.level_rows, tuple(limits) + (INF,) * len(self.level_rows)):
            self.h.changeRowBounds(row, -INF, float(limit))

    def set_objective(self, level: int) -> None:
        """The level's ``sum w col`` (level 1: ``z``, 2: ``theta``, 3: ``rho``), plus capital where it counts it
        and, with it, place funding (reading 19); level 1b (``CAPITAL``, reading 21): capital alone."""
        cost = np.zeros(self.n_cols)
        offset = 0.0
        if level == CAPITAL:
            cost = self._capital_cost()
        else:
            cost[self.columns[level].ravel()] = np.repeat(self.weights, self.n_years)
        if level != CAPITAL and LEVELS[level].capital:
            cost += self._capital_cost()
            funding = self.costs.funding
            for o in np.flatnonzero(funding[self.inst.option_setting] > 0):
                have = self.Y[o] >= 0
                rate = funding[self.inst.option_setting[o]] * self.inst.option_module[o]
                cost[self.Y[o, have]] += rate * self.year_weight[have]
            offset = float(funding @ self.inst.setting_capacity) * float(self.year_weight.sum())
        self.h.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), cost)
        self.h.changeObjectiveOffset(offset)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The columns' lower and upper bounds as they stand (pins, and narrowing for fixed levels)."""
        lp = self.h.getLp()
        return np.array(lp.col_lower_), np.array(lp.col_upper_)

    def tighten(self, level: int, limit: float, around: np.ndarray, deadline: float) -> int:
        """Narrow the integer columns' bounds to the builds that can keep ``level`` within ``limit``.

        The LP relaxation with its cuts is a lower bound on the level at every
        build (weak duality), so if its least value with a column pushed to
        ``c`` exceeds ``limit``, no build that far keeps the level: later levels,
        which hold it at ``limit``, need not look there (reduced-cost fixing,
        done once for all their master solves, where HiGHS, seeing only their
        own objective, cannot). Each column is pushed to its bound on either side of
        ``around`` (a build that keeps it) and, if that is out, the nearest value
        out is found by bisection. Until :meth:`set_pins` resets the
        bounds; returns how many bounds moved.
        """
        h = self.h
        self.set_objective(level)
        self._integrality(False)
        h.setOptionValue("objective_bound", INF)
        margin = limit + 1e-7 * max(1.0, abs(limit))
        lower, upper = self.bounds()

        def above(j: int, lo: float, up: float) -> bool:
            """Is every build with column ``j`` in ``[lo, up]`` beyond the limit?"""
            h.changeColBounds(j, lo, up)
            limit_run(h, max(0.05, deadline - time.perf_counter()), mip=False)
            h.run()
            status = h.getModelStatus()
            out = status == highspy.HighsModelStatus.kInfeasible or (
                status == highspy.HighsModelStatus.kOptimal and h.getInfo().objective_function_value > margin)
            h.changeColBounds(j, float(lower[j]), float(upper[j]))
            return out

        moved = 0
        for j in np.flatnonzero(self.integer):
            j = int(j)
            v = float(min(max(np.round(around[j]), lower[j]), upper[j]))
            if time.perf_counter() > deadline or self.interrupt.cancelled():
                break
            if v < upper[j] and above(j, upper[j], upper[j]):  # the least value that is out, by bisection
                keep, out = v, float(upper[j])
                while out - keep > 1:
                    mid = float((keep + out) // 2)
                    keep, out = (keep, mid) if above(j, mid, upper[j]) else (mid, out)
                upper[j], moved = keep, moved + 1
            if v > lower[j] and above(j, lower[j], lower[j]):
                keep, out = v, float(lower[j])
                while keep - out > 1:
                    mid = float((keep + out) // 2)
                    keep, out = (keep, mid) if above(j, lower[j], mid) else (mid, out)
                lower[j], moved = keep, moved + 1
            h.changeColBounds(j, float(lower[j]), float(upper[j]))
        return moved

    def funding(self, values: np.ndarray) -> float:
        """Place funding of the build in ``values`` over the weighted years (reading 19: every place built)."""
        return float(sum(w * self.costs.funding @ self.capacity(values, t, usable=False)
                         for t, w in enumerate(self.year_weight)))

    # -- cuts and solves ---------------------------------------------------------------------

    def _filling(self, o: int, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Option ``o``'s usable places in year ``t`` as ``steps . values[cols]``: opened ``j`` years by ``t``
        (``W[o, t - j + 1]``) adds ``g(j) - g(j - 1)``, ``g`` the whole places usable in the j-th year open."""
        steps = self._steps.get(o)
        if steps is None:
            inst = self.inst
            full = inst.option_module[o] * inst.option_max[o]
            steps = self._steps[o] = np.diff(filled_places(full, inst.option_fill[o], np.arange(self.n_years + 1)))
        cols = self.W[o, t::-1]
        return cols[cols >= 0].astype(int), steps[: t + 1][cols >= 0]

    def capacity(self, values: np.ndarray, t: int, usable: bool = True) -> np.ndarray:
        """Places per setting in year ``t`` at master ``values`` (``usable``: a filling setting's whole places
        up to ``k / fill_years`` of its full size, reading 22; else every place built)."""
        inst = self.inst
        cap = inst.setting_capacity.astype(float).copy()
        built = self.Y[:, t]
        have = np.flatnonzero(built >= 0)
        places = inst.option_module[have] * values[built[have]]
        if usable:
            for i in np.flatnonzero(self.P[have, t] >= 0):
                cols, steps = self._filling(int(have[i]), t)
                places[i] = min(places[i], float(steps @ values[cols]))
        np.add.at(cap, inst.option_setting[have], places)
        return cap

    def with_usable(self, values: np.ndarray) -> np.ndarray:
        """``values`` with each filling option's ``P`` at its usable places (reading 22), so a hint keeps the cuts."""
        fills = np.flatnonzero((self.P >= 0).any(axis=1))
        if not len(fills):
            return values
        v = values.copy()
        for o in fills:
            for t in np.flatnonzero(self.P[o] >= 0):
                cols, steps = self._filling(int(o), int(t))
                v[self.P[o, t]] = min(self.inst.option_module[o] * v[self.Y[o, t]], float(steps @ v[cols]))
        return v

    def opened(self, values: np.ndarray, t: int) -> np.ndarray:
        """How far each setting is opened by year ``t`` at master ``values`` (the sum of its options' ``W``,
        at most 1; 1 for settings with no opening decision)."""
        out = np.zeros(len(self.inst.setting_capacity))
        have = self.W[:, t] >= 0
        np.add.at(out, self.inst.option_setting[have], values[self.W[have, t]])
        return np.where(self.opens, np.minimum(out, 1.0), 1.0)

    def feasible(self, values: np.ndarray, tolerance: float = 1e-6) -> bool:
        """Does the build in ``values`` keep the bounds, pins, monotonicity and capital rows?"""
        lp = self.h.getLp()
        build = self.integer
        v = values[build]
        if (v < np.asarray(lp.col_lower_)[build] - tolerance).any() or \
                (v > np.asarray(lp.col_upper_)[build] + tolerance).any():
            return False
        a = lp.a_matrix_
        kind = sparse.csr_matrix if a.format_ == highspy.MatrixFormat.kRowwise else sparse.csc_matrix
        matrix = kind((a.value_, a.index_, a.start_), shape=(lp.num_row_, lp.num_col_)).tocsr()
        rows = slice(0, self.structural_rows)
        activity = matrix[rows] @ np.where(build, values, 0.0)
        lower, upper = np.asarray(lp.row_lower_)[rows], np.asarray(lp.row_upper_)[rows]
        scale = tolerance * np.maximum(1.0, np.abs(np.where(np.isfinite(upper), upper, 0.0)))
        keep = np.ones(self.structural_rows, dtype=bool)
        keep[self.level_rows] = False
        return bool(((activity >= lower - scale) & (activity <= upper + scale))[keep].all())

    def delete_rows(self, rows: list[int]) -> None:
        """Drop cut rows (all made after the structural rows, so no other tracked row moves)."""
        if rows:
            self.h.deleteRows(len(rows), np.array(sorted(rows), dtype=np.int32))
            self.cuts -= len(rows)

    def add_cut(self, variables: list[int], constant: float, lam: np.ndarray, years: tuple[int, ...],
                extra: dict[int, float], omega: np.ndarray | None = None) -> int:
        """``sum variables >= constant + sum_t sum_s lam[s,t] * (m . Y[., t] for options of s)
        + sum_t sum_s omega[s,t] * (W[., t] for options of s) + sum extra[col] * col``.

        ``lam`` is [settings, len(years)]: the capacity duals of a period's LP; ``omega`` the same shape,
        its opening links' duals times the demand they bound (settings that options open).
        """
        idx, val = list(variables), [1.0] * len(variables)
        for j, t in enumerate(years):
            for s in np.flatnonzero(lam[:, j] < -1e-12):
                for o in self.by_setting[s]:
                    if self.P[o, t] >= 0:  # a filling setting's usable places (reading 22)
                        idx.append(int(self.P[o, t])), val.append(-float(lam[s, j]))
                    elif self.Y[o, t] >= 0:
                        idx.append(int(self.Y[o, t])), val.append(-float(lam[s, j]) * float(self.inst.option_module[o]))
            if omega is None:
                continue
            for s in np.flatnonzero(omega[:, j] < -1e-12):
                for o in self.by_setting[s]:
                    if self.W[o, t] >= 0:
                        idx.append(int(self.W[o, t])), val.append(-float(omega[s, j]))
        for c, v in extra.items():
            if v != 0:
                idx.append(c), val.append(-v)
        self.cuts += 1
        return self._row(constant, INF, idx, val)

    def solve(self, integer: bool, deadline: float, hint: np.ndarray | None = None,
              gap: float = 1e-6, absolute_gap: float = 0.0, nodes: int = 2**31 - 1,
              cutoff: float = INF) -> MasterSolution:
        """Solve the LP relaxation or the MIP until ``deadline`` (a ``time.perf_counter()`` value).

        ``cutoff``: the MIP looks only for builds whose objective is below it (HiGHS prunes every node
        whose bound reaches it), so a search that finds none proves the optimum is at least ``cutoff``;
        the returned bound is never above it.
        """
        h = self.h
        integer = integer and bool(self.integer.any())  # nothing to build: the master is an LP
        self._integrality(integer)
        limit_run(h, max(0.05, deadline - time.perf_counter()), mip=integer)
        h.setOptionValue("objective_bound", float(cutoff) if integer else INF)  # dual simplex reads it too
        h.setOptionValue("mip_rel_gap", gap)
        h.setOptionValue("mip_abs_gap", absolute_gap)
        h.setOptionValue("mip_max_nodes", int(nodes))
        if integer and hint is not None:
            sol = highspy.HighsSolution()
            sol.col_value = list(hint)
            sol.value_valid = True
            h.setSolution(sol)
        h.run()
        if integer and hint is not None and not self._consistent(cutoff):
            # HiGHS 1.16 can report a better objective than the start while returning the start's values
            # (seen when presolve finds the optimum); solve again without the start.
            h.clearSolver()
            h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            if integer and hint is not None and self.feasible(hint):  # no build below the cutoff, or HiGHS's
                # numerics (seen once on the sample's level 3, solved without its start): the start stands
                proven = math.isfinite(cutoff)
                return MasterSolution(np.asarray(hint, dtype=float), self._objective(hint),
                                      cutoff if proven else -INF, "optimal" if proven else "interrupted")
            return MasterSolution(np.zeros(self.n_cols), INF, INF, "infeasible")
        has = info.primal_solution_status == 2
        values = np.asarray(h.getSolution().col_value) if has else np.zeros(self.n_cols)
        if not has:
            objective = INF
        else:  # a MIP's reported objective is at most the cutoff, whatever the solution's
            objective = self._objective(values) if integer else float(info.objective_function_value)
        optimal = status == highspy.HighsModelStatus.kOptimal
        bound = min(float(info.mip_dual_bound), cutoff) if integer else (objective if optimal else -INF)
        kind = {highspy.HighsModelStatus.kOptimal: "optimal", highspy.HighsModelStatus.kTimeLimit: "time_limit",
                highspy.HighsModelStatus.kSolutionLimit: "work_limit",
                highspy.HighsModelStatus.kIterationLimit: "work_limit"}.get(status, "interrupted")
        others: tuple[np.ndarray, ...] = ()
        if integer and has:
            values = np.where(self.integer, np.round(values), values)
            others = tuple(np.where(self.integer, np.round(np.asarray(s.col_value)), np.asarray(s.col_value))
                           for s in h.getSavedMipSolutions()[:-1])
        nodes = int(info.mip_node_count) if integer else 0
        return MasterSolution(values, objective, bound, kind, others, max(nodes, 1))

    def _objective(self, values: np.ndarray | list[float]) -> float:
        """The objective at ``values``, its constant (place funding, reading 19) included."""
        lp = self.h.getLp()
        return float(np.asarray(lp.col_cost_) @ np.asarray(values)) + float(lp.offset_)

    def _consistent(self, cutoff: float) -> bool:
        """Does the returned solution have the returned objective value? When no build below the cutoff
        was found HiGHS returns the start with an objective not its own, also at or above the cutoff."""
        info = self.h.getInfo()
        if info.primal_solution_status != 2:
            return True
        value, reported = self._objective(self.h.getSolution().col_value), float(info.objective_function_value)
        close = 1e-6 * max(1.0, abs(value))
        return abs(value - reported) <= close or min(value, reported) >= cutoff - close

    def build_key(self, values: np.ndarray) -> bytes:
        """The build of ``values`` (its modules and openings) as bytes, for the caches of scored and kept plans."""
        return b"".join(a.tobytes() for a in self.build_values(values))

    def build_values(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(Y, W)`` as [options, years] integer arrays (0 where a column does not exist)."""
        Y = np.where(self.Y >= 0, np.round(values[np.maximum(self.Y, 0)]), 0).astype(int)
        W = np.where(self.W >= 0, np.round(values[np.maximum(self.W, 0)]), 0).astype(int)
        return Y, W
