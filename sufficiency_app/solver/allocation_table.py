"""A build's schedule and its exact allocation, as exchange-format tables.

``allocate`` solves each year's allocation lexicographically on fresh LPs
(level 1 on the coarse instance, then levels 2 and 3 on the full one, each
fixed at its optimum plus the reading-11 tolerance, as the independent
re-check does), so the allocation of a build does not depend on what was
solved before it: the same build always gives the same ``allocation.csv``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codes import INDEPENDENT
from ..scenario import Scenario
from .allocation import Duals, YearLP
from .instance import Instance

WORKERS = min(2, os.cpu_count() or 1)  # years allocated side by side
from .tables import finish_allocation, local_rows, schedule_table


def capacities(inst: Instance, Y: np.ndarray) -> np.ndarray:
    """Places per setting and year ([settings, years]) with ``Y[o, t]`` modules built by year ``t``."""
    cap = np.repeat(inst.setting_capacity.astype(float)[:, None], len(inst.years), axis=1)
    for o in range(len(inst.option_ids)):
        cap[inst.option_setting[o]] += inst.option_module[o] * Y[o]
    return cap


def build_schedule(inst: Instance, scenario: Scenario, Y: np.ndarray, W: np.ndarray) -> pd.DataFrame:
    """``schedule.csv`` from cumulative modules ``Y`` and cumulative openings ``W`` ([options, years])."""
    years = np.asarray(inst.years)
    added = np.diff(Y, axis=1, prepend=0)
    opened = np.diff(W, axis=1, prepend=0)
    o, t = np.nonzero(added > 0)
    modules = pd.DataFrame({"option_id": inst.option_ids[o].astype(str), "year": years[t], "modules": added[o, t]})
    fixed = inst.option_fixed > 0
    fo, ft = np.nonzero(opened > 0)
    opening = pd.DataFrame({"option_id": inst.option_ids[fo].astype(str), "year": years[ft]})
    free = modules[~modules["option_id"].isin(inst.option_ids[fixed].astype(str))]
    free_open = free.groupby("option_id", as_index=False)["year"].min()
    return schedule_table(scenario, modules, pd.concat([opening, free_open], ignore_index=True))


@dataclass(frozen=True)
class Allocated:
    """A build's allocation table, and per year the level-1 LP (coarse) and the duals of levels 1 and 2."""

    table: pd.DataFrame
    level1: dict[int, YearLP]
    duals: dict[int, tuple[Duals, Duals]]


def allocate(inst: Instance, coarse: Instance, Y: np.ndarray, minutes: pd.DataFrame) -> Allocated:
    """The allocation of the build ``Y``: each year solved lexicographically on a fresh LP."""
    cap = capacities(inst, Y)
    x = np.zeros((len(inst.arc_class), len(inst.years)))
    u = np.zeros((len(inst.class_demand), len(inst.years)))
    level1, duals = {}, {}

    def year(t: int) -> tuple[YearLP, Duals, YearLP, Duals]:
        coarse_lp = YearLP(coarse, t)
        least = coarse_lp.solve(0, cap[:, t])
        lp = YearLP(inst, t)
        return coarse_lp, least, lp, lp.lexicographic(cap[:, t], independent=least.value)[0]

    years = [t for t in range(len(inst.years)) if (inst.class_demand[:, t] > 0).any()]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # HiGHS releases the GIL; each year is its own LP
        for t, (coarse_lp, least, lp, travel) in zip(years, pool.map(year, years)):
            level1[t], duals[t] = coarse_lp, (least, travel)
            flows, outside = lp.flows()
            x[lp.arcs, t] = flows
            u[lp.classes, t] = outside
    return Allocated(allocation_rows(inst, x, u, minutes), level1, duals)


def allocation_rows(inst: Instance, x: np.ndarray, u: np.ndarray, minutes: pd.DataFrame) -> pd.DataFrame:
    """Class flows ``x`` [arcs, years] and ``u`` [classes, years] split back to groups pro rata to demand.

    All groups of a class are alike in every level (see :mod:`.instance`), so
    the split is an optimal group allocation; journeys are looked up per group.
    """
    years = np.asarray(inst.years)
    sid = inst.settings["setting_id"].astype(str).to_numpy()
    class_d = inst.class_demand[inst.group_class]
    share = np.divide(inst.group_demand, class_d, out=np.zeros_like(inst.group_demand), where=class_d > 0)
    members = pd.DataFrame({"group": np.arange(len(inst.groups)), "cls": inst.group_class})
    a, t = np.nonzero(x > 1e-9)
    c, tu = np.nonzero(u > 1e-9)
    f = pd.DataFrame({"cls": np.r_[inst.arc_class[a], c], "t": np.r_[t, tu], "count": np.r_[x[a, t], u[c, tu]],
                      "s": np.r_[inst.arc_setting[a], np.full(len(c), -1)]})
    f = f.merge(members, on="cls")
    f["count"] = f["count"].to_numpy() * share[f["group"].to_numpy(), f["t"].to_numpy()]
    g = inst.groups.iloc[f["group"].to_numpy()].reset_index(drop=True)
    s = f["s"].to_numpy()
    matrix = minutes.set_axis(minutes.index.astype(str), axis=0).reindex(index=g["area_id"].unique(), columns=sid)
    rows = matrix.index.get_indexer(g["area_id"])
    f["provision_id"] = np.where(s >= 0, sid[np.maximum(s, 0)], INDEPENDENT)
    f["minutes"] = np.where(s >= 0, matrix.to_numpy(dtype=float)[rows, np.maximum(s, 0)],
                            float(inst.scenario.parameters.independent_minutes))
    placed = pd.concat([g, f.reset_index(drop=True)[["count", "provision_id", "minutes"]]], axis=1)
    placed["year"] = years[f["t"].to_numpy()]
    return finish_allocation([placed, local_rows(inst.local)])
