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

from ..scenario import Scenario
from .api import (
    LEVEL_NAMES as LEVELS, SUMMARY_COLUMNS, CancelToken, LevelResult, PlanResult, ProgressCallback,
    ProgressEvent, SolveOptions,
)
from .backends import solve_once
from .explain import explain
from .instance import Instance, travel_minutes
from .model import Costs, PlanModel
from .pins import pin_problems, shortfall_message
from .tables import finish_allocation, local_rows, scenario_hash, schedule_table, summary_table

SHARES = (0.4, 0.5, 1.0)  # of the remaining time, per level
REL_FIX, ABS_FIX = 1e-6, 1e-5


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
        passes = run_levels((self.coarse, self.model, self.model), options, start, emit, cancel, self._last)
        if passes.infeasible:
            return self._infeasible(options, start, [shortfall_message(self.scenario, options.pins)])
        self._last, levels, status, notes = passes.last, passes.levels, passes.status, passes.notes
        values = None
        if passes.values is not None:
            values = {"x": np.array([passes.values[v] for v in self.model.x]),
                      "u": np.array([passes.values[v] for v in self.model.u])}
        if values is None and status == "cancelled":
            return self._cancelled(options, start, tuple(levels), "; ".join(notes))
        if values is None and levels:
            full = complete(self.model, self._last, cancel)
            values = None if full is None else {"x": np.array([full[v] for v in self.model.x]),
                                                "u": np.array([full[v] for v in self.model.u])}
        if values is None:
            return self._empty(options, start, status, "; ".join(notes) or "no plan was found")
        plan = self._result(values, options, start, status, tuple(levels), notes)
        if options.explain and not (cancel is not None and cancel.is_set()):
            emit(ProgressEvent(level="check", elapsed=time.perf_counter() - start, fraction=0.95,
                               message="valuing places and options"))
            plan = replace(explain(self.scenario, plan, self._minutes_now), seconds=time.perf_counter() - start)
        emit(ProgressEvent(level="cost", elapsed=plan.seconds, fraction=1.0, message="done"))
        return plan

    # -- results -------------------------------------------------------------------------------

    def _tables(self, values: dict, allocation: bool = True) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """Schedule from the last build decisions, allocation from ``values``."""
        schedule = schedule_from_decisions(self.instance, self.scenario, self._last)
        return schedule, self._allocation(values) if allocation else None

    def _allocation(self, values: dict) -> pd.DataFrame:
        """Split class flows back to groups pro rata to demand (all groups of a class are alike)."""
        inst, pm = self.instance, self.model
        years = np.asarray(inst.years)
        sid = inst.settings["setting_id"].astype(str).to_numpy()
        share = np.divide(inst.group_demand, inst.class_demand[inst.group_class],
                          out=np.zeros_like(inst.group_demand), where=inst.class_demand[inst.group_class] > 0)
        members = pd.DataFrame({"group": np.arange(len(inst.groups)), "cls": inst.group_class})
        flows = pd.DataFrame({"cls": inst.arc_class[pm.x_arc], "t": pm.x_year, "count": values["x"],
                              "provision_id": sid[inst.arc_setting[pm.x_arc]], "minutes": inst.arc_minutes[pm.x_arc]})
        outside = pd.DataFrame({"cls": pm.u_class, "t": pm.u_year, "count": values["u"], "provision_id": "INDEPENDENT",
                                "minutes": float(inst.scenario.parameters.independent_minutes)})
        f = pd.concat([flows, outside], ignore_index=True)
        f = f[f["count"] > 1e-9].merge(members, on="cls")
        f["count"] = f["count"].to_numpy() * share[f["group"].to_numpy(), f["t"].to_numpy()]
        g = inst.groups.iloc[f["group"].to_numpy()].reset_index(drop=True)
        placed = pd.concat([g, f.reset_index(drop=True)[["count", "provision_id", "minutes"]]], axis=1)
        placed["year"] = years[f["t"].to_numpy()]
        return finish_allocation([placed, local_rows(inst.local)])

    def _result(self, values: dict, options: SolveOptions, start: float, status: str,
                levels: tuple[LevelResult, ...], notes: list[str]) -> PlanResult:
        schedule, allocation = self._tables(values)
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
        schedule, _ = self._tables({"x": np.zeros(0), "u": np.zeros(0)}, allocation=False)
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


