"""Why the plan is what it is: the value of one more place, and of each chosen option.

Both come from the same allocation LPs the decomposition uses
(:class:`.allocation.PeriodLP`), at the plan's build:

``marginal_values``: for each setting and year, ``independent_avoided`` is
minus the dual of its capacity row in level 1 (independent placements one
more place would avoid) and ``minutes_saved`` the same in level 2 with
level 1 fixed (child-minutes saved). Duals are rates: they hold for a small
change only.

``option_values``: for each chosen option, its places and capital and the
independent placements it avoids over the horizon, measured exactly by
re-solving level 1 of each period without that option's places (a warm
re-solve of the coarse LP), and per £1m of its capital;
then the child-minutes it saves (level 2 of each period without its places,
level 1 held there, against the plan's), and in words what it buys. A period
where the plan's allocation still fits without the option's places keeps every
level's value, so it is not solved
(docs/model.md reading 21: "journeys only" when it avoids no placement).

Each option's two solves start from the plan's own optimal bases (:class:`_Without`), so only that option's
places differ from where dual simplex starts; from the option before's optimum, its places would have to be
given back too (measured in docs/solver.md, "Explanations").
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..model.plan import BUYS_JOURNEYS, BUYS_NOTHING, BUYS_PLACES, MARGINAL_COLUMNS, OPTION_VALUE_COLUMNS, PlanResult
from .allocation import PeriodLP, fix_limit, release_if_large
from .allocation_table import Allocated, capacities
from .instance import Instance

TINY = 1e-6  # child-years or child-minutes below this are nothing (LP round-off)


def explain(inst: Instance, result: PlanResult, Y: np.ndarray, allocated: Allocated,
            W: np.ndarray | None = None) -> PlanResult:
    """``result`` with ``marginal_values`` and ``option_values`` for the build ``Y`` (cumulative modules;
    ``W`` cumulative openings)."""
    if result.status in ("cancelled", "infeasible"):
        return result
    sid = inst.settings["setting_id"].astype(str).to_numpy()
    marginal = [pd.DataFrame({"provision_id": sid, "year": int(inst.years[t]),
                              "independent_avoided": np.maximum(-level1.lam[:, j], 0.0) + 0.0,
                              "minutes_saved": np.maximum(-level2.lam[:, j], 0.0) + 0.0})
                for ts, (level1, level2) in sorted(allocated.duals.items()) for j, t in enumerate(ts)]
    marginal_values = (pd.concat(marginal, ignore_index=True) if marginal else pd.DataFrame(
        columns=list(MARGINAL_COLUMNS))).loc[:, list(MARGINAL_COLUMNS)].sort_values(
        ["year", "provision_id"]).reset_index(drop=True)
    rows = []
    index = {str(o): i for i, o in enumerate(inst.option_ids)}
    plan_cap = capacities(inst, Y, W)
    periods: dict[tuple[int, ...], _Without] = {}
    for option_id, own in result.schedule.groupby("option_id", sort=True):
        without = Y.copy()
        without[index[str(option_id)]] = 0
        cap = capacities(inst, without, W)
        avoided = saved = 0.0
        for ts in allocated.level1:
            if np.all(cap[:, list(ts)] >= allocated.used[:, list(ts)] - TINY):
                continue  # the plan's allocation still fits: every level keeps its value (no solve)
            if ts not in periods:
                periods[ts] = _Without(inst, ts, allocated, plan_cap[:, list(ts)])
            least, travel = periods[ts].solve(cap[:, list(ts)])
            avoided += least - allocated.duals[ts][0].value
            saved += travel - allocated.duals[ts][1].value
        capital = float(own["capital"].sum())
        avoided, saved = max(float(avoided), 0.0), max(float(saved), 0.0)
        rows.append({"option_id": str(option_id), "places": int(own["places"].sum()), "capital": capital,
                     "independent_avoided": avoided,
                     "independent_avoided_per_million": avoided / (capital / 1e6) if capital > 0 else np.nan,
                     "minutes_saved": saved,
                     "buys": BUYS_PLACES if avoided > TINY else BUYS_JOURNEYS if saved > TINY else BUYS_NOTHING})
    values = pd.DataFrame(rows, columns=list(OPTION_VALUE_COLUMNS))
    return dataclasses.replace(result, marginal_values=marginal_values, option_values=values)


class _Without:
    """A period's LPs for the option values, each re-solved at the plan's places first to keep the plan's
    optimal basis, from which every option's solve then starts.

    Level 1 is the kept coarse LP; level 2 its own full LP (the kept one stays as the search left it), started
    from the kept one's basis rather than cold. A large kept one is released then (not two solver states of
    that size at once)."""

    def __init__(self, inst: Instance, ts: tuple[int, ...], allocated: Allocated, plan_cap: np.ndarray):
        self.level1 = allocated.level1[ts]
        self.level2 = PeriodLP(inst, ts)
        self.level2.deadline, self.level2.interrupt.cancelled = self.level1.deadline, self.level1.interrupt.cancelled
        if ts in allocated.level2:
            self.level2.start_from(allocated.level2[ts])
            release_if_large(allocated.level2[ts].n_cols, allocated.level2[ts])
        self.level1.solve(0, plan_cap)
        self.level1_basis = self.level1.basis()
        self.level2.solve(1, plan_cap, fix_limit(allocated.duals[ts][0].value))
        self.level2_basis = self.level2.basis()

    def solve(self, cap: np.ndarray) -> tuple[float, float]:
        """Level 1's value at places ``cap`` [settings, period years], and level 2's with level 1 held there."""
        self.level1.restart(self.level1_basis)
        least = self.level1.solve(0, cap).value
        self.level2.restart(self.level2_basis)
        return least, self.level2.solve(1, cap, fix_limit(least)).value
