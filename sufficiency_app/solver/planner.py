"""Lexicographic solve by decomposition, and a Planner that keeps it between solves.

Levels (docs/model.md, "Objective"): minimise independent placements; then,
with level 1 fixed at its optimum plus the reading-11 tolerance, travel;
then, with both fixed, capital plus revenue. Each level is solved by
:class:`.benders.Decomposition` to a proven optimum or to its share of the
time limit, starting from the best build known (the greedy plan on a first
solve, the last plan on a re-solve), so a plan is never worse than greedy.

Whatever stops a level, the returned plan's allocation is the exact
lexicographic allocation of its build (:func:`.allocation_table.allocate`),
its figures are computed from its tables (what the independent re-check
recomputes), and each level carries the best bound the master proved and
says "optimal" only when proven.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import CancelledError
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..io import scenario_sha256
from ..model.places import empty_places
from ..model.plan import LEVEL_NAMES, SUMMARY_COLUMNS, LevelResult, PlanResult
from ..model.scenario import Scenario
from ..present.plan_tables import (
    finish_allocation,
    level_values,
    plan_from_tables,
    summary_table,
    without_tail,
)
from .allocation import Cancelled, TimeUp, never
from .allocation_table import Allocated, YearLPs, allocate, allocate_in_order, build_schedule
from .api import CancelToken, ProgressCallback, ProgressEvent, SolveOptions, allowance
from .benders import Block, Decomposition
from .explain import explain
from .heuristics import greedy_modules
from .instance import Instance, travel_minutes
from .levels import LEVELS
from .master import CAPITAL, Costs
from .pins import pin_problems, shortfall_message

IN_ORDER = ("stopped on time before the best allocation over the whole horizon: children are allocated year by "
            "year (each year the best given the years before), so the figures may be a little worse than this "
            "plan's best; give it more time for the exact figures, the explanations and the do-nothing comparison")
IN_ORDER_SOLVES = 3  # a first (cold) year-by-year allocation: up to 3 level-1 horizon solves (sample: 2.8 / 1.6 CPU-s;
# warm on the kept LPs 0.6, learnt as ``in_order_seconds``)
KEPT_PLANS = 4  # the last plans kept with their allocations (a workshop moving a slider back and forth)
TABLES = 0.05  # seconds per 10,000 allocation variables kept back for the plan's tables (its LPs are solved)


def _structure(inst: Instance) -> tuple:
    """Everything that shapes the decomposition; costs and budgets are left out on purpose."""
    return (inst.years, tuple(inst.settings["setting_id"]), inst.setting_capacity.tobytes(),
            tuple(inst.option_ids), inst.option_setting.tobytes(), inst.option_module.tobytes(),
            inst.option_max.tobytes(), inst.option_first.tobytes(), (inst.option_fixed > 0).tobytes(),
            inst.class_demand.tobytes(), inst.arc_class.tobytes(), inst.arc_setting.tobytes(),
            inst.arc_minutes.tobytes(), inst.arc_penalty.tobytes(), inst.setting_independent.tobytes(),
            float(inst.parameters.independent_minutes), inst.group_stay.tobytes(),
            inst.group_required.tobytes(), float(inst.parameters.tail_years), inst.option_fill.tobytes())


def _revenue(inst: Instance) -> tuple:
    """Level 3's costs per child: revenue and transport."""
    return (inst.setting_cost.tobytes(), float(inst.parameters.independent_place),
            inst.arc_transport.tobytes(), inst.independent_transport)


