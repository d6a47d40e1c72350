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
re-solve of the coarse LP, milliseconds each), and per £1m of its capital;
then the child-minutes it saves (level 2 of each period without its places,
level 1 held there, against the plan's), and in words what it buys. A period
where the plan's allocation still fits without the option's places keeps every
level's value, so it is not solved
(docs/model.md reading 21: "journeys only" when it avoids no placement).
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
    travel: dict[tuple[int, ...], PeriodLP] = {}
    for option_id, own in result.schedule.groupby("option_id", sort=True):
        without = Y.copy()
        without[index[str(option_id)]] = 0
        cap = capacities(inst, without, W)
        avoided = saved = 0.0
        for ts, lp in allocated.level1.items():
            if np.all(cap[:, list(ts)] >= allocated.used[:, list(ts)] - TINY):
                continue  # the plan's allocation still fits: every level keeps its value (no solve)
            least = lp.solve(0, cap[:, list(ts)]).value
            avoided += least - allocated.duals[ts][0].value
            if ts not in travel:  # its own LP (the kept one stays as the search left it), from the kept one's basis:
                travel[ts] = PeriodLP(inst, ts)  # 0.2-4 s warm against 9 s cold on the sample's horizon
                travel[ts].deadline, travel[ts].interrupt.cancelled = lp.deadline, lp.interrupt.cancelled
                if ts in allocated.level2:
                    travel[ts].start_from(allocated.level2[ts])
                    release_if_large(allocated.level2[ts].n_cols, allocated.level2[ts])  # not two at once
            full = travel[ts]
            saved += full.solve(1, cap[:, list(ts)], fix_limit(least)).value - allocated.duals[ts][1].value
        capital = float(own["capital"].sum())
        avoided, saved = max(float(avoided), 0.0), max(float(saved), 0.0)
        rows.append({"option_id": str(option_id), "places": int(own["places"].sum()), "capital": capital,
                     "independent_avoided": avoided,
                     "independent_avoided_per_million": avoided / (capital / 1e6) if capital > 0 else np.nan,
                     "minutes_saved": saved,
                     "buys": BUYS_PLACES if avoided > TINY else BUYS_JOURNEYS if saved > TINY else BUYS_NOTHING})
    values = pd.DataFrame(rows, columns=list(OPTION_VALUE_COLUMNS))
    return dataclasses.replace(result, marginal_values=marginal_values, option_values=values)
