"""Lexicographic solve in passes, and a Planner that keeps the model between solves.

Levels (planning-model "Objective"): minimise independent placements; then,
with level 1 fixed at ``value * (1 + 1e-6) + 1e-5`` (reading 11), travel;
then, with both fixed, capital plus revenue. Each pass gets a share of the
time limit, is warm-started from the previous pass (or the previous solve)
and records its value, bound and status.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
import pandas as pd
from ortools.math_opt.python import mathopt

from ..codes import INDEPENDENT
from ..scenario import Scenario
from ..plan import LEVEL_NAMES as LEVELS, SUMMARY_COLUMNS, LevelResult, PlanResult
from .api import CancelToken, ProgressCallback, ProgressEvent, SolveOptions
from .backends import Outcome, solve_once
from .explain import explain
from .heuristics import greedy_modules
from .instance import Instance, travel_minutes
from .model import Costs, PlanModel
from .pins import pin_problems, shortfall_message
from .tables import finish_allocation, level_values, local_rows, scenario_hash, summary_table
from .warmstart import complete, schedule_from_decisions

SHARES = (0.6, 0.5, 1.0)  # of the remaining time, per level: level 1 matters most and proves slowest
REL_FIX, ABS_FIX = 1e-6, 1e-5
OVERRUN, GRACE = 0.1, 0.5  # HiGHS gets 90% of a pass and is stopped 0.5 s after the pass's end
# (level 1 only at the time limit itself: its incumbent is the plan; HiGHS overran a 20 s Kent pass by 2.7 s)
WARM_TO_FULL = 10  # a 3-pass check of the full model over level 1's 1-pass warm start (Kent: 32 s / 4 s)
WARM_SHARE = 1 / 3  # of level 1's time at most for its warm start (else it starts without one)
PRESOLVE_FROM = 100_000  # level-1 allocation variables from which HiGHS's presolve pays (Kent size)
MIN_PASS = 0.2  # seconds: a pass with less time left takes its warm start as its plan
FINISH = 0.1  # seconds per 10,000 allocation variables kept for the result tables after the passes
EXPLAIN = 0.3  # the same for explanations, until one has been measured


def _structure(inst: Instance) -> tuple:
    """Everything that shapes the model; costs and budgets are left out on purpose."""
    return (inst.years, tuple(inst.settings["setting_id"]), inst.setting_capacity.tobytes(),
            tuple(inst.option_ids), inst.option_setting.tobytes(), inst.option_module.tobytes(),
            inst.option_max.tobytes(), inst.option_first.tobytes(), (inst.option_fixed > 0).tobytes(),
            inst.class_demand.tobytes(), inst.arc_class.tobytes(), inst.arc_setting.tobytes(),
            inst.arc_minutes.tobytes(), inst.arc_penalty.tobytes(), inst.setting_independent.tobytes(),
            float(inst.scenario.parameters.independent_minutes))


class Planner:
    """Built models for one scenario, re-solved quickly after workshop edits.

    Level 1 is solved on a coarse model (``Instance(level1=True)``: exact for
    level 1 and several times smaller), levels 2 and 3 on the full model.
    ``solve`` applies the options' pins and solves; ``update`` takes an
    edited scenario and keeps the models when only budgets or costs changed
    (else rebuilds). ``minutes`` overrides the travel model (benchmarks);
    ``aggregate=False`` turns class merging off (to measure it).
    """

    def __init__(self, scenario: Scenario, *, minutes: pd.DataFrame | None = None, aggregate: bool = True):
        self._minutes = minutes
        self._aggregate = aggregate
        self._last: dict[tuple[str, str, int], float] = {}
        self._baseline: PlanResult | None = None
        self._explain_seconds = 0.0  # measured on the last solve, to keep time for it within the limit
        self.build_seconds = 0.0
        self._build(scenario)

    def _build(self, scenario: Scenario, keep: frozenset[str] = frozenset()) -> None:
        start = time.perf_counter()
        self.scenario = scenario
        self._keep = keep
        self._baseline = None
        self._minutes_now = travel_minutes(scenario) if self._minutes is None else self._minutes
        self.instance = Instance.from_scenario(scenario, self._minutes_now, keep, aggregate=self._aggregate)
        self.coarse = PlanModel(
            Instance.from_scenario(scenario, self._minutes_now, keep, aggregate=self._aggregate, level1=True),
            full=False)
        self.model = PlanModel(self.instance)
        self.build_seconds = time.perf_counter() - start

    def update(self, scenario: Scenario) -> bool:
        """Take an edited scenario; returns True when the models had to be rebuilt."""
        minutes = travel_minutes(scenario) if self._minutes is None else self._minutes
        inst = Instance.from_scenario(scenario, minutes, self._keep, aggregate=self._aggregate)
        if _structure(inst) != _structure(self.instance):
            self._build(scenario, self._keep)
            return True
        coarse = Instance.from_scenario(scenario, minutes, self._keep, aggregate=self._aggregate, level1=True)
        self.scenario, self.instance, self.model.inst, self.coarse.inst = scenario, inst, inst, coarse
        self._baseline = None
        self.model.set_costs(Costs.of(inst))
        self.coarse.set_costs(Costs.of(coarse))
        return False

    def solve(
        self,
        options: SolveOptions = SolveOptions(),
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> PlanResult:
        """Solve the three levels in passes; see the module docstring."""
        start = time.perf_counter()
        emit = _emitter(progress)
        problems = pin_problems(self.scenario, options.pins)
        if problems:
            return self._infeasible(options, start, problems)
        forced = frozenset(p.option_id for p in options.pins if p.rule == "force")
        if not forced <= set(self.instance.option_ids) | self._keep:
            self._build(self.scenario, self._keep | forced)  # a forced option had been pruned as useless
        size = self.model.size()["allocation_variables"]
        finish = FINISH * (1 + size / 1e4)
        explain_reserve = min(self._explain_seconds or EXPLAIN * (1 + size / 1e4), options.time_limit / 4)
        reserve = finish + (explain_reserve if options.explain else 0.0)
        last = self._last or self._greedy_start()
        passes = run_levels((self.coarse, self.model, self.model), options, start, emit, cancel, last, reserve,
                            self._minutes_now)
        if passes.infeasible:
            return self._infeasible(options, start, [shortfall_message(self.scenario, options.pins)])
        self._last, levels, status, notes = passes.last, passes.levels, passes.status, passes.notes
        if passes.values is None and status == "cancelled":
            return self._cancelled(options, start, tuple(levels), "; ".join(notes))
        # Without a full-model plan (time ran out): the checker's allocation of level 1's plan if it fits
        # in the time left, else level 1's own solution split back to groups.
        pm, solution = (self.model, passes.values) if passes.values is not None else (self.coarse, passes.first)
        left = start + options.time_limit - time.perf_counter() - finish
        if passes.values is None and passes.first is not None and 0 < WARM_TO_FULL * passes.warm < left:
            full = complete(self.model, self._last, self._minutes_now, start + options.time_limit)
            pm, solution = (self.model, full) if full is not None else (pm, solution)
        if solution is None:
            return self._empty(options, start, status, "; ".join(notes) or "no plan was found")
        values = {"x": np.array([solution[v] for v in pm.x]), "u": np.array([solution[v] for v in pm.u])}
        plan = self._result(values, pm, options, start, status, levels, notes)
        if options.explain and not (cancel is not None and cancel.is_set()):
            emit(ProgressEvent(level="check", elapsed=time.perf_counter() - start, fraction=0.95,
                               message="valuing places and options"))
            began, message = time.perf_counter(), plan.message
            plan = explain(self.scenario, plan, self._minutes_now, deadline=start + options.time_limit)
            took = time.perf_counter() - began
            self._explain_seconds = took if plan.message == message else max(2 * took, self._explain_seconds)
            plan = replace(plan, seconds=time.perf_counter() - start)
        emit(ProgressEvent(level="cost", elapsed=plan.seconds, fraction=1.0, message="done"))
        return plan

    def _greedy_start(self) -> dict[tuple[str, str, int], float]:
        """Build decisions of the greedy plan (a feasible first incumbent for level 1)."""
        modules = greedy_modules(self.instance)
        index = {y: t for t, y in enumerate(self.instance.years)}
        decisions = {("y", str(o), index[int(y)]): float(m) for o, y, m in modules.itertuples(index=False)}
        fixed = {str(o) for o in self.instance.option_ids[self.instance.option_fixed > 0]}
        for o, y in modules.groupby("option_id")["year"].min().items():
            if str(o) in fixed:
                decisions[("open", str(o), index[int(y)])] = 1.0
        return decisions

    # -- results -------------------------------------------------------------------------------

    def _allocation(self, values: dict, pm: PlanModel) -> pd.DataFrame:
        """Split the class flows of ``pm`` back to groups pro rata to demand (all groups of a class are alike).

        Journeys are looked up per group (a coarse level-1 class spans areas).
        """
        inst = pm.inst
        years = np.asarray(inst.years)
        sid = inst.settings["setting_id"].astype(str).to_numpy()
        share = np.divide(inst.group_demand, inst.class_demand[inst.group_class],
                          out=np.zeros_like(inst.group_demand), where=inst.class_demand[inst.group_class] > 0)
        members = pd.DataFrame({"group": np.arange(len(inst.groups)), "cls": inst.group_class})
        flows = pd.DataFrame({"cls": inst.arc_class[pm.x_arc], "t": pm.x_year, "count": values["x"],
                              "s": inst.arc_setting[pm.x_arc]})
        outside = pd.DataFrame({"cls": pm.u_class, "t": pm.u_year, "count": values["u"], "s": -1})
        f = pd.concat([flows, outside], ignore_index=True)
        f = f[f["count"] > 1e-9].merge(members, on="cls")
        f["count"] = f["count"].to_numpy() * share[f["group"].to_numpy(), f["t"].to_numpy()]
        g = inst.groups.iloc[f["group"].to_numpy()].reset_index(drop=True)
        s = f["s"].to_numpy()
        matrix = self._minutes_now.set_axis(self._minutes_now.index.astype(str), axis=0).reindex(
            index=g["area_id"].unique(), columns=sid)
        rows = matrix.index.get_indexer(g["area_id"])
        f["provision_id"] = np.where(s >= 0, sid[s], INDEPENDENT)
        f["minutes"] = np.where(s >= 0, matrix.to_numpy(dtype=float)[rows, np.maximum(s, 0)],
                                float(inst.scenario.parameters.independent_minutes))
        placed = pd.concat([g, f.reset_index(drop=True)[["count", "provision_id", "minutes"]]], axis=1)
        placed["year"] = years[f["t"].to_numpy()]
        return finish_allocation([placed, local_rows(inst.local)])

    def _result(self, values: dict, pm: PlanModel, options: SolveOptions, start: float, status: str,
                levels: list[LevelResult], notes: list[str]) -> PlanResult:
        """The plan of the last build decisions and ``values`` of ``pm``.

        Levels no pass reached are scored from the tables, with bound 0 and
        status ``time_limit`` (not optimised).
        """
        schedule = schedule_from_decisions(self.instance, self.scenario, self._last)
        allocation = self._allocation(values, pm)
        scored = level_values(self.scenario, schedule, allocation)
        # A level not proven optimal is reported at the returned plan's own value: a later pass may have
        # improved it (its row only caps it).
        levels = tuple(lv if lv.status == "optimal" else replace(lv, value=min(lv.value, v))
                       for lv, v in zip(levels, scored)) + tuple(
            LevelResult(n, v, 0.0, "time_limit") for n, v in list(zip(LEVELS, scored))[len(levels):])
        last = levels[-1]
        return PlanResult(
            status=status, schedule=schedule, allocation=allocation,
            summary=summary_table(self.scenario, schedule, allocation), levels=levels,
            gap=_gap(last.value, last.bound), seconds=time.perf_counter() - start, backend=options.backend,
            scenario_sha256=scenario_hash(self.scenario), model_size=self.model.size(), message="; ".join(notes),
        )

    def _empty(self, options: SolveOptions, start: float, status: str, message: str) -> PlanResult:
        """The do-nothing plan (baseline allocation, computed once) with a status and a message."""
        from .heuristics import baseline

        if self._baseline is None:
            self._baseline = baseline(self.scenario, minutes=self._minutes_now)
        base = self._baseline
        return PlanResult(
            status=status, schedule=base.schedule, allocation=base.allocation, summary=base.summary,
            levels=base.levels, gap=float("nan"), seconds=time.perf_counter() - start, backend=options.backend,
            scenario_sha256=base.scenario_sha256, model_size=self.model.size(), message=message,
        )

    def _cancelled(self, options: SolveOptions, start: float, levels: tuple[LevelResult, ...],
                   message: str) -> PlanResult:
        """Returned at once on a cancel: the best schedule known so far, no allocation."""
        schedule = schedule_from_decisions(self.instance, self.scenario, self._last)
        return PlanResult(
            status="cancelled", schedule=schedule, allocation=finish_allocation([]),
            summary=pd.DataFrame(columns=list(SUMMARY_COLUMNS)), levels=levels, gap=float("nan"),
            seconds=time.perf_counter() - start, backend=options.backend,
            scenario_sha256=scenario_hash(self.scenario), model_size=self.model.size(),
            message=message or "cancelled",
        )

    def _infeasible(self, options: SolveOptions, start: float, reasons: list[str]) -> PlanResult:
        base = self._empty(options, start, "infeasible", "")
        return PlanResult(**{**base.__dict__, "status": "infeasible", "levels": (),
                             "message": "The pinned decisions cannot all be met: " + "; ".join(reasons)})


@dataclass
class Passes:
    """What the level passes found: level results, overall status, notes for the message,
    the last build decisions, and the last solution of a full model (None if none)."""

    levels: list[LevelResult] = field(default_factory=list)
    status: str = "optimal"
    notes: list[str] = field(default_factory=list)
    last: dict = field(default_factory=dict)
    values: dict[mathopt.Variable, float] | None = None
    first: dict[mathopt.Variable, float] | None = None  # level 1's solution (its own model)
    warm: float = 0.0  # seconds per checker pass of level 1's warm start
    infeasible: bool = False


def run_levels(models: tuple[PlanModel, PlanModel, PlanModel], options: SolveOptions, start: float,
               emit: Callable[[ProgressEvent], None], cancel: CancelToken | None, last: dict,
               reserve: float = 0.0, minutes: pd.DataFrame | None = None) -> Passes:
    """Solve level ``i`` on ``models[i]``, fixing each level on the later models (reading 11).

    Each pass is warm-started: from the previous pass's full solution when
    it ran on the same model (so it can never lose that plan), else from
    ``last`` (the previous build decisions) completed into a full solution.
    Pass ``i`` gets ``SHARES[i]`` of the time left before
    ``start + time_limit - reserve``. When a pass ends without a plan of its
    own, its warm start is its plan, so a time limit always returns one.
    ``minutes`` is the travel matrix the models were built with.
    """
    out = Passes(last=dict(last))
    deadline = start + options.time_limit - reserve
    warm = 0.0  # seconds per checker pass of level 1's warm start
    for pm in set(models):
        pm.set_pins(options.pins)
        for row in pm.level_rows:
            row.upper_bound = float("inf")
    for i, name in enumerate(LEVELS):
        if cancel is not None and cancel.is_set():
            out.status = "cancelled"
            out.notes.append(f"cancelled before level {name}")
            break
        pm = models[i]
        objective = pm.objective(i)
        pm.model.minimize(objective)
        emit(ProgressEvent(level=name, elapsed=time.perf_counter() - start, fraction=i / 3,
                           message=f"solving level {i + 1} of 3 ({name})"))
        share = (deadline - time.perf_counter()) * SHARES[i]
        began = time.perf_counter()
        if i and pm is models[i - 1] and out.values is not None:
            hints = out.values
        elif i and warm * (i + 1) > share:  # a warm start of i + 1 checker passes would not fit: none
            hints = None
        else:
            until = time.perf_counter() + max(share * (WARM_SHARE if i == 0 else 1.0), 0.5)
            hints = complete(pm, out.last, minutes, until, passes=i + 1)
            if hints is None and i == 0 and out.last and time.perf_counter() < until:
                hints = complete(pm, {}, minutes, until, passes=1)  # the last plan breaks a new pin: start from nothing
            warm = out.warm = (time.perf_counter() - began) / (i + 1) if i == 0 else warm
        seconds = min(share, deadline - time.perf_counter())
        if seconds < MIN_PASS and hints is not None:  # out of time: the warm start is this level's plan
            outcome = Outcome(None, "time_limit")
        else:
            outcome = solve_once(
                pm.model, options.backend, seconds=seconds * (1 - OVERRUN), relative_gap=options.relative_gap,
                threads=options.threads, hints=hints, cancel=cancel,
                presolve=pm.full or len(pm.x) > PRESOLVE_FROM,
                stop_at=start + options.time_limit if i == 0 else min(time.perf_counter() + seconds + GRACE,
                                                                      start + options.time_limit),
                report=lambda inc, bnd, name=name: emit(ProgressEvent(
                    level=name, elapsed=time.perf_counter() - start, incumbent=inc, bound=bnd)),
            )
        result = outcome.result
        if outcome.status == "infeasible" and i == 0:
            out.infeasible = True
            return out
        if outcome.status == "error" and not out.levels and hints is None:
            raise RuntimeError(outcome.message)
        if result is not None and result.has_primal_feasible_solution():
            values = result.variable_values()
            value = float(result.objective_value())
            bound = value if outcome.status == "optimal" else float(result.best_objective_bound())
        elif hints is not None and outcome.status != "cancelled":
            values, value = hints, float(mathopt.evaluate_expression(objective, hints))
            bound = float(result.best_objective_bound()) if result is not None else float("-inf")
        else:
            out.status = "cancelled" if outcome.status == "cancelled" else "time_limit"
            out.notes.append(outcome.message or f"level {name} found no plan before it stopped ({_why(out.status)})")
            break
        status = outcome.status if outcome.status in ("optimal", "time_limit", "cancelled") else "feasible"
        bound = bound if np.isfinite(bound) else (value if status == "optimal" else 0.0)
        out.levels.append(LevelResult(name, value, bound, status))
        out.last = {key: round(values[v]) for key, v in pm.integer_variables().items()}
        if i == 0:
            out.first = values
        if pm.full:
            out.values = values
        if status != "optimal":
            out.status = status if status in ("cancelled", "time_limit") else "feasible"
            out.notes.append(f"level {name} stopped at {_why(status)} with a gap of {_gap(value, bound):.4%}")
            if status == "cancelled":
                break
        for later in set(models[i + 1:]):
            later.level_rows[i].upper_bound = value * (1 + REL_FIX) + ABS_FIX
    return out


def _gap(value: float, bound: float) -> float:
    return abs(value - bound) / max(abs(value), 1e-9) if abs(value - bound) > 1e-9 else 0.0


def _why(status: str) -> str:
    return {"time_limit": "its time limit", "cancelled": "a cancel request"}.get(status, status)


def _emitter(progress: ProgressCallback | None) -> Callable[[ProgressEvent], None]:
    def emit(event: ProgressEvent) -> None:
        if progress is not None:
            progress(event)
    return emit