class Planner:
    """The decomposition of one scenario, re-solved quickly after workshop edits.

    ``solve`` applies the options' pins and solves; ``update`` takes an
    edited scenario and keeps the master and its cuts when only budgets,
    capital, build years, revenue or transport costs changed (cost changes
    drop the level-3 cuts only), else rebuilds (a new stay rate or required
    share changes the allocation LPs themselves). ``minutes`` overrides the travel model (benchmarks).
    """

    def __init__(self, scenario: Scenario, *, minutes: pd.DataFrame | None = None,
                 futures: list[Block] | None = None, cancel: CancelToken | None = None):
        """``futures``: demand blocks sharing the build (robust planning) instead of the scenario's own.
        ``cancel`` stops the build between its steps (:class:`concurrent.futures.CancelledError`)."""
        self._minutes = minutes
        self.build_seconds = 0.0
        self.finish_seconds = 0.0  # the last plan's tables took, kept back from the next limit
        self.in_order_seconds = 0.0  # the last year-by-year allocation took (linked years), 0 if none yet
        self._futures = futures
        self._build(scenario, futures, cancel)

    def _build(self, scenario: Scenario, futures: list[Block] | None = None, cancel: CancelToken | None = None
               ) -> None:
        """Build the model; if ``cancel`` is set before it is done, the planner stays as it was."""
        start = time.perf_counter()
        minutes = travel_minutes(scenario) if self._minutes is None else self._minutes
        _stop(cancel)
        keep = tuple(scenario.options["option_id"].astype(str)) if len(scenario.options) else ()
        instance = Instance.from_scenario(scenario, minutes, keep)
        _stop(cancel)
        coarse = Instance.from_scenario(scenario, minutes, keep, level1=True)
        _stop(cancel)
        decomposition = Decomposition(futures or [Block(1.0, instance, coarse)])
        _stop(cancel)
        self.scenario, self._minutes_now, self.instance, self.coarse = scenario, minutes, instance, coarse
        self.decomposition = decomposition
        self._years = YearLPs(instance, coarse)  # the year-by-year allocation's LPs, kept warm
        self._plans: list[_Kept] = []  # the last few plans with their exact allocations, newest last
        self._greedy: np.ndarray | None = None
        self.build_seconds = time.perf_counter() - start

    def update(self, scenario: Scenario, cancel: CancelToken | None = None) -> bool:
        """Take an edited scenario; returns True when the decomposition had to be rebuilt. ``cancel`` as for
        the constructor: when it stops the update, the planner keeps the scenario it had."""
        minutes = travel_minutes(scenario) if self._minutes is None else self._minutes
        _stop(cancel)
        keep = tuple(scenario.options["option_id"].astype(str)) if len(scenario.options) else ()
        inst = Instance.from_scenario(scenario, minutes, keep)
        _stop(cancel)
        if _structure(inst) != _structure(self.instance):
            self._build(scenario, cancel=cancel)
            return True
        if _revenue(inst) != _revenue(self.instance):
            self.decomposition.new_revenue(inst)
            self._years.set_revenue(inst)
            self._plans = []  # their allocations were the cheapest at the old costs
        self.scenario, self.instance = scenario, inst
        self.coarse = Instance.from_scenario(scenario, minutes, keep, level1=True)
        self.decomposition.master.set_costs(Costs.of(inst))  # capital rows change; every cut stays
        self._greedy = None
        return False

    def renew(self, cancel: CancelToken | None = None) -> None:
        """Build the decomposition afresh for the scenario it has, keeping only the last plans' allocation
        tables and the year-by-year LPs (what makes a quick solve after an edit quick).

        The next solve with explanations is then a fresh planner's, step for step (kept plans start only
        quick solves): the workshop's improving solve gives what the window and ``sufficiency solve`` give
        for the same inputs, proven or not. On kept cuts a plan stopped on its work limit followed another
        path and could differ within its stated gap. ``cancel`` as for the constructor.
        """
        plans, years = self._plans, self._years
        self._build(self.scenario, self._futures, cancel)
        self._plans, self._years = plans, years
        self.finish_seconds = 0.0

    def solve(self, options: SolveOptions = SolveOptions(), progress: ProgressCallback | None = None,
              cancel: CancelToken | None = None, *, started: float | None = None) -> PlanResult:
        """Solve the three levels; ``started`` is when the caller's clock began (reading counts too)."""
        start = time.perf_counter() if started is None else started
        emit = progress or (lambda event: None)
        problems = pin_problems(self.scenario, options.pins)
        dec = self.decomposition
        if not problems:
            try:
                dec.master.set_pins(options.pins)
            except ValueError as exc:
                problems = [str(exc)]
        if problems:
            return self._plan(dec.empty_build(), options, start, "infeasible", (),
                              "The pinned decisions cannot all be met: " + "; ".join(problems))
        cancelled = never if cancel is None else cancel.is_set
        dec.set_cancel(cancelled)  # HiGHS stops mid-solve: the master and every LP (Cancelled)
        self._years.cancelled = cancelled
        end = start + options.time_limit  # everything, the plan's tables and explanations included
        finish = self._finish()
        dec.release()
        dec.set_deadline(end - min(1.2 * finish, options.time_limit / 3))
        dec.start_from(self._starts(options))
        deadline = end - self._kept_back(finish, options.time_limit)
        levels: list[LevelResult] = []
        capital: list[LevelResult] = []
        notes: list[str | tuple] = []  # words, or (level, outcome, seconds) worded with the plan's values
        for i, spec in enumerate(LEVELS):
            name = spec.name
            if cancelled():
                break
            left = deadline - time.perf_counter()
            until = time.perf_counter() + max(0.0, left) * spec.share
            dec.set_deadline(until)  # its LP solves too
            emit(ProgressEvent(level=name, elapsed=time.perf_counter() - start, fraction=i / 3,
                               message=f"solving level {i + 1} of {len(LEVELS)} ({spec.words})"))
            began = time.perf_counter()
            out = dec.solve_level(i, until, options.relative_gap, cancelled, lambda inc, bnd, name=name: emit(
                ProgressEvent(level=name, elapsed=time.perf_counter() - start, incumbent=inc, bound=bnd)),
                rounds_limit=max(1, int(options.rounds * spec.work)), nodes=options.nodes)
            if out.status == "infeasible":
                reason = shortfall_message(self.scenario, options.pins) if options.pins else \
                    "the budget cannot pay for the fixed capital of the options that must be built"
                return self._plan(dec.empty_build(), options, start, "infeasible", (),
                                  "The pinned decisions cannot all be met: " + reason)
            levels.append(LevelResult(name, out.value, out.bound, "feasible" if out.status == "work_limit" else out.status))
            if out.status != "optimal":
                notes.append((i, out, time.perf_counter() - began))
            if i < len(LEVELS) - 1 and dec.incumbent_score is not None and dec.incumbent_score.levels > i:
                dec.fix(i, dec.incumbent_score, deadline)
            if i == 0 and not self.scenario.parameters.capital_for_travel and not cancelled():
                capital.append(self._least_capital(options, deadline, cancelled))
                if capital[-1].status != "optimal":
                    notes.append(f"level 1b (least capital) was not proven ({capital[-1].status})")
        levels += capital  # level 1b (reading 21) last, so levels[0..2] stay the three of every plan
        wanted = len(LEVELS) + (not self.scenario.parameters.capital_for_travel)
        status = "optimal" if len(levels) == wanted and all(lv.status == "optimal" for lv in levels) else (
            "cancelled" if cancelled() else "time_limit" if any(lv.status == "time_limit" for lv in levels)
            else "feasible")
        if status == "cancelled":  # at once: the best build so far, without allocating it
            return self._cancelled(levels, options, start)
        emit(ProgressEvent(level="check", elapsed=time.perf_counter() - start, fraction=0.95,
                           message="allocating children to the plan's places"))
        dec.set_deadline(deadline)
        dec.release_yearly()
        settled, solved, in_order = self._settle(deadline, end, finish, options.time_limit, options.explain)
        if status == "time_limit":
            notes.insert(0, "stopped on time: not every level is proven")
        searched = _words(notes, options.time_limit)
        plan = self._plan(settled, options, start, status, tuple(levels), searched, explained=options.explain,
                          solved=solved, in_order=in_order, cancelled=cancelled)
        if searched:  # the gaps as the plan's own values give them (a later level may have improved an earlier)
            final = _words(notes, options.time_limit, [lv.value for lv in plan.levels])
            plan = replace(plan, message=plan.message.replace(searched, final))
        if self._years.cut_short and not cancelled():  # a year-by-year allocation stopped on time: warm its LPs for the next
            self._in_order(settled, end)  # short solve (a workshop edit; about 3 CPU-s on the sample)
        plan = replace(plan, seconds=time.perf_counter() - start)
        emit(ProgressEvent(level="cost", elapsed=plan.seconds, fraction=1.0, message="done"))
        return plan

    def _cancelled(self, levels: list[LevelResult], options: SolveOptions, start: float) -> PlanResult:
        """The plan of a cancelled solve: the best build so far, without allocating it."""
        dec = self.decomposition
        Y, W = dec.master.build_values(dec.incumbent)
        return PlanResult(
            status="cancelled", schedule=build_schedule(self.instance, self.scenario, Y, W),
            allocation=finish_allocation([]), summary=pd.DataFrame(columns=list(SUMMARY_COLUMNS)),
            levels=tuple(levels), gap=float("nan"), seconds=time.perf_counter() - start,
            backend=options.backend, scenario_sha256=scenario_sha256(self.scenario),
            model_size=dec.size(), message="cancelled: the best build found so far, not allocated")

    def _linked(self) -> bool:
        return len(self.instance.periods) < len(self.instance.years) and self._futures is None

    def _finish(self) -> float:
        """Seconds the plan's tables take after its allocation: the last plan's, at least ``TABLES`` per 10,000
        allocation variables (a first solve). Kept back from every deadline before them."""
        return max(self.finish_seconds, TABLES * (1 + self.decomposition.size()["allocation_variables"] / 1e4))

    def _kept_back(self, finish: float, limit: float) -> float:
        """Seconds the search leaves at the end: enough to score its last plan at every level (its allocation)
        and tabulate it; with linked years, when that is too long for the limit, to allocate it year by year."""
        keep = 1.2 * (finish + len(LEVELS) * self.decomposition.level_seconds)
        if not self._linked() or keep <= limit / 3:
            return min(keep, limit / 3)
        return min(1.2 * (finish + (self.in_order_seconds or IN_ORDER_SOLVES * self.decomposition.level_seconds)),
                   limit / 2)

    def _settle(self, deadline: float, end: float, finish: float, limit: float, explain: bool
                ) -> tuple[np.ndarray, dict, Allocated | None]:
        """The incumbent with its modules as late as they can be, its kept allocations, and (linked years,
        when the search did not allocate it) its year-by-year allocation in case the exact one is late."""
        dec = self.decomposition
        settled, solved = dec.latest(dec.incumbent, deadline=deadline)
        if not explain and self._kept(settled) is not None:  # a kept plan again: its allocation is kept
            return settled, solved, None
        in_order = None
        if self._futures is None and len(solved) < sum(lp is not None for lp in dec.blocks[0].coarse_lps):
            if self._linked():  # seconds, against a minute for the horizon's three levels cold; the tables after
                in_order = self._in_order(settled, end + allowance(limit) / 2 - finish)
            dec.set_deadline(end - finish)  # the plan was not scored at every level: its allocation, warm
            try:
                solved = dec.score(settled).solved
            except TimeUp:
                pass
        return settled, solved, in_order

    def _kept(self, values: np.ndarray | None) -> Allocated | None:
        """The exact allocation of the build ``values`` if it is one of the last plans': an allocation depends on
        the build, demand and costs, not on budgets or pins, so a workshop edit a kept plan still fits (a
        slider moved back) has it at once. Not the decomposition's scores (``Decomposition.score``): those
        are the builds last scored in a search, which turn over within one level-3 solve, so a plan two edits
        back would be gone; these are the plans returned, whichever LPs allocated them."""
        key = None if values is None else self.decomposition.master.build_key(values)
        return next((p.allocated for p in self._plans if p.key == key), None)

    def _keep(self, values: np.ndarray, allocated: Allocated, independent: float) -> None:
        """Keep a plan's allocation table, not its LPs (hundreds of MB each): a solve with explanations solves
        them again."""
        key = self.decomposition.master.build_key(values)
        self._plans = [p for p in self._plans if p.key != key][-(KEPT_PLANS - 1):] + [
            _Kept(key, values, Allocated(allocated.table, {}, {}, allocated.used), independent)]

    def _in_order(self, values: np.ndarray, deadline: float) -> Allocated | None:
        """The year-by-year allocation of a build (:func:`.allocation_table.allocate_in_order`), None if late."""
        began = time.perf_counter()
        Y, W = self.decomposition.master.build_values(values)
        try:
            out = allocate_in_order(self.instance, self.coarse, Y, self._minutes_now, deadline, W, self._years)
        except TimeUp:
            return None
        self.in_order_seconds = time.perf_counter() - began
        return out

    def _least_capital(self, options: SolveOptions, deadline: float, cancelled) -> LevelResult:
        """Level 1b (docs/model.md reading 21): the least capital with level 1 held, then held itself."""
        dec = self.decomposition
        until = time.perf_counter() + max(0.0, deadline - time.perf_counter()) * LEVELS[0].share
        dec.set_deadline(until)
        out = dec.solve_level(CAPITAL, until, options.relative_gap, cancelled, lambda inc, bnd: None,
                              rounds_limit=options.rounds, nodes=options.nodes)
        if dec.incumbent is not None and np.isfinite(out.value):
            dec.fix_capital(out.value, self.scenario.parameters.capital_slack, deadline)
        return LevelResult("capital", out.value, out.bound, "feasible" if out.status == "work_limit" else out.status)

    def _starts(self, options: SolveOptions) -> list[np.ndarray]:
        """Builds to start from: the last plan (if it keeps the new pins and budgets) and the greedy plan."""
        dec = self.decomposition
        if self._greedy is None:
            self._greedy = dec.point_of(greedy_modules(self.instance))
        # the best kept plan that still fits first (its allocation is kept: a workshop edit has a plan at once);
        # a solve with explanations never has its allocation kept, so it starts as a fresh planner does
        fits = [] if options.explain else [p for p in reversed(self._plans) if dec.master.feasible(p.values)]
        best = [min(fits, key=lambda p: p.independent).values] if fits else []
        starts = best + ([dec.incumbent] if dec.incumbent is not None else []) + [self._greedy]
        return [s for s in starts if dec.master.feasible(s)] or [dec.empty_build()]

    def baseline(self, deadline: float, cancel: CancelToken | None = None) -> PlanResult | None:
        """The do-nothing plan (no new places, the exact allocation) from the kept LPs, or None if the
        ``deadline`` (a ``time.perf_counter()`` value) or a cancel (``cancel``, HiGHS stops mid-solve) comes
        first. Its allocation's solves stop the tables' time (``_finish``) before the deadline, so the tables too
        are made by then; kept allocations (no solve) are tabulated whatever the time, as before."""
        began = time.perf_counter()
        dec = self.decomposition
        empty = dec.empty_build()
        cancelled = never if cancel is None else cancel.is_set
        deadline -= self._finish()
        dec.set_deadline(deadline)
        dec.set_cancel(cancelled)  # not the last solve's request, which its LPs would otherwise still ask
        try:
            solved = dec.score(empty).solved if self._futures is None else {}
            Y = np.zeros(dec.master.Y.shape, dtype=int)
            allocation = allocate(self.instance, self.coarse, Y, self._minutes_now, self._by_period(solved),
                                  deadline, cancelled=cancelled).table
        except TimeUp:  # Cancelled too
            return None
        schedule = build_schedule(self.instance, self.scenario, Y, Y)
        return plan_from_tables(self.scenario, schedule, allocation, backend="baseline", status="optimal",
                                seconds=time.perf_counter() - began, scenario_sha256=scenario_sha256(self.scenario))

    def _by_period(self, solved: dict) -> dict:
        """The decomposition's kept allocations by period (block 0 is the scenario's own unless robust)."""
        if self._futures is not None:
            return {}
        periods = self.decomposition.blocks[0].full.periods
        return {periods[i]: kept for (k, i), kept in solved.items() if k == 0}

    def _plan(self, values: np.ndarray, options: SolveOptions, start: float, status: str,
              levels: tuple[LevelResult, ...], message: str, explained: bool = False,
              solved: dict | None = None, in_order: Allocated | None = None,
              cancelled: Callable[[], bool] = never) -> PlanResult:
        """The plan of a build: exact allocation, tables, and the levels' values scored from the tables.

        The allocation reuses the decomposition's solves at this build (``solved``); periods it lacks are
        solved afresh while the time limit allows, else the year-by-year allocation ``in_order`` stands in
        (linked years), else the plan comes without an allocation and says so. Once ``cancelled()`` is true HiGHS
        stops the allocation and explanation LPs mid-solve: the plan is then the cancelled one (no allocation).
        """
        end = start + options.time_limit
        Y, W = self.decomposition.master.build_values(values)
        schedule = build_schedule(self.instance, self.scenario, Y, W)
        try:  # an allocation the search did not solve may use half the allowance past the limit (none if
            # the year-by-year one stands in: it was made because the exact one did not fit)
            late = 0.0 if in_order is not None else end + allowance(options.time_limit) / 2 - self._finish()
            allocated = (None if explained else self._kept(values)) or allocate(
                self.instance, self.coarse, Y, self._minutes_now, self._by_period(solved or {}), late, W=W,
                cancelled=cancelled)
            exact = status != "infeasible"
        except Cancelled:  # a workshop closed while allocating: as when cancelled in the search
            return self._cancelled(list(levels), options, start)
        except TimeUp:
            if in_order is None:
                return self._unallocated(schedule, options, start, status, levels, message)
            allocated, explained, exact = in_order, False, False
            message = "; ".join(filter(None, (IN_ORDER, message)))
        if explained and cancelled():  # before the tables (sample: 0.5 s)
            return self._cancelled(list(levels), options, start)
        allocation = allocated.table
        allocated_at = time.perf_counter()
        scored = level_values(self.scenario, schedule, allocation)
        if exact:
            self._keep(values, allocated, scored[0])
        if status != "infeasible":
            horizon = without_tail(self.scenario, schedule, allocation)
            main = [lv for lv in levels if lv.name in LEVEL_NAMES]
            capital = [lv for lv in levels if lv.name not in LEVEL_NAMES]
            levels = tuple(replace(lv, value=v, without_tail=h) for lv, v, h in zip(main, scored, horizon)) + tuple(
                LevelResult(lv.name, v, float("nan"), "time_limit", h)
                for lv, v, h in list(zip(LEVELS, scored, horizon))[len(main):]) + tuple(
                replace(lv, value=float(schedule["capital"].sum())) for lv in capital)
        gaps = [_gap(lv.value, lv.bound) for lv in levels]
        plan = PlanResult(
            status=status, schedule=schedule, allocation=allocation,
            summary=summary_table(self.scenario, schedule, allocation), levels=levels,
            empty_places=empty_places(self.scenario, schedule, allocation),
            gap=float("nan") if not gaps or np.isnan(gaps).any() else max(gaps), seconds=time.perf_counter() - start, backend=options.backend,
            scenario_sha256=scenario_sha256(self.scenario), model_size=self.decomposition.size(), message=message)
        self.finish_seconds = time.perf_counter() - allocated_at
        if explained:  # they re-solve level 1 once per chosen option: at Kent size with linked years, minutes
            for lp in allocated.level1.values():
                lp.deadline = end
            try:
                plan = explain(self.instance, plan, Y, allocated, W)
            except Cancelled:
                return self._cancelled(list(levels), options, start)
            except TimeUp:
                plan = replace(plan, message="; ".join(filter(None, (
                    message, "marginal and option values left out: the time limit came first"))))
        return plan

    def _unallocated(self, schedule: pd.DataFrame, options: SolveOptions, start: float, status: str,
                     levels: tuple[LevelResult, ...], message: str) -> PlanResult:
        """The build without an allocation: the time limit came before its allocation LPs were solved."""
        note = "stopped on time before the children could be allocated to the plan's places: " \
               "give it more time for the figures"
        return PlanResult(
            status="time_limit", schedule=schedule, allocation=finish_allocation([]),
            summary=pd.DataFrame(columns=list(SUMMARY_COLUMNS)),
            levels=tuple(LevelResult(lv.name, float("nan"), float("nan"), "time_limit") for lv in LEVELS),
            gap=float("nan"), seconds=time.perf_counter() - start, backend=options.backend,
            scenario_sha256=scenario_sha256(self.scenario), model_size=self.decomposition.size(),
            message="; ".join(filter(None, (note, message))))


