"""The two comparisons a council asks for: do nothing, and a sensible rule of thumb.

``baseline`` builds nothing and places children as well as the existing
places allow (the exact lexicographic allocation). ``greedy`` is what an
officer might do by hand: each year, place children in the nearest
compatible setting with room; then, while budget remains, build one module
of the option that avoids the most independent placements per pound, and
place the children it can take. Both are then allocated exactly as the
optimiser's plans are (:func:`.allocation_table.allocate`), so comparing
them with the optimiser compares build plans only (never allocation skill).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..io import scenario_sha256
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..present.plan_tables import plan_from_tables
from .allocation import Cancelled, never
from .allocation_table import allocate, build_schedule
from .api import CancelToken
from .instance import Instance, travel_minutes
from .master import charged


def baseline(scenario: Scenario, minutes: pd.DataFrame | None = None,
             cancel: CancelToken | None = None) -> PlanResult | None:
    """No new places: the best allocation of today's capacity, year by year; None once ``cancel`` is set (HiGHS
    stops mid-solve: a closed workshop does not go on allocating)."""
    start = time.perf_counter()
    inst, coarse, minutes = _instances(scenario, minutes)
    try:
        return _plan(scenario, inst, coarse, np.zeros((len(inst.option_ids), len(inst.years)), dtype=int),
                     minutes, "baseline", "optimal", start, never if cancel is None else cancel.is_set)
    except Cancelled:
        return None


def greedy(scenario: Scenario, minutes: pd.DataFrame | None = None) -> PlanResult:
    """Nearest-setting placement plus best-value-per-pound building; see the module docstring."""
    start = time.perf_counter()
    inst, coarse, minutes = _instances(scenario, minutes)
    modules = greedy_modules(inst)
    index = {str(o): i for i, o in enumerate(inst.option_ids)}
    added = np.zeros((len(inst.option_ids), len(inst.years)), dtype=int)
    for o, year, k in modules.itertuples(index=False):
        added[index[str(o)], inst.years.index(int(year))] += int(k)
    return _plan(scenario, inst, coarse, np.cumsum(added, axis=1), minutes, "greedy", "feasible", start)


def _instances(scenario: Scenario, minutes: pd.DataFrame | None) -> tuple[Instance, Instance, pd.DataFrame]:
    minutes = travel_minutes(scenario) if minutes is None else minutes
    keep = tuple(scenario.options["option_id"].astype(str)) if len(scenario.options) else ()
    return (Instance.from_scenario(scenario, minutes, keep),
            Instance.from_scenario(scenario, minutes, keep, level1=True), minutes)


def _plan(scenario: Scenario, inst: Instance, coarse: Instance, Y: np.ndarray, minutes: pd.DataFrame,
          backend: str, status: str, start: float, cancelled: Callable[[], bool] = never) -> PlanResult:
    """A build scored like the optimiser's plans: exact allocation, tables, levels from the tables."""
    W = (Y > 0).astype(int) * (inst.option_fixed > 0)[:, None]
    schedule = build_schedule(inst, scenario, Y, W)
    allocation = allocate(inst, coarse, Y, minutes, cancelled=cancelled).table
    return plan_from_tables(scenario, schedule, allocation, backend=backend, status=status,
                            seconds=time.perf_counter() - start, scenario_sha256=scenario_sha256(scenario))


def greedy_modules(inst: Instance) -> pd.DataFrame:
    """The greedy build plan of ``inst``: modules per (option_id, year), each option opening with its first.

    It keeps every year's budget (or, with carry-forward, the running total),
    with capital spread over each option's build years (reading 18), so it is
    a feasible plan of the model and the optimiser's first incumbent.
    """
    p = inst.parameters
    order = np.lexsort((inst.arc_setting, inst.arc_minutes))
    order = order[~inst.setting_independent[inst.arc_setting[order]]]  # those count as independent anyway
    reach = [np.unique(inst.arc_class[inst.arc_setting == s]) for s in range(len(inst.setting_capacity))]
    room_base = inst.setting_capacity.copy()
    built = np.zeros(len(inst.option_ids), dtype=int)
    opened = np.zeros(len(inst.option_ids), dtype=bool)
    spent = np.zeros(len(inst.years))
    modules = []

    def affordable(o: int, t: int, cost: float) -> np.ndarray | None:
        """The spend per year after paying ``cost`` for option ``o`` first used in ``t``, if the budget allows."""
        after = spent + cost * charged(len(inst.years), int(inst.option_build[o]), t)
        if p.carry_forward:
            ok = np.cumsum(after) <= np.cumsum(inst.budget) + 1e-9
        else:
            ok = after <= inst.budget + 1e-9
        return after if ok.all() else None

    for t, year in enumerate(inst.years):
        room = room_base.copy()
        unmet = inst.class_demand[:, t].copy()
        _fill(order, inst, unmet, room)
        while True:
            o = _best_option(inst, reach, t, unmet, built, opened, affordable)
            if o is None:
                break
            cost = inst.option_capital[o] + (0.0 if opened[o] else inst.option_fixed[o])
            spent = affordable(o, t, cost)
            built[o] += 1
            opened[o] = True
            modules.append({"option_id": str(inst.option_ids[o]), "year": year, "modules": 1})
            s = inst.option_setting[o]
            room[s] += inst.option_module[o]
            room_base[s] += inst.option_module[o]
            _fill(order[inst.arc_setting[order] == s], inst, unmet, room)
    return (pd.DataFrame(modules, columns=["option_id", "year", "modules"])
            .groupby(["option_id", "year"], as_index=False)["modules"].sum())


def _fill(arcs: np.ndarray, inst: Instance, unmet: np.ndarray, room: np.ndarray) -> None:
    """Place unmet children along ``arcs`` (nearest first) while settings have room."""
    for a in arcs:
        c, s = inst.arc_class[a], inst.arc_setting[a]
        take = min(unmet[c], room[s])
        if take > 0:
            unmet[c] -= take
            room[s] -= take


def _best_option(inst: Instance, reach: list[np.ndarray], t: int, unmet: np.ndarray, built: np.ndarray,
                 opened: np.ndarray, affordable: Callable[[int, int, float], np.ndarray | None]) -> int | None:
    """The affordable option placing the most still-unplaced children per pound (None if none helps)."""
    best, best_ratio = None, 0.0
    for o in range(len(inst.option_ids)):
        s = inst.option_setting[o]
        if inst.option_first[o] > t or built[o] >= inst.option_max[o] or inst.setting_independent[s]:
            continue
        cost = inst.option_capital[o] + (0.0 if opened[o] else inst.option_fixed[o])
        if affordable(o, t, cost) is None:
            continue
        reachable = unmet[reach[s]].sum()
        gain = min(inst.option_module[o], reachable)
        ratio = gain / cost if cost > 0 else (np.inf if gain > 0 else 0.0)
        if gain > 1e-9 and ratio > best_ratio:
            best, best_ratio = o, ratio
    return best
