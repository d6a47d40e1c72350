"""Lexicographic Benders decomposition: exact levels 1-3 with a kept master and cut pool.

The integer part of the planning model is small (modules by option and
year); with it fixed, every year is a transportation LP
(:class:`.allocation.YearLP`). So the master (:class:`.master.Master`)
decides the build and, per demand block ``k`` and year ``t``, carries a
variable for each level's yearly value, bounded below by cuts from the
yearly LPs' duals:

- level 1, ``z[k,t] >= L1_t(cap(Y))`` from the *coarse* instance's LP (exact
  for level 1 and 5-20 times faster than the full one);
- level 2, ``theta[k,t] >= L2_t(cap(Y), z[k,t])``: least travel with at most
  ``z`` independent placements, with ``sum w z <= L1*`` in the master;
- level 3, ``rho[k,t] >= L3_t(cap(Y), z, theta)``: least revenue with travel
  at most ``theta``, with ``sum w theta <= L2*``; capital is in the master.

Each value function is convex in its right-hand sides, so the cuts are
exact (weak duality, see :mod:`.allocation`). Each level first runs Kelley
rounds on the master's LP relaxation (cheap cuts), then integer rounds: the
master MIP proposes a build, the build is *scored* as the independent
re-check would (per year, level by level, each fixed at its optimum plus the
reading-11 tolerance), the best score is the incumbent, and the master's
bound is the level's lower bound. A level is proven when they meet.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .allocation import INF, Duals, YearLP, fix_limit
from .instance import Instance
from .master import Master

LP_ROUNDS = 10  # at most, per level, of Kelley rounds on the LP relaxation
LP_STALL = 1e-4  # relative improvement of the LP bound below which Kelley rounds stop
PERTURB = 1e-3  # share of the full build's places added where a cut is separated (Sherali-Lunday)
MAX_ROUNDS = 40  # integer rounds per level at most, however cheap
MASTER_GAP = 0.01  # first integer rounds solve the master to 1%, then as tight as the gap left needs
VIOLATION = 1e-6  # relative: a cut is added when it cuts the master point off by more


@dataclass
class Block:
    """One demand future: its instances and the yearly LPs, built once."""

    weight: float
    full: Instance
    coarse: Instance
    coarse_lps: list[YearLP | None] = field(default_factory=list)
    full_lps: list[YearLP | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        years = range(len(self.full.years))
        self.coarse_lps = [YearLP(self.coarse, t) if (self.coarse.class_demand[:, t] > 0).any() else None
                           for t in years]
        self.full_lps = [YearLP(self.full, t) if (self.full.class_demand[:, t] > 0).any() else None for t in years]


@dataclass
class Score:
    """A build's level values as the re-check computes them, per block and year."""

    values: np.ndarray  # [level, block, year]

    def total(self, weights: np.ndarray, level: int) -> float:
        return float(weights @ self.values[level].sum(axis=1))


@dataclass
class LevelOutcome:
    value: float
    bound: float
    status: str  # "optimal", "time_limit", "cancelled"
    rounds: int = 0


