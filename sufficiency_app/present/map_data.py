"""What the map shows, computed from a scenario and a plan: per-area measures and per-setting figures.

Kept free of Qt so the map, the charts and the reports draw the same numbers
and the tests can check them by hand. Every function takes the year and the
optional need/phase/tier filter explicitly; the settings table they start
from is derived once per scenario (``provision_settings``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.codes import INDEPENDENT, LOCAL
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings, option_targets
from ..model.scenario import Scenario
from .figures import in_state_setting


@dataclass(frozen=True)
class Measure:
    """A choropleth measure: its key, a label for legends and whether it needs a plan."""

    name: str
    label: str
    unit: str  # "children", "minutes" or "%"
    needs_result: bool


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("demand", "Demand (children)", "children", False),
    Measure("independent", "Unmet demand: independent placements", "children", True),
    Measure("independent_share", "Share placed in independent settings", "%", True),
    Measure("mean_minutes", "Mean journey to a state place (minutes)", "minutes", True),
)}

SETTING_TABLE_COLUMNS = (
    "setting_id", "name", "kind", "tier", "source", "easting", "northing",
    "base_capacity", "new_places", "capacity", "placed", "fill_ratio",
    "planned_places", "first_new_year", "new_by_year",
)
FLOW_COLUMNS = ("area_id", "count", "minutes")


def filter_groups(table: pd.DataFrame, need: str | None = None, phase: str | None = None,
                  tier: str | None = None) -> pd.DataFrame:
    """Rows of a demand or allocation table in the chosen need/phase/tier (None = all)."""
    mask = pd.Series(True, index=table.index)
    for column, value in (("need", need), ("phase", phase), ("tier", tier)):
        if value is not None:
            mask &= table[column].astype(str) == value
    return table.loc[mask]


def independent_ids(scenario: Scenario) -> frozenset[str]:
    """Provision ids whose placements count as independent (the fallback plus listed independent schools)."""
    kinds = scenario.provisions["kind"].astype(str)
    listed = scenario.provisions.loc[kinds == "independent", "provision_id"].astype(str)
    return frozenset({INDEPENDENT, *listed})


def _allocation(result: PlanResult, year: int, need: str | None, phase: str | None,
                tier: str | None) -> pd.DataFrame:
    table = result.allocation.loc[result.allocation["year"].astype(int) == year]
    return filter_groups(table, need, phase, tier)


def area_measure(scenario: Scenario, result: PlanResult | None, year: int, measure: str,
                 need: str | None = None, phase: str | None = None,
                 tier: str | None = None) -> pd.Series:
    """One value per area (index ``area_id``, every area of the scenario) for a choropleth.

    Counts are 0 where an area has no children; shares and mean minutes are
    NaN there, and every measure that needs a plan is NaN when ``result`` is
    None. ``mean_minutes`` is child-weighted over children placed in state
    settings (independent placements and locally met demand left out), as
    :func:`figures.journeys`.
    """
    if measure not in MEASURES:
        raise KeyError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURES)}")
    area_ids = pd.Index(scenario.areas["area_id"].astype(str), name="area_id")
    if measure == "demand":
        demand = scenario.demand.loc[scenario.demand["year"].astype(int) == year]
        demand = filter_groups(demand, need, phase, tier)
        sums = demand.groupby(demand["area_id"].astype(str))["count"].sum()
        return sums.reindex(area_ids, fill_value=0.0).astype(float).rename(measure)
    if result is None:
        return pd.Series(np.nan, index=area_ids, name=measure)
    alloc = _allocation(result, year, need, phase, tier)
    homes = alloc["area_id"].astype(str)
    is_independent = alloc["provision_id"].astype(str).isin(independent_ids(scenario))
    independent = alloc["count"].where(is_independent, 0.0).groupby(homes).sum()
    if measure == "independent":
        return independent.reindex(area_ids, fill_value=0.0).astype(float).rename(measure)
    optimised = alloc["provision_id"].astype(str) != LOCAL
    if measure == "independent_share":
        placed = alloc["count"].where(optimised, 0.0).groupby(homes).sum()
        share = 100.0 * independent / placed.where(placed > 0)
        return share.reindex(area_ids).astype(float).rename(measure)
    minutes = pd.to_numeric(alloc["minutes"], errors="coerce")
    timed = pd.Series(in_state_setting(scenario, alloc), index=alloc.index) & minutes.notna()
    weight = alloc["count"].where(timed, 0.0)
    child_minutes = (weight * minutes.fillna(0.0)).groupby(homes).sum()
    children = weight.groupby(homes).sum()
    mean = child_minutes / children.where(children > 0)
    return mean.reindex(area_ids).astype(float).rename(measure)


def new_places_by_year(scenario: Scenario, result: PlanResult | None) -> pd.DataFrame:
    """Places the plan adds per setting and year: ``setting_id``, ``year``, ``places``."""
    if result is None or result.schedule.empty:
        return pd.DataFrame({"setting_id": pd.Series(dtype=str), "year": pd.Series(dtype=int),
                             "places": pd.Series(dtype=float)})
    targets = option_targets(scenario)
    schedule = result.schedule.loc[result.schedule["places"].astype(float) > 0]
    table = pd.DataFrame({
        "setting_id": schedule["option_id"].astype(str).map(targets),
        "year": schedule["year"].astype(int),
        "places": schedule["places"].astype(float),
    })
    return table.groupby(["setting_id", "year"], as_index=False)["places"].sum()


def capacity_by_year(scenario: Scenario, result: PlanResult | None) -> pd.DataFrame:
    """Capacity of every setting in every plan year: base capacity plus places added so far.

    Returns ``setting_id``, ``kind``, ``tier``, ``year``, ``capacity`` (one
    row per setting and year).
    """
    settings = effective_settings(scenario)
    years = pd.Index(scenario.years, name="year")
    grid = settings[["setting_id", "kind", "tier", "capacity"]].merge(
        pd.DataFrame({"year": years}), how="cross")
    added = new_places_by_year(scenario, result).sort_values("year")
    added = added.assign(cumulative=added.groupby("setting_id")["places"].cumsum())
    grid = pd.merge_asof(grid.sort_values("year"), added[["setting_id", "year", "cumulative"]],
                         on="year", by="setting_id", direction="backward")
    grid["capacity"] = grid["capacity"].astype(float) + grid["cumulative"].fillna(0.0)
    return grid.drop(columns="cumulative").sort_values(["setting_id", "year"]).reset_index(drop=True)


def setting_table(scenario: Scenario, result: PlanResult | None, year: int) -> pd.DataFrame:
    """One row per setting for the map's markers (``SETTING_TABLE_COLUMNS``).

    ``capacity`` includes the places the plan has added by ``year``
    (``new_places`` of them); ``placed`` counts every child placed there in
    ``year`` whatever their need (so ``fill_ratio`` = placed / capacity, NaN
    when capacity is 0); ``planned_places`` and ``first_new_year`` describe the
    whole schedule, and ``new_by_year`` maps each year to the places it adds.
    """
    settings = effective_settings(scenario)
    added = new_places_by_year(scenario, result)
    upto = added.loc[added["year"] <= year].groupby("setting_id")["places"].sum()
    planned = added.groupby("setting_id")["places"].sum()
    first = added.groupby("setting_id")["year"].min()
    by_year = {sid: dict(zip(g["year"].astype(int), g["places"].astype(float)))
               for sid, g in added.groupby("setting_id")}
    if result is None:
        placed = pd.Series(dtype=float)
    else:
        alloc = result.allocation.loc[result.allocation["year"].astype(int) == year]
        placed = alloc.groupby(alloc["provision_id"].astype(str))["count"].sum()
    ids = settings["setting_id"].astype(str)
    table = settings[["setting_id", "name", "kind", "tier", "source", "easting", "northing"]].copy()
    table["base_capacity"] = settings["capacity"].astype(float)
    table["new_places"] = ids.map(upto).fillna(0.0).to_numpy()
    table["capacity"] = table["base_capacity"] + table["new_places"]
    table["placed"] = ids.map(placed).fillna(0.0).to_numpy()
    table["fill_ratio"] = table["placed"] / table["capacity"].where(table["capacity"] > 0)
    table["planned_places"] = ids.map(planned).fillna(0.0).to_numpy()
    table["first_new_year"] = ids.map(first).astype("Int64").to_numpy()
    table["new_by_year"] = [by_year.get(sid, {}) for sid in ids]
    return table[list(SETTING_TABLE_COLUMNS)]


def flows(result: PlanResult | None, setting_id: str, year: int, need: str | None = None,
          phase: str | None = None, tier: str | None = None) -> pd.DataFrame:
    """Children placed at one setting in a year by home area, largest first (``FLOW_COLUMNS``)."""
    if result is None:
        return pd.DataFrame({c: pd.Series(dtype=float if c != "area_id" else str) for c in FLOW_COLUMNS})
    alloc = _allocation(result, year, need, phase, tier)
    alloc = alloc.loc[(alloc["provision_id"].astype(str) == setting_id) & (alloc["count"] > 0)]
    minutes = pd.to_numeric(alloc["minutes"], errors="coerce")
    table = pd.DataFrame({"area_id": alloc["area_id"].astype(str), "count": alloc["count"].astype(float),
                          "minutes": minutes})
    out = table.groupby("area_id", as_index=False).agg(count=("count", "sum"), minutes=("minutes", "mean"))
    return out.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def class_breaks(values: pd.Series | np.ndarray, classes: int = 5, whole: bool = False) -> np.ndarray:
    """Class edges (ascending; first at or below the minimum, last at or above the maximum) for a choropleth.

    Quantiles (``mapclassify``, so each class holds about as many areas)
    rounded to a step of about a hundredth of the range, a whole number
    when ``whole`` (children, then at least 1 when every value is positive),
    with equal edges merged: fewer classes come
    back when the values have few distinct levels, a single edge when they
    are all equal, and none for an empty or all-NaN input.
    """
    import mapclassify

    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if data.size == 0:
        return np.array([])
    low, high = float(data.min()), float(data.max())
    if high - low <= 0:
        return np.array([low])
    step = 10.0 ** np.floor(np.log10(high - low) - 1)
    step = max(step, 1.0) if whole else step
    k = min(classes, np.unique(data).size)
    with warnings.catch_warnings():  # ties give repeated quantiles: merged below
        warnings.simplefilter("ignore")
        inner = mapclassify.Quantiles(data, k=k).bins[:-1]
    first = np.floor(low / step) * step
    if whole and low > 0:
        first = max(first, 1.0)  # some children, however few, is never "0 to 5"
    edges = [first, *(np.round(b / step) * step for b in inner), np.ceil(high / step) * step]
    return np.unique(np.round(edges, 10))


def class_labels(edges: np.ndarray, unit: str, whole: bool = False) -> list[str]:
    """Legend text of the classes of ``edges`` (values above a lower edge up to the upper one), never overlapping.

    Whole counts read "6 to 15", "16 to 20"; other measures "10 to 15 min",
    "over 15 to 20 min". ``unit`` is a :class:`Measure` unit.
    """
    suffix = {"minutes": " min", "%": "%"}.get(unit, "")
    span = float(edges[-1] - edges[0]) if len(edges) > 1 else 0.0
    digits = 0 if whole or span >= 20 else 1 if span >= 2 else 2

    def num(v: float) -> str:
        return f"{v:,.{digits}f}"

    if len(edges) == 1:
        return [num(edges[0]) + suffix]
    out = []
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
        if i == 0:
            out.append(f"{num(lo)} to {num(hi)}{suffix}")
        elif whole:
            out.append(f"{num(lo + 1)}{suffix}" if lo + 1 >= hi else f"{num(lo + 1)} to {num(hi)}{suffix}")
        else:
            out.append(f"over {num(lo)} to {num(hi)}{suffix}")
    return out


def classify(values: pd.Series | np.ndarray, edges: np.ndarray, zero_class: bool = False) -> np.ndarray:
    """Class index of each value for ``edges`` (0 .. len(edges) - 2); -1 for NaN or no classes.

    A class holds values above its lower edge up to and including its
    upper edge; the first class also holds the minimum. With
    ``zero_class``, exact zeros get class 0 of their own and the edges
    (then taken from the positive values only) number the classes from 1.
    """
    data = np.asarray(values, dtype=float)
    out = np.full(data.shape, -1, dtype=int)
    finite = np.isfinite(data)
    if zero_class:
        zero = finite & (data == 0)
        out[zero] = 0
        rest = finite & ~zero
        if len(edges):
            out[rest] = classify(data[rest], edges) + 1
        return out
    if len(edges) == 0:
        return out
    if len(edges) == 1:
        out[finite] = 0
        return out
    index = np.searchsorted(edges, data[finite], side="left") - 1
    out[finite] = np.clip(index, 0, len(edges) - 2)
    return out


SMALL_NUMBER = 5  # the suppression threshold: counts of 1 to 4 children are never shown apart
COUNT_CLASS_STARTS = (1, 5, 10, 20, 50)


def count_classes(values: pd.Series | np.ndarray, starts: tuple[int, ...] = COUNT_CLASS_STARTS,
                  floor: int | None = SMALL_NUMBER) -> tuple[np.ndarray, list[str]]:
    """Class index of each count and the legend label of every class, for maps of children.

    ``starts`` are the lowest counts of the classes after the first. With a
    suppression ``floor``, starts below it are dropped, so the first class
    is "Fewer than 5" (0 to 4 together) and no class singles out 1 to 4
    children; with ``floor`` None the first class is "None". Counts are
    rounded to whole children first; NaN counts as 0.
    """
    bounds = sorted(s for s in starts if floor is None or s >= floor)
    if floor is not None and (not bounds or bounds[0] != floor):
        bounds = [floor, *bounds]
    data = np.round(np.nan_to_num(np.asarray(values, dtype=float), nan=0.0))
    index = np.searchsorted(np.asarray(bounds, dtype=float), data, side="right")
    labels = ["None" if bounds[0] == 1 else f"Fewer than {bounds[0]:,}"]
    labels += [f"{lo:,} to {hi - 1:,}" for lo, hi in zip(bounds, bounds[1:])]
    labels.append(f"{bounds[-1]:,} or more")
    return index, labels
