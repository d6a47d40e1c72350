"""Who may be placed where, and how many places a schedule gives: the allocation rules of the plan contract.

The optimiser's independent re-check (``solver/check.py``) and the stress engine (``risk/stress.py``)
both re-apply these rules to a fixed schedule, so they live in the core, below both
(docs/model.md rule 3, readings 7, 13 and 22).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .codes import TIER_RANK
from .provision_settings import effective_settings, option_targets
from .scenario import Scenario


def capacities(scenario: Scenario, schedule: pd.DataFrame, filling: bool = True) -> pd.DataFrame:
    """Places per setting and year: base capacity plus every module built up to that year, with ``filling``
    a new setting's at most ``k / fill_years`` of its full size in its k-th year open (reading 22)."""
    settings = effective_settings(scenario)
    years = list(scenario.years)
    cap = pd.DataFrame(np.repeat(settings["capacity"].to_numpy(float)[:, None], len(years), axis=1),
                       index=settings["setting_id"].astype(str), columns=years)
    if len(schedule):
        built = schedule.assign(option_id=schedule["option_id"].astype(str)).pivot_table(
            index="option_id", columns="year", values="places", aggfunc="sum", fill_value=0).reindex(
            columns=years, fill_value=0).cumsum(axis=1).astype(float)
        if filling:
            built = np.minimum(built, _filling(scenario, schedule).reindex(built.index))
        cap = cap + built.groupby(built.index.map(option_targets(scenario))).sum().reindex(cap.index, fill_value=0)
    return cap


def _filling(scenario: Scenario, schedule: pd.DataFrame) -> pd.DataFrame:
    """Usable places per option (rows) and year (columns) by reading 22: whole places, full size x min(1, k / fill_years)
    from the option's first schedule row, for options that open a new setting; infinite for the rest."""
    o = scenario.options.assign(option_id=scenario.options["option_id"].astype(str)).set_index("option_id")
    fill = pd.Series(scenario.optional.fill_years.astype(float), index=o.index)
    opens = (o["provision_id"].fillna("").astype(str).str.strip() == "") | (
        pd.to_numeric(o["fixed_capital"], errors="coerce").fillna(0.0) > 0)
    first = schedule.groupby(schedule["option_id"].astype(str))["year"].min()
    years = np.array(scenario.years, dtype=float)
    k = years[None, :] - first.to_numpy(float)[:, None] + 1
    ids = first.index
    share = np.clip(k / fill.reindex(ids).to_numpy(float)[:, None], 0.0, 1.0)
    full = (o["module_places"].astype(float) * o["max_modules"].astype(float)).reindex(ids).to_numpy()[:, None]
    usable = np.where(opens.reindex(ids).to_numpy()[:, None], np.floor(full * share + 1e-9), np.inf)  # whole places
    return pd.DataFrame(usable, index=ids, columns=list(scenario.years))


def allowed_pairs(scenario: Scenario, demand: pd.DataFrame, settings: pd.DataFrame,
                  minutes: pd.DataFrame) -> pd.DataFrame:
    """Allowed (demand row, setting) pairs by rule 3 and readings 7 and 13 (the optimiser's re-check and the stress engine)."""
    p = scenario.parameters
    s = settings.assign(need=settings["needs"].map(sorted)).explode("need")
    s = s.assign(phase=s["phases"].map(sorted)).explode("phase")
    s = s.assign(rank=s["tier"].map(TIER_RANK))
    pairs = demand.reset_index(names="row").merge(
        s[["setting_id", "need", "phase", "rank", "kind"]], on=["need", "phase"])
    pairs = pairs[pairs["rank"] >= pairs["tier"].map(TIER_RANK)]
    long = minutes.rename_axis(index="area_id", columns="setting_id").stack().rename("minutes").reset_index()
    long = long.assign(area_id=long["area_id"].astype(str), setting_id=long["setting_id"].astype(str))
    pairs = pairs.merge(long, on=["area_id", "setting_id"])
    limit = pairs["phase"].map(p.max_minutes_for)
    keep = (pairs["kind"] == "independent") | (pairs["minutes"] <= limit)
    return pairs[keep].reset_index(drop=True)