@dataclass(frozen=True)
class _Kept:
    """A plan's build (its key and master values), exact allocation and level 1 (budgets do not change it)."""

    key: bytes
    values: np.ndarray
    allocated: Allocated
    independent: float


def _stop(cancel: CancelToken | None) -> None:
    """Raise :class:`concurrent.futures.CancelledError` if ``cancel`` is set (a model build between steps)."""
    if cancel is not None and cancel.is_set():
        raise CancelledError("the model build was cancelled")


def _gap(value: float, bound: float) -> float:
    """Relative gap; NaN when no bound is known."""
    if not np.isfinite(bound):
        return float("nan")
    return max(0.0, value - bound) / max(abs(value), 1e-9)


def _words(notes: list[str | tuple], limit: float, values: list[float] | None = None) -> str:
    """The notes in words; a level's gap from ``values`` (the plan's level values) where given and known."""
    def worded(note: str | tuple) -> str:
        if isinstance(note, str):
            return note
        level, out, seconds = note
        if values is not None and level < len(values) and np.isfinite(values[level]):
            out = replace(out, value=values[level])
        return _note(level, out, limit, seconds)
    return "; ".join(worded(n) for n in notes)


def _note(level: int, out, limit: float, seconds: float) -> str:
    """Why a level ended unproven, in words: cancelled, its work limit, or its share of the time limit."""
    word = LEVELS[level].words
    if out.status == "cancelled":
        return f"level {level + 1} ({word}) was cancelled before it was proven"
    if not np.isfinite(out.bound):
        why = "stopped at its work limit" if out.status == "work_limit" else "ran out of time"
        return f"level {level + 1} ({word}) {why} before any bound was known"
    stop = (f"after {out.rounds} rounds (its work limit)" if out.status == "work_limit"
            else f"after {seconds:.0f} s, its share of the {limit:g} s limit")
    return f"level {level + 1} ({word}) stopped {stop} within {_gap(out.value, out.bound):.2%} of the best possible"
