"""Warm starts: a full solution of a model from build decisions alone.

With the build decisions fixed, the rest of the model is the allocation of
children to places, year by year: exactly what the independent checker
(:func:`.check.check_plan`) solves, lexicographically and with the years in
parallel. Its allocation, summed from demand groups to the model's classes,
is a full solution of any of the model's passes (the coarse level-1 model
too, where placements at independent-kind settings count as ``u``). This is
3-10 times faster than solving the fixed model with MathOpt (docs/solver.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from ortools.math_opt.python import mathopt

from ..codes import LOCAL
from ..scenario import Scenario
from .check import check_plan
from .instance import Instance
from .model import Block, PlanModel
from .tables import schedule_table

TOLERANCE = 1e-6


def schedule_from_decisions(inst: Instance, scenario: Scenario, decisions: dict) -> pd.DataFrame:
    """``schedule.csv`` from build decisions keyed ``("y" | "open", option_id, year index)``."""
    years = inst.years
    chosen = [(kind, oid, years[t], int(v)) for (kind, oid, t), v in decisions.items() if v > 0]
    modules = pd.DataFrame([(o, y, v) for k, o, y, v in chosen if k == "y"], columns=["option_id", "year", "modules"])
    opened = pd.DataFrame([(o, y) for k, o, y, _ in chosen if k == "open"], columns=["option_id", "year"])
    fixed = {str(o) for o in inst.option_ids[inst.option_fixed > 0]}
    free = modules[~modules["option_id"].isin(fixed)].groupby("option_id", as_index=False)["year"].min()
    return schedule_table(scenario, modules, pd.concat([opened, free], ignore_index=True))


def complete(pm: PlanModel, decisions: dict[tuple[str, str, int], float], minutes: pd.DataFrame | None = None,
             deadline: float | None = None, passes: int = 3) -> dict[mathopt.Variable, float] | None:
    """Every variable of ``pm`` with the build fixed to ``decisions`` and the best allocation under it.

    None when the decisions break the model's current bounds, pins or rows
    (capital, fixed levels), or when the check passes ``deadline`` (a
    ``time.perf_counter()`` value). ``minutes`` and ``passes`` as for the
    checker: an allocation optimal for the first ``passes`` levels.
    """
    values: dict[mathopt.Variable, float] = {}
    for key, v in pm.integer_variables().items():
        value = float(decisions.get(key, 0.0))
        if not v.lower_bound <= value <= v.upper_bound:
            return None
        values[v] = value
    try:
        for b in pm.blocks:
            schedule = schedule_from_decisions(b.inst, b.inst.scenario, decisions)
            allocation = check_plan(b.inst.scenario, schedule, minutes, passes, deadline).allocation
            values.update(_block_values(b, allocation))
    except TimeoutError:
        return None
    for row in pm.editable_rows():  # the allocation rows hold by construction
        if np.isfinite(row.upper_bound) or np.isfinite(row.lower_bound):
            total = sum(t.coefficient * values.get(t.variable, 0.0) for t in row.terms())
            slack = TOLERANCE * max(1.0, abs(row.upper_bound if np.isfinite(row.upper_bound) else row.lower_bound))
            if not row.lower_bound - slack <= total <= row.upper_bound + slack:
                return None
    return values


def _block_values(b: Block, allocation: pd.DataFrame) -> dict[mathopt.Variable, float]:
    """The allocation's children summed onto the block's ``x`` (class, setting, year) and ``u`` (class, year)."""
    inst = b.inst
    keys = ["area_id", "need", "phase", "tier"]
    setting_index = {s: i for i, s in enumerate(inst.settings["setting_id"].astype(str))}
    year_index = {y: t for t, y in enumerate(inst.years)}
    a = allocation[allocation["provision_id"] != LOCAL]
    a = a.assign(**{k: a[k].astype(str) for k in keys}).merge(inst.groups.reset_index(names="group"), on=keys)
    arcs = pd.DataFrame({"cls": inst.arc_class, "s": inst.arc_setting, "arc": np.arange(len(inst.arc_class))})
    a = a.assign(cls=inst.group_class[a["group"].to_numpy()], t=a["year"].map(year_index).astype(int),
                 s=a["provision_id"].astype(str).map(setting_index).fillna(-1).astype(int))
    a = a.merge(arcs, on=["cls", "s"], how="left")
    on_arc = a["arc"].notna().to_numpy()
    n_years, count, t = len(inst.years), a["count"].to_numpy(dtype=float), a["t"].to_numpy()
    flows = np.zeros(len(arcs) * n_years)
    np.add.at(flows, a["arc"].to_numpy()[on_arc].astype(int) * n_years + t[on_arc], count[on_arc])
    outside = np.zeros(len(inst.class_demand) * n_years)
    np.add.at(outside, a["cls"].to_numpy()[~on_arc] * n_years + t[~on_arc], count[~on_arc])
    values = dict(zip(b.x, flows[b.x_arc * n_years + b.x_year].tolist()))
    values.update(zip(b.u, outside[b.u_class * n_years + b.u_year].tolist()))
    return values
