"""From the cohort model's cells to the planner's demand table.

- Census year ``C`` (January ``C``) falls in academic year ``C-1``/``C``, which
  the exchange format calls year ``C-1``: demand year = census year - 1.
- Settings map to tiers (:data:`~.history.SETTING_TIER`); ``ap`` and ``other``
  (FE, post-16 providers, home education, NEET) are not demand for the
  school places the planner builds and are left out.
- NCY maps to phase: EY below reception, PRI 0-6, SEC 7-11, P16 12 and above.
- County counts are spread to areas by weights, keeping every total exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.scenario import DEMAND_COLUMNS, Scenario
from .history import SETTING_TIER

CENSUS_TO_DEMAND_YEAR = -1
GROUP = ("need", "phase", "tier")
_FALLBACKS: tuple[tuple[str, ...], ...] = (GROUP, ("need", "tier"), ("phase", "tier"), ("tier",), ())


def phase_of_ncy(ncy: int | np.ndarray | pd.Series) -> np.ndarray:
    """Phase code of each NCY (EY < 0 <= PRI <= 6 < SEC <= 11 < P16)."""
    n = np.asarray(ncy)
    return np.select([n < 0, n <= 6, n <= 11], ["EY", "PRI", "SEC"], "P16").astype(object)


def _labelled(long: pd.DataFrame, value: str) -> pd.DataFrame:
    """School-place rows of a long table with demand year, phase and tier labels."""
    school = long[long["setting"].isin(list(SETTING_TIER))]
    out = pd.DataFrame({
        "year": school["year"].astype(int) + CENSUS_TO_DEMAND_YEAR,
        "need": school["need"].astype(str),
        "phase": pd.Series(phase_of_ncy(school["ncy"].to_numpy()), index=school.index).astype(str),
        "tier": school["setting"].map(SETTING_TIER).astype(str),
        "count": school[value].astype(float),
    })
    if "area_id" in school.columns:
        out["area_id"] = school["area_id"].astype(str)
    return out


def to_groups(long: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """County demand ``year, need, phase, tier, count`` (demand years) from a long
    ``year, ncy, need, setting`` table in census years; non-school settings dropped."""
    return _labelled(long, value).groupby(["year", *GROUP], as_index=False, sort=True)["count"].sum()


def weights_from_history(history: pd.DataFrame) -> pd.DataFrame | None:
    """Area weights from the latest census's plans by home area, or None without ``area_id``."""
    if "area_id" not in history.columns:
        return None
    latest = _labelled(history[history["year"] == history["year"].max()], "count")
    return (latest.groupby(["area_id", *GROUP], as_index=False)["count"].sum()
            .rename(columns={"count": "weight"}))


def weights_from_scenario(scenario: Scenario) -> pd.DataFrame | None:
    """Area weights from the scenario's base-year demand (or its first year), or None if empty."""
    demand = scenario.demand
    if demand is None or len(demand) == 0:
        return None
    year = scenario.parameters.base_year if (demand["year"] == scenario.parameters.base_year).any() \
        else int(demand["year"].min())
    d = demand[demand["year"] == year]
    w = d.groupby(["area_id", *GROUP], as_index=False)["count"].sum().rename(columns={"count": "weight"})
    return w.astype({"area_id": str})


def weights_from_areas(scenario: Scenario) -> pd.DataFrame:
    """Area weights from an areas ``population`` column, else equal weights."""
    areas = scenario.areas
    weight = pd.to_numeric(areas["population"], errors="coerce").fillna(0.0) if "population" in areas.columns \
        else pd.Series(1.0, index=areas.index)
    return pd.DataFrame({"area_id": areas["area_id"].astype(str).to_numpy(), "weight": weight.to_numpy(float)})


def area_weights(scenario: Scenario, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The first usable weights: plans by home area in ``history`` (if it has
    ``area_id``), the scenario's base-year demand, areas' population, equal."""
    for weights in (weights_from_history(history) if history is not None else None,
                    weights_from_scenario(scenario), weights_from_areas(scenario)):
        if weights is not None and weights["weight"].sum() > 0:
            return weights
    return weights_from_areas(scenario).assign(weight=1.0)


def spread(county: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Spread county counts to areas in proportion to ``weights``.

    ``weights`` has ``area_id``, ``weight`` and any of ``need``, ``phase``,
    ``tier``. Each county row uses the most detailed weights that have a
    positive total for it: (need, phase, tier), then (need, tier),
    (phase, tier), (tier), then all areas (keys missing from either table
    are skipped). Area counts of a row add up to the row's count.
    """
    keyed = [k for k in _FALLBACKS if set(k) <= set(weights.columns) & set(county.columns)]
    rows = county.reset_index(drop=True).assign(_row=lambda d: np.arange(len(d)))
    parts, left = [], rows
    for keys in keyed:
        w = weights.groupby([*keys, "area_id"], as_index=False)["weight"].sum()
        w = w[w["weight"] > 0]
        if keys:
            total = w.groupby(list(keys))["weight"].transform("sum")
        else:
            total = w["weight"].sum()
        w = w.assign(share=w["weight"] / total).drop(columns="weight")
        merged = left.merge(w, on=list(keys), how="inner") if keys else left.merge(w, how="cross")
        parts.append(merged)
        left = left[~left["_row"].isin(merged["_row"])]
        if left.empty:
            break
    out = pd.concat(parts, ignore_index=True)
    out["count"] = out["count"] * out["share"]
    return out.drop(columns=["_row", "share"])


def to_demand(county: pd.DataFrame, scenario: Scenario, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Exchange-format demand (``DEMAND_COLUMNS``) for the scenario's years.

    Areas are weighted by :func:`area_weights`.
    """
    wanted = county[county["year"].isin(scenario.parameters.years)]
    out = spread(wanted, area_weights(scenario, history))
    out = out.groupby(list(DEMAND_COLUMNS[:-1]), as_index=False, sort=True)["count"].sum()
    return out[list(DEMAND_COLUMNS)].astype({"year": int, "area_id": str, "need": str, "phase": str,
                                              "tier": str, "count": float})
