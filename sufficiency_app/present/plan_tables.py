"""A plan's tables and figures from its schedule and allocation, the same for every method.

The optimiser, the checker, the baseline and the greedy heuristic all end
with a schedule (modules per option and year) and an allocation (children
per group, setting and year); this module turns those into the exchange
format's ``schedule.csv``, ``allocation.csv`` and ``summary.csv`` and the
level values, so every method is scored by one piece of code, and that
code is the core's, not the optimiser's: the solver decides the build and
the allocation, the figures are read from them here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.capital import spend_by_year
from ..model.codes import INDEPENDENT, LOCAL, TIER_RANK
from ..model.places import empty_places, funding_by_year
from ..model.plan import (
    ALLOCATION_COLUMNS,
    LEVEL_NAMES,
    SCHEDULE_COLUMNS,
    SUMMARY_COLUMNS,
    LevelResult,
    PlanResult,
    Status,
)
from ..model.provision_settings import effective_settings
from ..model.scenario import Scenario
from .figures import dashboard_measures, journeys, placement_facts

TINY = 1e-9


def schedule_table(scenario: Scenario, modules: pd.DataFrame, opened: pd.DataFrame | None = None) -> pd.DataFrame:
    """``schedule.csv`` from modules per (option_id, year) and the opening year of each option.

    Capital of a row is ``k * modules`` plus ``F`` in the opening year
    (reading 5). An option opened in a year without modules still gets a row.
    When ``opened`` is None an option opens in its first year with modules.
    """
    o = scenario.options.set_index(scenario.options["option_id"].astype(str))
    rows = modules.loc[modules["modules"] > 0, ["option_id", "year", "modules"]].copy()
    if opened is None:
        opened = rows.groupby("option_id", as_index=False)["year"].min()
    opened = opened.loc[:, ["option_id", "year"]].assign(opens=True)
    rows = rows.merge(opened, on=["option_id", "year"], how="outer")
    if len(rows) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in SCHEDULE_COLUMNS}).astype(
            {"option_id": str, "year": int, "modules": int})
    rows["modules"] = rows["modules"].fillna(0).round().astype(int)
    rows["opens"] = rows["opens"].fillna(False).astype(bool)
    ids = rows["option_id"].astype(str)
    fixed = pd.to_numeric(o["fixed_capital"], errors="coerce").fillna(0.0)
    rows["places"] = rows["modules"] * ids.map(o["module_places"]).astype(int)
    rows["capital"] = (rows["modules"] * ids.map(o["capital_per_module"]).astype(float)
                       + np.where(rows["opens"], ids.map(fixed).astype(float), 0.0))
    rows = rows[(rows["modules"] > 0) | (rows["capital"] > 0)]
    rows = rows.assign(option_id=ids, year=rows["year"].astype(int)).sort_values(["year", "option_id"])
    return rows.loc[:, list(SCHEDULE_COLUMNS)].reset_index(drop=True)


def local_rows(local: pd.DataFrame) -> pd.DataFrame:
    """Met-locally demand as allocation rows (reading 3: ``LOCAL``, empty minutes)."""
    return local.assign(provision_id=LOCAL, minutes=np.nan).loc[:, list(ALLOCATION_COLUMNS)]


def finish_allocation(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate allocation parts, drop near-zero rows, canonical order and dtypes."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("count", "minutes") else object)
                             for c in ALLOCATION_COLUMNS})
    a = pd.concat(parts, ignore_index=True)
    a = a[a["count"] > TINY]
    a = a.assign(year=a["year"].astype(int), count=a["count"].astype(float), minutes=a["minutes"].astype(float))
    return a.sort_values(["year", "area_id", "need", "phase", "tier", "provision_id"]).loc[
        :, list(ALLOCATION_COLUMNS)].reset_index(drop=True)


def _placement_facts(scenario: Scenario, allocation: pd.DataFrame) -> pd.DataFrame:
    """Per allocation row: the core's facts (:func:`placement_facts`), penalty minutes, revenue per child."""
    p = scenario.parameters
    settings = effective_settings(scenario).set_index("setting_id")
    facts = placement_facts(scenario, allocation)
    pid = allocation["provision_id"].astype(str)
    stepped = pid.map(settings["tier"].map(TIER_RANK)) > allocation["tier"].map(TIER_RANK)
    penalty = np.where(stepped.fillna(False).astype(bool), float(p.step_up_penalty_minutes), 0.0)
    cost = pid.map(settings["cost_per_place"]).astype(float)
    cost = cost.where(pid != INDEPENDENT, float(p.independent_place)).fillna(0.0)
    return facts.assign(penalty=penalty, cost=np.where(facts["local"], 0.0, cost))