def schedule_from_decisions(inst: Instance, scenario: Scenario, decisions: dict) -> pd.DataFrame:
    """``schedule.csv`` from build decisions keyed ``("y" | "open", option_id, year index)``."""
    years = inst.years
    chosen = [(kind, oid, years[t], int(v)) for (kind, oid, t), v in decisions.items() if v > 0]
    modules = pd.DataFrame([(o, y, v) for k, o, y, v in chosen if k == "y"], columns=["option_id", "year", "modules"])
    opened = pd.DataFrame([(o, y) for k, o, y, _ in chosen if k == "open"], columns=["option_id", "year"])
    fixed = {str(o) for o in inst.option_ids[inst.option_fixed > 0]}
    free = modules[~modules["option_id"].isin(fixed)].groupby("option_id", as_index=False)["year"].min()
    return schedule_table(scenario, modules, pd.concat([opened, free], ignore_index=True))


@dataclass
class Passes:
    """What the level passes found: level results, overall status, notes for the message,
    the last build decisions, and the last solution of a full model (None if none)."""

    levels: list[LevelResult] = field(default_factory=list)
    status: str = "optimal"
    notes: list[str] = field(default_factory=list)
    last: dict = field(default_factory=dict)
    values: dict[mathopt.Variable, float] | None = None
    infeasible: bool = False


def run_levels(models: tuple[PlanModel, PlanModel, PlanModel], options: SolveOptions, start: float,
               emit: Callable[[ProgressEvent], None], cancel: CancelToken | None, last: dict) -> Passes:
    """Solve level ``i`` on ``models[i]``, fixing each level on the later models (reading 11).

    Each pass is warm-started with ``last`` (the previous build decisions;
    building nothing on a first solve) completed into a full solution, and
    gets ``SHARES[i]`` of the time left. When a pass ends without a plan of
    its own, that warm start is its plan, so a time limit always returns one.
    """
    out = Passes(last=dict(last))
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
        remaining = options.time_limit - (time.perf_counter() - start)
        hints = complete(pm, out.last, cancel, seconds=max(remaining, 1.0))
        remaining = options.time_limit - (time.perf_counter() - start)
        outcome = solve_once(
            pm.model, options.backend, seconds=remaining * SHARES[i], relative_gap=options.relative_gap,
            threads=options.threads, hints=hints, cancel=cancel,
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


def complete(pm: PlanModel, integer: dict[tuple[str, str, int], float],
             cancel: CancelToken | None = None, seconds: float = 30.0) -> dict | None:
    """A full solution of ``pm`` with its build decisions fixed to ``integer`` (a warm start).

    The integer variables are fixed and the rest (an LP) is solved with
    HiGHS under the model's current objective; None when that plan breaks
    the current pins or rows, or on a cancel. Bounds are restored afterwards.
    """
    variables = pm.integer_variables()
    saved = {v: (v.lower_bound, v.upper_bound) for v in variables.values()}
    try:
        for key, v in variables.items():
            value = float(integer.get(key, 0.0))
            if not v.lower_bound <= value <= v.upper_bound:
                return None
            v.lower_bound = v.upper_bound = value
        outcome = solve_once(pm.model, "highs", seconds=seconds, relative_gap=1e-6, threads=1, hints=None,
                             report=lambda incumbent, bound: None, cancel=cancel)
        result = outcome.result
        return result.variable_values() if result is not None and result.has_primal_feasible_solution() else None
    finally:
        for v, (lo, hi) in saved.items():
            v.lower_bound, v.upper_bound = lo, hi


def _gap(value: float, bound: float) -> float:
    return abs(value - bound) / max(abs(value), 1e-9) if abs(value - bound) > 1e-9 else 0.0


def _why(status: str) -> str:
    return {"time_limit": "its time limit", "cancelled": "a cancel request"}.get(status, status)


def _emitter(progress: ProgressCallback | None) -> Callable[[ProgressEvent], None]:
    def emit(event: ProgressEvent) -> None:
        if progress is not None:
            progress(event)
    return emit

