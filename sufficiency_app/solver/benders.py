"""Lexicographic Benders decomposition: exact levels 1-3 with a kept master and cut pool.

The integer part of the planning model is small (modules by option and
year); with it fixed, every year is a transportation LP
(:class:`.allocation.PeriodLP`; when independent placements continue,
reading 14, the years are linked and one LP covers the horizon, a
*period*). So the master (:class:`.master.Master`) decides the build and,
per demand block ``k`` and year ``t``, carries a variable for each level's
yearly value, bounded below by cuts from the period LPs' duals (a period
of several years bounds the sum of its years' variables):

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
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from .allocation import FIXED, INF, LEVEL_COUNT, Duals, PeriodLP, TimeUp, fix_limit, release_if_large
from .instance import Instance
from .levels import LEVELS
from .master import CAPITAL, Master

LP_STALL = 1e-4  # relative improvement of the LP bound below which Kelley rounds stop
PERTURB = 1e-3  # share of the full build's places added where a cut is separated (Sherali-Lunday)
MAX_ROUNDS = 40  # integer rounds per level at most, however cheap
MAX_LINKED_ROUNDS = 12  # when years are linked (reading 14) each round solves the horizon as one LP: fewer
BUILDS, LINKED_BUILDS = 5, 2  # builds scored per integer round: the master's own and its newest earlier ones
KEPT_SCORES = 4  # builds whose scores (and allocations) are kept for a re-solve
MASTER_GAP = 0.01  # first integer rounds solve the master to 1%, then as tight as the gap left needs
PROOF_NODES = 8  # x the nodes of one master solve: a level within PROOF_GAPS of proven may take one solve as deep
PROOF_GAPS = 10  # (the proof needs one whole tree: HiGHS restarts its tree at every master solve)
VIOLATION = 1e-6  # relative: a cut is added when it cuts the master point off by more


@dataclass
class _Work:
    """A level's work: ``budget`` branch-and-bound nodes over its master solves, ``each`` at most a solve.

    A master that stops at its node limit with nothing new (no cut, no better plan) is the proof that is
    left, and HiGHS starts a new tree at every solve: the next solve gets the rest of the budget or, when
    the level is close to proven, once a level, at least ``PROOF_NODES`` solves' nodes, beyond the budget.
    """

    budget: int
    each: int  # a master solve's nodes
    per_solve: int = field(init=False)  # the next solve's at most
    deep: bool = False  # the next solve is the level's proof solve
    deepened: bool = False  # the proof solve is spent

    def __post_init__(self) -> None:
        self.per_solve = self.each

    def over(self) -> bool:
        return self.budget <= 0 and not self.deep

    def nodes(self) -> int:
        return self.per_solve if self.deep else min(self.per_solve, self.budget)

    def spend(self, nodes: int) -> None:
        self.budget -= nodes
        self.deepened, self.deep = self.deepened or self.deep, False

    def stopped(self, new: bool, close: bool) -> None:
        """A master stopped at its node limit; ``new``: its build gave a cut or a better plan."""
        if new:
            return
        self.deep = close and not self.deepened
        self.per_solve = max(self.budget, PROOF_NODES * self.each) if self.deep else self.budget


@dataclass
class Block:
    """One demand future: its instances and the period LPs, built once.

    ``coarse_lps`` solve level 1, ``full_lps`` levels 2 and 3. Level 3 switches the costs and goes on by primal
    simplex from level 2's optimum at the same build (feasible for it); the
    next level-2 solve takes back level 2's own last basis
    (:meth:`.allocation.PeriodLP.solve`), so dual simplex goes on from it. A
    linked period once kept a copy of its horizon LP for level 3 instead:
    about 100 MB more on the sample (Kent v2: 2,610 MB peak against 1,862)
    and no faster.
    """

    weight: float
    full: Instance
    coarse: Instance
    coarse_lps: list[PeriodLP | None] = field(default_factory=list)
    full_lps: list[PeriodLP | None] = field(default_factory=list)
    yearly: list[tuple[PeriodLP | None, PeriodLP | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        def lp(inst: Instance, years: tuple[int, ...]) -> PeriodLP | None:
            return PeriodLP(inst, years) if (inst.class_demand[:, list(years)] > 0).any() else None

        periods = self.full.periods
        self.coarse_lps = [lp(self.coarse, years) for years in periods]
        self.full_lps = [lp(self.full, years) for years in periods]
        if len(periods) < len(self.full.years):  # linked years: each year alone is a relaxation (per-year cuts)
            self.yearly = [(lp(self.coarse, (t,)), lp(self.full, (t,))) for t in range(len(self.full.years))]
        self.yearly_columns = sum(lp.n_cols for lp in self.yearly_lps())

    def level_lps(self, i: int | None, coarse: PeriodLP | None = None, full: PeriodLP | None = None
                  ) -> tuple[PeriodLP, ...]:
        """Each level's LP for period ``i`` (coarse levels on the coarse LP, the others on the full one),
        or, with ``i`` None, for one year alone from its ``coarse`` and ``full`` LPs."""
        if i is not None:
            coarse, full = self.coarse_lps[i], self.full_lps[i]
        return tuple(coarse if lv.coarse else full for lv in LEVELS)

    def lps(self) -> list[PeriodLP]:
        """Every LP of the block, each once."""
        every = [*self.coarse_lps, *self.full_lps, *self.yearly_lps()]
        return list({id(lp): lp for lp in every if lp is not None}.values())

    def yearly_lps(self) -> list[PeriodLP]:
        """The one-year LPs of linked years (per-year cuts), coarse and full."""
        return [lp for pair in self.yearly for lp in pair if lp is not None]


@dataclass(frozen=True)
class Solved:
    """A period's lexicographic allocation at one build, kept from scoring so the plan's allocation reuses it.

    ``flows`` per year of the period: ``(x per arc, u per class, v per group)``
    (:meth:`.allocation.PeriodLP.flows`) at the places of ``layout``; ``duals``
    of each level (levels 1 and 2 feed the explanations), ``level1`` the coarse LP, ``level2`` the full one
    (the explanations' level-2 LP starts from its basis).
    """

    cap: np.ndarray
    flows: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]
    layout: list
    duals: tuple[Duals, ...]
    level1: PeriodLP
    level2: PeriodLP


@dataclass
class Score:
    """A build's level values as the re-check computes them, per block and period (and split by year)."""

    values: np.ndarray  # [level, block, period]
    years: np.ndarray  # [level, block, year]: the last solve's values year by year
    solved: dict[tuple[int, int], Solved] = field(default_factory=dict)  # (block, period) when all levels were
    levels: int = LEVEL_COUNT  # how many levels were scored (the others are 0 in ``values``)

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
        # level 1 is a whole number when demand and places are (a max-flow) and no stay or required share
        # puts fractions of children in the independent sector (readings 14-15)
        self.integral = not blocks[0].full.group_rules \
            and all(np.allclose(b.coarse.class_demand, np.round(b.coarse.class_demand)) for b in blocks) \
            and np.allclose(blocks[0].full.setting_capacity, np.round(blocks[0].full.setting_capacity)) \
            and np.allclose(blocks[0].full.option_module, np.round(blocks[0].full.option_module)) \
            and float(blocks[0].full.parameters.tail_years).is_integer()
        linked = len(blocks[0].full.periods) < len(blocks[0].full.years)
        self.max_rounds = MAX_LINKED_ROUNDS if linked else MAX_ROUNDS
        self.builds = LINKED_BUILDS if linked else BUILDS  # builds scored per integer round
        self.incumbent: np.ndarray | None = None  # master values of the best build so far
        self.incumbent_score: Score | None = None
        self.lp_done: set[int] = set()
        self.tightened = 0  # integer bounds the fixed levels moved (:meth:`fix`), reset with the pins
        self.capital_limit = INF  # level 1b's, once fixed (:meth:`fix_capital`)
        self._scores: dict[bytes, Score] = {}  # see :meth:`score`
        self.level_seconds = 0.0  # what the last score took per level: the planner keeps a plan's worth back
        self.limits = [INF] * FIXED
        self.revenue_rows: list[int] = []  # cuts of levels costing revenue: they depend on revenue costs
        self._revenue_columns = {int(c) for i, lv in enumerate(LEVELS) if lv.cost == "cost"
                                 for c in self.master.columns[i].ravel()}
        full = np.zeros(self.master.n_cols)
        full[self.master.Y[self.master.Y >= 0]] = self.master.upper[self.master.Y[self.master.Y >= 0]]
        self._core = np.stack([self.master.capacity(full, t, usable=False) - self.master.inst.setting_capacity
                               for t in range(self.master.n_years)], axis=1)  # places of every option built

    # -- evaluating builds ---------------------------------------------------------------------

    def score(self, values: np.ndarray, levels: int = LEVEL_COUNT) -> Score:
        """Per-year values of the build in ``values`` as the re-check computes them (levels 1..``levels``).

        Each year's level is solved with the earlier ones fixed at their
        optimum plus the reading-11 tolerance; every solve also yields a cut.
        The last few builds scored at every level are kept (their LPs only
        change with revenue costs), so the workshop's last plan, still within
        a new budget, is scored again at once. Not one cache with the
        planner's kept plans (``Planner._kept``): these are the builds the
        search scored last (level 3 scores every master build of a round,
        so they turn over within a solve) with what ``latest`` and cuts need
        (per-period values and LPs); those are the plans returned, with
        their tables, allocated on fresh LPs too.
        """
        key = self.master.build_key(values)
        kept = self._scores.get(key)
        if kept is not None and kept.levels >= levels:
            return kept
        began = time.perf_counter()
        score = Score(*self._evaluate(values, levels - 1, at_master=False), levels=levels)
        self.level_seconds = (time.perf_counter() - began) / levels
        if levels == LEVEL_COUNT:
            self._scores[key] = score
            while len(self._scores) > KEPT_SCORES:
                self._scores.pop(next(iter(self._scores)))
        return score

    def separate(self, values: np.ndarray, level: int) -> int:
        """Cuts at the master point ``values`` for levels up to ``level``; returns how many were added."""
        before = self.master.cuts
        self._evaluate(values, level, at_master=True)
        return self.master.cuts - before

    def _evaluate(self, values: np.ndarray, level: int, at_master: bool,
                  periods: range | list[int] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, dict[tuple[int, int], Solved]]:
        """Solve each period's levels up to ``level`` at a build and add the violated cuts.

        ``at_master``: the level rows' limits are the master's ``z``/``theta``
        (Benders separation); else each earlier level's own optimum (scoring).
        Returns the values [level, block, period], the same split by year and,
        when scoring all three levels, each period's allocation (:class:`Solved`).
        When years are linked, separation also cuts with each year alone
        (the LP without stay rows is a relaxation, so its cuts bound that
        year's columns; the linked cut bounds their sum).
        """
        m = self.master
        spans = self.blocks[0].full.periods
        out = np.zeros((LEVEL_COUNT, len(self.blocks), len(spans)))
        by_year = np.zeros((LEVEL_COUNT, len(self.blocks), m.n_years))
        solved: dict[tuple[int, int], Solved] = {}
        for k, b in enumerate(self.blocks):
            for i in range(len(spans)) if periods is None else periods:
                if b.coarse_lps[i] is None:
                    continue
                ts = spans[i]
                out[:, k, i], by_year[:, k, list(ts)], kept = self._period(k, b.level_lps(i), ts, values, level,
                                                                           at_master)
                if kept is not None:
                    solved[k, i] = kept
                if at_master:
                    for t, (coarse, full) in enumerate(b.yearly):
                        if coarse is not None and t in ts:
                            self._period(k, b.level_lps(None, coarse, full), (t,), values, level, True)
                            release_if_large(b.yearly_columns, coarse, full)  # re-solved from their bases
        return out, by_year, solved

    def _period(self, k: int, lps: tuple[PeriodLP, ...], ts: tuple[int, ...], values: np.ndarray,
                level: int, at_master: bool) -> tuple[np.ndarray, np.ndarray, Solved | None]:
        """One block's period: levels up to ``level`` and their cuts; (values [L], by year [L, len(ts)], allocation).

        ``lps``: the period's LP of each level (see :class:`Block`). Each level
        is solved with the earlier ones limited: at the master's columns
        (separation) or at their optimum plus the reading-11 tolerance (scoring).
        """
        m = self.master
        out, by_year = np.zeros(LEVEL_COUNT), np.zeros((LEVEL_COUNT, len(ts)))
        cap = np.stack([m.capacity(values, t) for t in ts], axis=1)
        opened = np.stack([m.opened(values, t) for t in ts], axis=1)
        columns = [list(m.columns[e, k, list(ts)]) for e in range(LEVEL_COUNT)]
        limits: list[float] = []
        duals: list[Duals] = []
        for e in range(level + 1):
            lp = lps[e]
            if at_master and LEVELS[e].perturb:  # a slightly moved point gives a stronger (near Pareto-optimal) cut
                moved = lp.solve(e, cap + PERTURB * self._core[:, list(ts)], *limits, opened=opened)
                self._cut(columns[e], moved, ts, cap, opened, values, columns[:e])
                if e == level:
                    return out, by_year, None
            follows = e > 0 and lp is lps[e - 1]  # the earlier level's optimum is feasible here
            d = lp.solve(e, cap, *limits, primal=follows, opened=opened)
            if not (at_master and LEVELS[e].perturb):
                self._cut(columns[e], d, ts, cap, opened, values, columns[:e])
            duals.append(d)
            out[e], by_year[:e + 1] = d.value, lp.year_values()[:e + 1]
            floor = d.value + 1e-7 * max(1.0, d.value)
            limits.append(max(float(values[columns[e]].sum()), floor) if at_master else fix_limit(d.value))
        if at_master or level < LEVEL_COUNT - 1:
            return out, by_year, None
        last = lps[-1]
        return out, by_year, Solved(cap, tuple(last.flows(j) for j in range(len(ts))), last.layout, tuple(duals),
                                    lps[0], lps[1])

    def _cut(self, variables: list[int], d: Duals, years: tuple[int, ...], cap: np.ndarray, opened: np.ndarray,
             values: np.ndarray, earlier: list[list[int]] = ()) -> int:
        """Add ``sum variables >= value + lam . (cap(Y) - cap) + omega . (open(W) - opened) + mu . (sum cols - limit)``
        when the point violates it.

        Any dual-feasible ``(lam, mu)`` gives a lower bound on the period's
        value at every build and level limit (weak duality); at the point the
        LP was solved it is the value itself. ``earlier`` are the master's
        columns of the earlier levels in the period, whose sums the level rows limit.
        """
        here = d.bound(cap, *(float(values[list(cs)].sum()) for cs in earlier), opened=opened)
        if here <= float(values[variables].sum()) + VIOLATION * max(1.0, abs(here)):
            return 0
        base = np.repeat(self.master.inst.setting_capacity.astype(float)[:, None], len(years), axis=1)
        extra = {c: mu for cs, mu in zip(earlier, d.mu) for c in cs}
        shut = np.where(self.master.opens[:, None], 0.0, 1.0) * np.ones((1, len(years)))  # the constant: all closed
        row = self.master.add_cut(variables, d.bound(base, opened=shut), d.lam, years, extra, d.omega)
        if variables[0] in self._revenue_columns:
            self.revenue_rows.append(row)
        return 1

    # -- one level ---------------------------------------------------------------------------

    def solve_level(self, level: int, deadline: float, gap: float, cancelled: Callable[[], bool],
                    report: Callable[[float, float], None], rounds_limit: int = 1_000,
                    nodes: int = 2**31 - 1) -> LevelOutcome:
        """Minimise level ``level`` (0, 1, 2, or ``CAPITAL``: level 1b, reading 21, the least capital with
        level 1 held) with the earlier levels fixed; see the module docstring."""
        m = self.master
        m.set_objective(level)
        started = self._start_level(level, deadline, cancelled)
        if started is None:
            return LevelOutcome(INF, float("nan"), "cancelled" if cancelled() else "time_limit")
        rounds, relaxed = started
        best = self._value(self.incumbent_score, self.incumbent, level)
        bound, status = self._round_bound(relaxed, level) if math.isfinite(relaxed) else -INF, "time_limit"
        whole = level == 0 and self.integral  # level 1 is a whole number: a gap under 1 proves it
        final_gap = 0.0 if whole else gap / 10
        master_gap = final_gap if whole else MASTER_GAP
        # The work budget: ``rounds_limit * nodes`` branch-and-bound nodes over the level's master solves
        # (so an instance whose masters are easy gets many rounds), and at most ``max_rounds`` of them.
        work, integer_rounds = _Work(rounds_limit * nodes, nodes), 0
        while time.perf_counter() < deadline and not cancelled():
            if work.over() or integer_rounds == self.max_rounds:
                status = "work_limit"
                break
            integer_rounds += 1
            sol = m.solve(True, deadline, hint=self.incumbent, gap=master_gap,
                          absolute_gap=1 - 1e-6 if whole else 0.0, nodes=work.nodes(),
                          cutoff=self._cutoff(best, gap, whole))
            work.spend(sol.nodes)
            rounds += 1
            if sol.status == "infeasible":
                return LevelOutcome(INF, INF, "infeasible", rounds)
            if math.isfinite(sol.bound):
                bound = max(bound, self._round_bound(sol.bound, level))
            if sol.objective == INF:  # stopped before the master found a build: on time, or at its node limit
                status = "time_limit" if sol.status == "time_limit" or cancelled() else "work_limit"
                break
            try:
                added = self._round(sol, level)
            except TimeUp:  # an LP reached the deadline: the level ends with what it has
                break
            improved = self._value(self.incumbent_score, self.incumbent, level) < best
            best = self._value(self.incumbent_score, self.incumbent, level)
            report(best, bound)
            if best - bound <= gap * max(1.0, abs(best)):
                status = "optimal"
                break
            if sol.status == "time_limit" or sol.status == "interrupted":
                if sol.status == "interrupted" and not cancelled():
                    status = "work_limit"  # HiGHS stopped the master for a reason of its own, not the clock
                break
            if sol.status == "work_limit":  # the master stopped at its node limit: its build still gives cuts;
                # with no new cut and no better plan the same master would stop where it did (the sample's
                # level 2 repeated four equal 2,500-node solves): one deeper solve
                work.stopped(bool(added) or improved, close=best - bound <= PROOF_GAPS * gap * max(1.0, abs(best)))
                continue
            if not added:
                if master_gap <= final_gap:  # the master's optimum needs no cut: its bound is the level's
                    status = "optimal" if best - bound <= 10 * gap * max(1.0, abs(best)) else "work_limit"
                    break
                master_gap = final_gap
            else:  # solve the master only as well as the decomposition's own gap needs
                master_gap = max(final_gap, min(master_gap, (best - bound) / max(1.0, abs(best)) / 4))
        if status != "optimal" and cancelled():
            status = "cancelled"
        best = self._value(self.incumbent_score, self.incumbent, level)
        return LevelOutcome(best, bound if bound > -INF else float("nan"), status, rounds)

    def _start_level(self, level: int, deadline: float, cancelled: Callable[[], bool]) -> tuple[int, float] | None:
        """Score the incumbent at this level (a hint feasible for its cuts) and, the first time, Kelley rounds.

        Returns the rounds and the LP relaxation's bound (valid for the level; -inf if none), or None
        when the deadline came before the incumbent was scored.
        """
        cut = 0 if level == CAPITAL else level  # level 1b cuts and scores builds as level 1 does
        if self.incumbent is not None:
            try:
                self.incumbent_score = self.score(self.incumbent, cut + 1)
            except TimeUp:
                return None
            self.incumbent = self._point(self.incumbent, self.incumbent_score)
        if level in self.lp_done:
            return 0, -INF
        self.lp_done.add(level)
        return self._kelley(cut, deadline, cancelled)

    def _round(self, sol, level: int) -> int:
        """Score the master's builds (the best becomes the incumbent) and cut; returns the cuts added."""
        m = self.master
        cut = 0 if level == CAPITAL else level
        best = self._value(self.incumbent_score, self.incumbent, level)
        before = m.cuts
        for values in _distinct_builds(sol, m, self.builds):  # the MIP's earlier builds give cuts (maybe a plan)
            score = self.score(values, cut + 1)
            value = self._value(score, values, level)
            if value < best - 1e-9 * max(1.0, abs(best)) and self._keeps_earlier(score, level):
                best = value
                self.incumbent, self.incumbent_score = self._point(values, score), score
        return m.cuts - before or self.separate(sol.values, cut)

    def _kelley(self, level: int, deadline: float, cancelled: Callable[[], bool]) -> tuple[int, float]:
        """Cuts from the master's LP relaxation, separated between it and the incumbent (in-out).

        Separating at ``(x_lp + x_incumbent) / 2`` rather than at ``x_lp``
        steadies Kelley's zig-zag (Ben-Ameur and Neto's in-out); when the
        midpoint yields no cut, ``x_lp`` itself is tried before stopping.
        """
        m, rounds, last, bound = self.master, 0, -INF, -INF
        limit = LEVELS[level].lp_rounds
        while rounds < limit and time.perf_counter() < deadline and not cancelled():
            sol = m.solve(False, deadline)
            if sol.status == "infeasible" or sol.objective == INF:
                break
            rounds += 1
            bound = max(bound, sol.bound)
            added = 0
            try:
                if self.incumbent is not None:
                    added = self.separate((sol.values + self.incumbent) / 2, level)
                if not added:
                    added = self.separate(sol.values, level)
            except TimeUp:
                break
            if not added or (math.isfinite(last) and sol.objective - last <= LP_STALL * max(1.0, abs(last))):
                break
            last = sol.objective
        return rounds, bound

    def _value(self, score: Score | None, values: np.ndarray | None, level: int) -> float:
        """Level ``level`` of a scored build (level 3 adds the build's capital and place funding, reading 19;
        level 1b, ``CAPITAL``, is the capital alone)."""
        if score is None or values is None:
            return INF
        Y, W = self.master.build_values(values)
        last = self.master.n_years - 1
        capital = float(self.master.costs.capital @ Y[:, last] + self.master.costs.fixed @ W[:, last])
        if level == CAPITAL:
            return capital
        total = score.total(self.weights, level)
        if LEVELS[level].capital:
            total += capital + self.master.funding(values)
        return total

    @staticmethod
    def _cutoff(best: float, gap: float, whole: bool) -> float:
        """The master need only look for builds better than ``best`` by more than the level's gap: one
        that finds none proves the level (a whole-number level 1 by rounding its bound up)."""
        if not math.isfinite(best):
            return INF
        return best - (0.5 if whole else 0.99 * gap * max(1.0, abs(best)))

    def _round_bound(self, bound: float, level: int) -> float:
        """Level 1 with whole demand and places is a whole number (a max-flow): round its bound up."""
        if level == 0 and self.integral and math.isfinite(bound):
            return float(math.ceil(bound - 1e-3))
        return bound

    def _keeps_earlier(self, score: Score, level: int) -> bool:
        """The build keeps the earlier levels within their fixed limits (the master's level rows; level 1b's
        capital limit is a master row the build keeps by construction)."""
        return all(score.total(self.weights, e) <= self.limits[e] * (1 + 1e-9) + 1e-9
                   for e in range(1 if level == CAPITAL else level))

    def fix(self, level: int, score: Score, deadline: float = INF) -> float:
        """Fix ``level`` at the build's per-year values plus the reading-11 tolerance; returns the limit.

        The master's bounds then keep only builds that can hold it (:meth:`.master.Master.tighten`,
        until ``deadline``), so the later levels' masters start narrower.
        """
        limit = float(sum(w * sum(fix_limit(v) for v in score.values[level, k]) for k, w in enumerate(self.weights)))
        self.limits[level] = limit
        self.master.set_level_limits(*self.limits)
        self._tighten(deadline)
        return limit

    def fix_capital(self, capital: float, slack: float, deadline: float = INF) -> float:
        """Hold level 1b: capital at most its optimum plus the reading-11 tolerance and ``capital_slack``."""
        limit = fix_limit(capital) + slack * capital
        self.capital_limit = limit
        self.master.set_capital_limit(limit)
        self._tighten(deadline)
        return limit

    def _tighten(self, deadline: float) -> None:
        """Narrow the master for every level fixed so far, in the order they are fixed (1, 1b, 2): the earlier
        ones again, since the levels since have added cuts to them."""
        if self.incumbent is None or not self.master.integer.any():
            return
        held = [(0, self.limits[0]), (CAPITAL, self.capital_limit), *((e, self.limits[e]) for e in range(1, FIXED))]
        for level, limit in held:
            if math.isfinite(limit):
                self.tightened += self.master.tighten(level, limit, self.incumbent, deadline)

    def release(self) -> None:
        """Free the level rows (before a new solve)."""
        self.master.set_capital_limit()
        self.tightened = 0  # the bounds themselves are reset with the pins (:meth:`.master.Master.set_pins`)
        self.capital_limit = INF
        self.limits = [INF] * FIXED
        self.master.set_level_limits()

    def _point(self, values: np.ndarray, score: Score) -> np.ndarray:
        """The master vector of a build with its level columns at the scored (feasible) values."""
        m = self.master
        v = values.copy()
        for k in range(len(self.blocks)):
            for i, ts in enumerate(self.blocks[0].full.periods):
                years = list(ts)
                for level in range(FIXED):
                    limit = fix_limit(score.values[level, k, i])
                    split = score.years[level, k, years]  # a linked period's total shared as its years had it
                    total = split.sum()
                    v[m.columns[level, k, years]] = split * (limit / total) if total > 0 else limit / len(ts)
                last = score.years[-1, k, years] if len(ts) > 1 else score.values[-1, k, i]
                v[m.columns[-1, k, years]] = last * (1 + 1e-9) + 1e-6  # a start HiGHS finds feasible (its cut is tight)
        return m.with_usable(v)

    def set_deadline(self, deadline: float) -> None:
        """Every LP solve of the decomposition stops at ``deadline`` (raising :class:`.allocation.TimeUp`)."""
        for b in self.blocks:
            for lp in b.lps():
                lp.deadline = deadline

    def set_cancel(self, cancelled: Callable[[], bool]) -> None:
        """HiGHS stops the master and every LP of the decomposition mid-solve once ``cancelled()`` is true
        (an LP then raises :class:`.allocation.Cancelled`)."""
        self.master.interrupt.cancelled = cancelled
        for b in self.blocks:
            for lp in b.lps():
                lp.interrupt.cancelled = cancelled

    def release_yearly(self) -> None:
        """Free the one-year LPs' solver state once the levels are searched: only separation uses them, and
        the allocation's own one-year LPs would otherwise sit beside them (Kent v2: 12 LPs, about 700 MB).
        A kept planner's next solve goes on from their last bases (:meth:`.allocation.PeriodLP.release`)."""
        for b in self.blocks:
            for lp in b.yearly_lps():
                lp.release()

    def latest(self, values: np.ndarray, deadline: float = INF
               ) -> tuple[np.ndarray, dict[tuple[int, int], Solved]]:
        """The same plan with each module built as late as it can be without changing any level.

        Ties between equally good plans (a module a year early that no child
        uses yet) are settled one way, in a fixed order of options and years,
        so equal inputs give equal schedules, and places come when needed.
        A module moves from year ``t`` to ``t + 1`` only if the build keeps its
        budget rows and the three values of year ``t``'s period are unchanged.
        Also returns each period's allocation at the final build where it is
        known (from the incumbent's score or the moves), for the plan to reuse.
        """
        m = self.master
        score = self.incumbent_score
        solved = dict(score.solved) if score is not None and values is self.incumbent else {}
        values = values.copy()
        spans = self.blocks[0].full.periods
        known: dict[int, np.ndarray] = {}  # period -> its values at the current build

        def same(moved: np.ndarray, t: int, o: int) -> bool:
            """The levels of year ``t``'s period are equal (to 1e-9) at both builds, in every block."""
            i = next(i for i, ts in enumerate(spans) if t in ts)
            told = self._told(solved, i, t, o)
            if told is not None:
                return told
            if i not in known:
                here, _, kept = self._evaluate(values, LEVEL_COUNT - 1, at_master=False, periods=[i])
                known[i] = here[:, :, i]
                solved.update(kept)
            after, _, kept = self._evaluate(moved, LEVEL_COUNT - 1, at_master=False, periods=[i])
            if np.all(np.abs(after[:, :, i] - known[i]) <= 1e-9 * np.maximum(1.0, np.abs(known[i]))):
                known[i] = after[:, :, i]
                solved.update(kept)
                return True
            return False

        for o in range(len(m.inst.option_ids)):
            for t in range(m.n_years - 1):  # earliest first, so a module can move on year after year
                while m.Y[o, t] >= 0 and values[m.Y[o, t]] > (values[m.Y[o, t - 1]] if t and m.Y[o, t - 1] >= 0
                                                              else 0.0) + 0.5:
                    moved = values.copy()
                    moved[m.Y[o, t]] -= 1
                    if m.W[o, t] >= 0 and moved[m.Y[o, t]] < 0.5:
                        moved[m.W[o, t]] = 0.0 if t == 0 or m.W[o, t - 1] < 0 else moved[m.W[o, t - 1]]
                        if m.P[o, t] >= 0 and moved[m.W[o, t]] < 0.5:  # a later opening fills later (reading 22):
                            break  # every later year would change, not only this one
                    try:
                        if time.perf_counter() > deadline or not m.feasible(moved) or not same(moved, t, o):
                            break
                    except TimeUp:
                        return values, solved
                    values = moved
        return values, solved

    def _told(self, solved: dict[tuple[int, int], Solved], i: int, t: int, o: int) -> bool | None:
        """Whether one module less of option ``o`` in year ``t`` keeps period ``i``'s levels, where the kept
        allocations prove it without a solve (None when they cannot tell).

        Yes if in every block the setting has a module's worth of empty places in year ``t``: the same
        allocation stays feasible and so optimal at every level (``solved`` then gets the smaller
        capacity). No if in some block a level's capacity dual ``lam`` makes the value rise by more than
        the tolerance: ``V(cap - m) >= V(cap) - m lam`` (a subgradient).
        """
        if self.master.P[o, t] >= 0:  # a filling setting (reading 22) may lose fewer usable places than a module
            return None
        inst, j = self.master.inst, self.blocks[0].full.periods[i].index(t)
        s, size = int(inst.option_setting[o]), float(inst.option_module[o])
        kept = [solved.get((k, i)) for k in range(len(self.blocks))]
        if any(entry is None for entry in kept):
            return None
        for entry in kept:
            for d in entry.duals:
                if -size * d.lam[s, j] > 1e-9 * max(1.0, abs(d.value)):
                    return False
        slack = []
        for k, entry in enumerate(kept):
            arcs = entry.layout[j].arcs
            used = float(entry.flows[j][0][self.blocks[k].full.arc_setting[arcs] == s].sum())
            slack.append(entry.cap[s, j] - used)
        if min(slack) < size - 1e-9:
            return None
        for k, entry in enumerate(kept):
            cap = entry.cap.copy()
            cap[s, j] -= size
            solved[k, i] = replace(entry, cap=cap)
        return True

    def start_from(self, starts: list[np.ndarray]) -> None:
        """Take the best of ``starts`` (by level 1) as the first incumbent of a solve."""
        self.incumbent = self.incumbent_score = None
        for values in starts:
            try:
                score = self.score(values, 1)
            except TimeUp:  # no time to compare them: the first (the greedy plan), unscored
                if self.incumbent is None:
                    self.incumbent = values
                return
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
        return m.with_usable(values)

    def new_revenue(self, inst: Instance) -> None:
        """New revenue or transport costs: level-3 cuts no longer hold; drop them and re-cost the LPs.

        ``inst`` has the same classes and arcs as the blocks' (the planner
        checks the structure before calling this).
        """
        self._scores.clear()
        self.master.delete_rows(self.revenue_rows)
        self.revenue_rows = []
        self.lp_done -= {i for i, lv in enumerate(LEVELS) if lv.cost == "cost"}
        for b in self.blocks:
            for lp in {id(lp): lp for lp in [*b.full_lps, *(full for _, full in b.yearly)]}.values():
                if lp is not None:
                    lp.set_revenue(inst)

    def size(self) -> dict[str, int]:
        m = self.master
        return {"master_columns": m.n_cols, "integer_variables": int(m.integer.sum()), "cuts": m.cuts,
                "tightened_bounds": self.tightened,
                "allocation_variables": sum(lp.size for b in self.blocks for lp in b.full_lps if lp),
                **{k: int(v) for k, v in self.blocks[0].full.stats.items()}}


def _distinct_builds(sol, master: Master, most: int) -> list[np.ndarray]:
    """The master's final build first, then the distinct earlier builds it found (``most`` in all, newest first)."""
    seen, out = set(), []
    for values in (sol.values, *reversed(sol.others)):
        key = master.build_values(values)[0].tobytes()
        if key not in seen:
            seen.add(key)
            out.append(values)
    return out[:most]