class Decomposition:
    """The master and the blocks' yearly LPs; :meth:`solve_level` runs one level to its optimum."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.master = Master(blocks[0].full, tuple(b.weight for b in blocks))
        self.weights = self.master.weights
        self.integral = all(np.allclose(b.coarse.class_demand, np.round(b.coarse.class_demand)) for b in blocks) \
            and np.allclose(blocks[0].full.setting_capacity, np.round(blocks[0].full.setting_capacity)) \
            and np.allclose(blocks[0].full.option_module, np.round(blocks[0].full.option_module))
        self.incumbent: np.ndarray | None = None  # master values of the best build so far
        self.incumbent_score: Score | None = None
        self.lp_done: set[int] = set()
        self.limits = [INF, INF]
        self.revenue_rows: list[int] = []  # level-3 cuts: they depend on revenue costs
        self._rho_columns = set(self.master.rho.ravel().tolist())
        full = np.zeros(self.master.n_cols)
        full[self.master.Y[self.master.Y >= 0]] = self.master.upper[self.master.Y[self.master.Y >= 0]]
        self._core = np.stack([self.master.capacity(full, t) - self.master.inst.setting_capacity
                               for t in range(self.master.n_years)], axis=1)  # places of every option built

    # -- evaluating builds ---------------------------------------------------------------------

    def score(self, values: np.ndarray, levels: int = 3) -> Score:
        """Per-year values of the build in ``values`` as the re-check computes them (levels 1..``levels``).

        Each year's level is solved with the earlier ones fixed at their
        optimum plus the reading-11 tolerance; every solve also yields a cut.
        """
        return Score(self._evaluate(values, levels - 1, at_master=False))

    def separate(self, values: np.ndarray, level: int) -> int:
        """Cuts at the master point ``values`` for levels up to ``level``; returns how many were added."""
        before = self.master.cuts
        self._evaluate(values, level, at_master=True)
        return self.master.cuts - before

    def _evaluate(self, values: np.ndarray, level: int, at_master: bool,
                  years: range | list[int] | None = None) -> np.ndarray:
        """Solve each year's levels up to ``level`` at a build and add the violated cuts.

        ``at_master``: the level rows' limits are the master's ``z``/``theta``
        (Benders separation); else each earlier level's own optimum (scoring).
        """
        m = self.master
        out = np.zeros((3, len(self.blocks), m.n_years))
        for k, b in enumerate(self.blocks):
            for t in range(m.n_years) if years is None else years:
                if b.coarse_lps[t] is None:
                    continue
                cap = m.capacity(values, t)
                z, theta = m.z[k, t], m.theta[k, t]
                v1 = b.coarse_lps[t].solve(0, cap)
                self._cut(z, v1, b.coarse_lps[t], cap, t, values, {})
                out[0, k, t] = v1.value
                if level == 0:
                    continue
                floor = v1.value + 1e-7 * max(1.0, v1.value)
                allowed = max(values[z], floor) if at_master else fix_limit(v1.value)
                if at_master:  # a slightly moved point gives a stronger (near Pareto-optimal) cut
                    moved = b.full_lps[t].solve(1, cap + PERTURB * self._core[:, t], allowed)
                    self._cut(theta, moved, b.full_lps[t], cap, t, values, {z: moved.mu_independent})
                    if level == 1:
                        continue
                v2 = b.full_lps[t].solve(1, cap, allowed)
                if not at_master:
                    self._cut(theta, v2, b.full_lps[t], cap, t, values, {z: v2.mu_independent})
                out[1, k, t] = v2.value
                if level == 1:
                    continue
                floor = v2.value + 1e-7 * max(1.0, v2.value)
                travel = max(values[theta], floor) if at_master else fix_limit(v2.value)
                v3 = b.full_lps[t].solve(2, cap, allowed, travel, primal=True)
                self._cut(m.rho[k, t], v3, b.full_lps[t], cap, t, values,
                          {z: v3.mu_independent, theta: v3.mu_travel})
                out[2, k, t] = v3.value
        return out

    def _cut(self, var: int, d: Duals, lp: YearLP, cap: np.ndarray, t: int, values: np.ndarray,
             extra: dict[int, float]) -> int:
        """Add ``var >= pi . D + lam . (C + m Y) + sum mu * col`` when the master point violates it.

        Any dual-feasible ``(pi, lam, mu)`` gives a lower bound on the yearly
        value at every build and level limit (weak duality); at the point the
        LP was solved it is the value itself.
        """
        here = d.bound(lp.demand, cap) + sum(mu * values[c] for c, mu in extra.items())
        if here <= values[var] + VIOLATION * max(1.0, abs(here)):
            return 0
        row = self.master.add_cut(var, d.bound(lp.demand, self.master.inst.setting_capacity), d.lam, t, extra)
        if var in self._rho_columns:
            self.revenue_rows.append(row)
        return 1

    # -- one level ---------------------------------------------------------------------------

    def solve_level(self, level: int, deadline: float, gap: float, cancelled: Callable[[], bool],
                    report: Callable[[float, float], None], rounds_limit: int = 1_000,
                    nodes: int = 2**31 - 1) -> LevelOutcome:
        """Minimise level ``level`` (0, 1, 2) with the earlier levels fixed; see the module docstring."""
        m = self.master
        m.set_objective(level)
        rounds = 0
        if self.incumbent is not None:  # the incumbent's value at this level, and a hint feasible for its cuts
            self.incumbent_score = self.score(self.incumbent, level + 1)
            self.incumbent = self._point(self.incumbent, self.incumbent_score)
        relaxed = -INF  # the LP relaxation's bound with the cuts so far: valid for the level
        if level not in self.lp_done:
            lp_rounds, relaxed = self._kelley(level, deadline, cancelled)
            rounds += lp_rounds
            self.lp_done.add(level)
        best = self._value(self.incumbent_score, self.incumbent, level)
        bound, status = self._round_bound(relaxed, level) if math.isfinite(relaxed) else -INF, "time_limit"
        whole = level == 0 and self.integral  # level 1 is a whole number: a gap under 1 proves it
        final_gap = 0.0 if whole else gap / 10
        master_gap = final_gap if whole else MASTER_GAP
        # The work budget: ``rounds_limit * nodes`` branch-and-bound nodes over the level's master solves
        # (so an instance whose masters are easy gets many rounds), and at most MAX_ROUNDS of them.
        budget, integer_rounds = rounds_limit * nodes, 0
        while time.perf_counter() < deadline and not cancelled():
            if budget <= 0 or integer_rounds == MAX_ROUNDS:
                status = "work_limit"
                break
            integer_rounds += 1
            sol = m.solve(True, deadline, hint=self.incumbent, gap=master_gap,
                          absolute_gap=1 - 1e-6 if whole else 0.0, nodes=min(nodes, budget))
            budget -= sol.nodes
            rounds += 1
            if sol.status == "infeasible":
                return LevelOutcome(INF, INF, "infeasible", rounds)
            if math.isfinite(sol.bound):
                bound = max(bound, self._round_bound(sol.bound, level))
            if sol.objective == INF:  # stopped before the master found a build
                break
            before = m.cuts
            for values in _distinct_builds(sol, m):  # the MIP's earlier builds give cuts (and maybe a plan) too
                score = self.score(values, level + 1)
                value = self._value(score, values, level)
                if value < best - 1e-9 * max(1.0, abs(best)) and self._keeps_earlier(score, level):
                    best = value
                    self.incumbent, self.incumbent_score = self._point(values, score), score
            added = m.cuts - before or self.separate(sol.values, level)
            report(best, bound)
            if best - bound <= gap * max(1.0, abs(best)):
                status = "optimal"
                break
            if sol.status == "time_limit" or sol.status == "interrupted":
                break
            if sol.status == "work_limit":  # the master stopped at its node limit: its build still gives cuts
                continue
            if not added:
                if master_gap <= final_gap:  # the master's optimum needs no cut: its bound is the level's
                    status = "optimal" if best - bound <= 10 * gap * max(1.0, abs(best)) else status
                    break
                master_gap = final_gap
            else:  # solve the master only as well as the decomposition's own gap needs
                master_gap = max(final_gap, min(master_gap, (best - bound) / max(1.0, abs(best)) / 4))
        if status != "optimal" and cancelled():
            status = "cancelled"
        return LevelOutcome(best, bound if bound > -INF else float("nan"), status, rounds)

    def _kelley(self, level: int, deadline: float, cancelled: Callable[[], bool]) -> tuple[int, float]:
        """Cuts from the master's LP relaxation, separated between it and the incumbent (in-out).

        Separating at ``(x_lp + x_incumbent) / 2`` rather than at ``x_lp``
        steadies Kelley's zig-zag (Ben-Ameur and Neto's in-out); when the
        midpoint yields no cut, ``x_lp`` itself is tried before stopping.
        """
        m, rounds, last, bound = self.master, 0, -INF, -INF
        limit = LP_ROUNDS if level < 2 else LP_ROUNDS // 2  # level 3 (cost) settles ties: it gets less work
        while rounds < limit and time.perf_counter() < deadline and not cancelled():
            sol = m.solve(False, deadline)
            if sol.status == "infeasible" or sol.objective == INF:
                break
            rounds += 1
            bound = max(bound, sol.bound)
            added = 0
            if self.incumbent is not None:
                added = self.separate((sol.values + self.incumbent) / 2, level)
            if not added:
                added = self.separate(sol.values, level)
            if not added or (math.isfinite(last) and sol.objective - last <= LP_STALL * max(1.0, abs(last))):
                break
            last = sol.objective
        return rounds, bound

    def _value(self, score: Score | None, values: np.ndarray | None, level: int) -> float:
        """Level ``level`` of a scored build (level 3 adds the build's capital)."""
        if score is None or values is None:
            return INF
        total = score.total(self.weights, level)
        if level == 2:
            Y, W = self.master.build_values(values)
            last = self.master.n_years - 1
            total += float(self.master.costs.capital @ Y[:, last] + self.master.costs.fixed @ W[:, last])
        return total

    def _round_bound(self, bound: float, level: int) -> float:
        """Level 1 with whole demand and places is a whole number (a max-flow): round its bound up."""
        if level == 0 and self.integral and math.isfinite(bound):
            return float(math.ceil(bound - 1e-3))
        return bound

    def _keeps_earlier(self, score: Score, level: int) -> bool:
        """The build keeps the earlier levels within their fixed limits (the master's level rows)."""
        return all(score.total(self.weights, e) <= self.limits[e] * (1 + 1e-9) + 1e-9 for e in range(level))

    def fix(self, level: int, score: Score) -> float:
        """Fix ``level`` at the build's per-year values plus the reading-11 tolerance; returns the limit."""
        limit = float(sum(w * sum(fix_limit(v) for v in score.values[level, k]) for k, w in enumerate(self.weights)))
        self.limits[level] = limit
        self.master.set_level_limits(*self.limits)
        return limit

    def release(self) -> None:
        """Free the level rows (before a new solve)."""
        self.limits = [INF, INF]
        self.master.set_level_limits()

    def _point(self, values: np.ndarray, score: Score) -> np.ndarray:
        """The master vector of a build with its level columns at the scored (feasible) values."""
        m = self.master
        v = values.copy()
        for k in range(len(self.blocks)):
            v[m.z[k]] = [fix_limit(x) for x in score.values[0, k]]
            v[m.theta[k]] = [fix_limit(x) for x in score.values[1, k]]
            v[m.rho[k]] = score.values[2, k]
        return v

    def latest(self, values: np.ndarray, deadline: float = INF) -> np.ndarray:
        """The same plan with each module built as late as it can be without changing any level.

        Ties between equally good plans (a module a year early that no child
        uses yet) are settled one way, in a fixed order of options and years,
        so equal inputs give equal schedules, and places come when needed.
        A module moves from year ``t`` to ``t + 1`` only if the build keeps its
        budget rows and year ``t``'s three values are unchanged.
        """
        m = self.master
        values = values.copy()
        for o in range(len(m.inst.option_ids)):
            for t in range(m.n_years - 2, -1, -1):
                while m.Y[o, t] >= 0 and values[m.Y[o, t]] > (values[m.Y[o, t - 1]] if t and m.Y[o, t - 1] >= 0
                                                              else 0.0) + 0.5:
                    moved = values.copy()
                    moved[m.Y[o, t]] -= 1
                    if m.W[o, t] >= 0 and moved[m.Y[o, t]] < 0.5:
                        moved[m.W[o, t]] = 0.0 if t == 0 or m.W[o, t - 1] < 0 else moved[m.W[o, t - 1]]
                    if time.perf_counter() > deadline or not m.feasible(moved) or \
                            not self._same_year(values, moved, t):
                        break
                    values = moved
        return values

    def _same_year(self, before: np.ndarray, after: np.ndarray, t: int) -> bool:
        """Year ``t``'s three levels are equal (to 1e-9) at both builds, in every block."""
        one, other = (self._evaluate(v, 2, at_master=False, years=[t])[:, :, t] for v in (before, after))
        return bool(np.all(np.abs(one - other) <= 1e-9 * np.maximum(1.0, np.abs(one))))

    def start_from(self, starts: list[np.ndarray]) -> None:
        """Take the best of ``starts`` (by level 1) as the first incumbent of a solve."""
        self.incumbent = self.incumbent_score = None
        for values in starts:
            score = self.score(values, 1)
            if self.incumbent_score is None or score.total(self.weights, 0) < self.incumbent_score.total(self.weights, 0):
                self.incumbent, self.incumbent_score = self._point(values, score), score

    def empty_build(self) -> np.ndarray:
        return np.zeros(self.master.n_cols)

    def point_of(self, modules) -> np.ndarray:
        """A master vector from a table of modules added per (option_id, year), opening with the first."""
        m, inst = self.master, self.master.inst
        index = {str(o): i for i, o in enumerate(inst.option_ids)}
        added = np.zeros(m.Y.shape)
        for o, year, k in modules.itertuples(index=False):
            added[index[str(o)], inst.years.index(int(year))] += k
        Y = np.cumsum(added, axis=1)
        values = np.zeros(m.n_cols)
        have = m.Y >= 0
        values[m.Y[have]] = Y[have]
        opened = m.W >= 0
        values[m.W[opened]] = (Y[opened] > 0).astype(float)
        return values

    def new_revenue(self, inst: Instance) -> None:
        """New revenue costs: level-3 cuts no longer hold; drop them and re-cost the yearly LPs."""
        self.master.delete_rows(self.revenue_rows)
        self.revenue_rows = []
        self.lp_done.discard(2)
        for b in self.blocks:
            for lp in b.full_lps:
                if lp is not None:
                    lp.set_revenue(inst)

    def size(self) -> dict[str, int]:
        m = self.master
        return {"master_columns": m.n_cols, "integer_variables": int(m.integer.sum()), "cuts": m.cuts,
                "allocation_variables": sum(lp.nx + lp.nu for b in self.blocks for lp in b.full_lps if lp),
                **{k: int(v) for k, v in self.blocks[0].full.stats.items()}}


def _distinct_builds(sol, master: Master) -> list[np.ndarray]:
    """The master's final build first, then the distinct earlier builds it found (at most 4, newest first)."""
    seen, out = set(), []
    for values in (sol.values, *reversed(sol.others)):
        key = master.build_values(values)[0].tobytes()
        if key not in seen:
            seen.add(key)
            out.append(values)
    return out[:5]