def summary_table(scenario: Scenario, schedule: pd.DataFrame, allocation: pd.DataFrame) -> pd.DataFrame:
    """``summary.csv``: one row per year of the horizon, without reading 20's tail (readings 3, 9, 10, 16-19).

    ``capital`` is the capital spent that year after the build-years spread (reading 18);
    ``schedule.csv`` keeps each row's whole capital in its opening year. ``revenue``
    includes the place funding of every place in existence (reading 19).
    """
    facts = _placement_facts(scenario, allocation)
    spend = spend_by_year(scenario, schedule)
    funding = funding_by_year(scenario, schedule)
    measures = dashboard_measures(scenario, allocation)
    rows = []
    for year in scenario.years:
        at = (allocation["year"] == year).to_numpy()
        a, f = allocation[at], facts[at]
        counts = a["count"].to_numpy(dtype=float)
        trips = journeys(scenario, a)  # the same journey figures as every headline (core)
        s = schedule[schedule["year"] == year]
        rows.append({
            "year": int(year), "demand": float(counts.sum()),
            "independent": float(counts[f["independent"].to_numpy()].sum()),
            "mean_minutes": trips.mean,
            "p95_minutes": trips.p95,
            "capital": float(spend[year]),
            "revenue": float((counts * f["cost"].to_numpy()).sum() + funding[year]),
            "places_created": int(s["places"].sum()),
            **measures.loc[year].to_dict(),
        })
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def level_values(scenario: Scenario, schedule: pd.DataFrame, allocation: pd.DataFrame,
                 tail: bool = True) -> tuple[float, float, float]:
    """The three objective levels of a plan, computed from its tables alone (level 3 with transport and
    place funding, readings 17 and 19); with ``tail`` the last year counts ``1 + tail_years`` times
    (reading 20), without it the horizon years only."""
    p = scenario.parameters
    facts = _placement_facts(scenario, allocation)
    weight = (allocation["year"].map(p.year_weight).to_numpy(float) if tail else np.ones(len(allocation)))
    counts = allocation["count"].to_numpy(dtype=float) * weight
    optimised = ~facts["local"].to_numpy()
    independent = float(counts[facts["independent"].to_numpy()].sum())
    journeys = allocation["minutes"].fillna(0.0).to_numpy() + facts["penalty"].to_numpy()
    travel = float((counts * journeys)[optimised].sum())
    funding = funding_by_year(scenario, schedule)
    years = [p.year_weight(y) if tail else 1.0 for y in funding.index]
    cost = float(schedule["capital"].sum()
                 + (counts * (facts["cost"].to_numpy() + facts["transport"].to_numpy())).sum()
                 + (funding.to_numpy() * np.array(years)).sum())
    return independent, travel, cost


def plan_from_tables(scenario: Scenario, schedule: pd.DataFrame, allocation: pd.DataFrame, *, backend: str,
                     status: Status, seconds: float, scenario_sha256: str) -> PlanResult:
    """A PlanResult scored from its tables alone (baseline, greedy, robust outcomes);
    ``scenario_sha256`` is the scenario's provenance hash (``io.scenario_sha256``)."""
    levels = level_values(scenario, schedule, allocation)
    horizon = without_tail(scenario, schedule, allocation)
    return PlanResult(
        status=status, schedule=schedule, allocation=allocation, summary=summary_table(scenario, schedule, allocation),
        levels=tuple(LevelResult(n, v, v, status, h) for n, v, h in zip(LEVEL_NAMES, levels, horizon)), gap=0.0,
        seconds=seconds, backend=backend, scenario_sha256=scenario_sha256,
        empty_places=empty_places(scenario, schedule, allocation),
    )


def without_tail(scenario: Scenario, schedule: pd.DataFrame, allocation: pd.DataFrame) -> tuple:
    """The levels over the horizon years only when a tail is counted (reading 20), else None (no second figure)."""
    if scenario.parameters.tail_years <= 0:
        return (None, None, None)
    return level_values(scenario, schedule, allocation, tail=False)
