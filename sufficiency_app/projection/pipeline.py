"""History in, planner demand out: fit, project, simulate, map to areas.

This is what the command line and the window call; the steps it joins
live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..infra.errors import ScenarioError
from ..model.codes import NEEDS, PHASES, TIERS
from ..model.scenario import Scenario
from .cohort import cube_to_long, project_cube
from .estimate import CohortRates, fit_rates
from .history import NCYS, SETTING_TIER, SETTINGS, check_history
from .levers import DEFAULT_LEVERS, Levers
from .mapping import CENSUS_TO_DEMAND_YEAR, GROUP, phase_of_ncy, to_demand, to_groups
from .simulate import Simulation, simulate

BAND_COLUMNS = ("year", "need", "tier", "p5", "p50", "p95")
MIN_YEARS = 6


@dataclass(frozen=True, eq=False)
class Forecast:
    """Everything one forecast produced.

    ``history``: the cleaned history used. ``long``: county counts by census
    year, NCY, need and setting (observed years then expected projection).
    ``county``: county demand by demand year, need, phase and tier (the
    percentile asked for, else the expectation). ``demand``: that spread to
    areas in exchange-format columns for the scenario's years. ``bands``:
    p5/p50/p95 by demand year, need and tier (empty without simulation).
    """

    rates: CohortRates
    levers: Levers
    history: pd.DataFrame
    long: pd.DataFrame
    county: pd.DataFrame
    demand: pd.DataFrame
    bands: pd.DataFrame
    simulation: Simulation | None
    percentile: float | None


def clean_history(history: pd.DataFrame, file: str = "history.csv") -> pd.DataFrame:
    """A checked history table; raises :class:`ScenarioError` when it has errors."""
    clean, problems = check_history(history, file)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    return clean


def extend_population(population: pd.DataFrame | None, last_year: int) -> pd.DataFrame | None:
    """Carry the latest population year forward to ``last_year`` (flat beyond the data)."""
    if population is None or population.empty:
        return population
    top = int(population["year"].max())
    latest = population[population["year"] == top]
    extra = [latest.assign(year=y) for y in range(top + 1, last_year + 1)]
    return pd.concat([population, *extra], ignore_index=True) if extra else population


def _observed_long(history: pd.DataFrame) -> pd.DataFrame:
    keys = ["year", "ncy", "need", "setting"]
    out = history.groupby(keys, as_index=False)["count"].sum()
    return out.assign(joiners=np.nan)


def _steps_needed(rates: CohortRates, scenario: Scenario | None, years: int | None) -> int:
    wanted = years if years is not None else MIN_YEARS
    if scenario is not None:
        last_census = max(scenario.parameters.years) - CENSUS_TO_DEMAND_YEAR
        wanted = max(wanted, last_census - rates.base_year)
    return max(1, wanted)


def _group_indicators() -> tuple[np.ndarray, np.ndarray]:
    """0/1 matrices NCY -> phase and setting -> tier (non-school settings map to nothing)."""
    phase = phase_of_ncy(np.asarray(NCYS))
    by_phase = (phase[:, None] == np.asarray(PHASES, dtype=object)[None, :]).astype(float)
    by_tier = np.zeros((len(SETTINGS), len(TIERS)))
    for s, name in enumerate(SETTINGS):
        if name in SETTING_TIER:
            by_tier[s, TIERS.index(SETTING_TIER[name])] = 1.0
    return by_phase, by_tier


def simulated_groups(sim: Simulation) -> np.ndarray:
    """Simulated demand ``[run, year, need, phase, tier]``."""
    by_phase, by_tier = _group_indicators()
    return np.einsum("ryaks,ap,st->rykpt", sim.counts, by_phase, by_tier, optimize=True)


def _groups_frame(values: np.ndarray, first_census: int, column: str = "count") -> pd.DataFrame:
    """``[year, need, phase, tier]`` array to rows in demand years (zeros dropped)."""
    y, k, p, t = np.indices(values.shape).reshape(4, -1)
    df = pd.DataFrame({
        "year": first_census + y + CENSUS_TO_DEMAND_YEAR, "need": np.asarray(NEEDS)[k],
        "phase": np.asarray(PHASES)[p], "tier": np.asarray(TIERS)[t], column: values.reshape(-1),
    }).astype({"need": str, "phase": str, "tier": str})
    return df[df[column] > 0].reset_index(drop=True)


def percentile_groups(sim: Simulation, percentile: float) -> pd.DataFrame:
    """County demand at one percentile of the runs, taken per (year, need, phase, tier).

    Each group's percentile is taken on its own, so they add up to more
    than the county total's percentile: planning every group at the 80th
    percentile is deliberately cautious.
    """
    values = np.percentile(simulated_groups(sim), percentile, axis=0)
    return _groups_frame(values, sim.first_year)


def bands(sim: Simulation, low: float = 5, high: float = 95) -> pd.DataFrame:
    """p5, p50 and p95 of simulated demand by demand year, need and tier."""
    by_tier = simulated_groups(sim).sum(axis=3)
    q = np.percentile(by_tier, [low, 50, high], axis=0)
    y, k, t = np.indices(q.shape[1:]).reshape(3, -1)
    df = pd.DataFrame({
        "year": sim.first_year + y + CENSUS_TO_DEMAND_YEAR, "need": np.asarray(NEEDS)[k],
        "tier": np.asarray(TIERS)[t], "p5": q[0].reshape(-1), "p50": q[1].reshape(-1), "p95": q[2].reshape(-1),
    }).astype({"need": str, "tier": str})
    return df[df["p95"] > 0].reset_index(drop=True)


def forecast(scenario: Scenario, history: pd.DataFrame | None = None, population: pd.DataFrame | None = None,
             levers: Levers = DEFAULT_LEVERS, years: int | None = None, runs: int = 0, seed: int = 0,
             percentile: float | None = None) -> Forecast:
    """Project demand for ``scenario`` from census history.

    ``history`` defaults to ``scenario.history``. ``years``: census years to
    project (at least 6, and enough to cover the scenario's years).
    ``runs`` > 0 simulates for bands; ``percentile`` (needs runs) makes the
    demand that percentile of the runs instead of the expected projection.
    Observed census years inside the scenario's years are used as observed.
    """
    raw = history if history is not None else scenario.history
    if raw is None:
        raise ValueError("no history: give history.csv (or put one in the scenario folder)")
    hist = clean_history(raw)
    if percentile is not None and runs <= 0:
        raise ValueError("a percentile needs simulation runs (runs > 0)")
    rates = fit_rates(hist, population)
    steps = _steps_needed(rates, scenario, years)
    pop = extend_population(population, rates.base_year + steps)
    counts, joins = project_cube(rates, steps, levers, pop)
    observed = _observed_long(hist)
    long = pd.concat([observed, cube_to_long(counts, rates.base_year + 1, joins)], ignore_index=True)
    sim = simulate(rates, steps, runs, seed, levers, pop) if runs > 0 else None
    if sim is not None and percentile is not None:
        county = pd.concat([to_groups(observed), percentile_groups(sim, percentile)], ignore_index=True)
    else:
        county = to_groups(long)
    county = county.sort_values(["year", *GROUP], ignore_index=True)
    demand = to_demand(county, scenario, hist)
    band = bands(sim) if sim is not None else pd.DataFrame(columns=list(BAND_COLUMNS))
    return Forecast(rates, levers, hist, long, county, demand, band, sim, percentile)


def demand_scenarios(scenario: Scenario, history: pd.DataFrame | None = None,
                     population: pd.DataFrame | None = None, levers: Levers = DEFAULT_LEVERS, runs: int = 1000,
                     seed: int = 0, percentiles: tuple[float, float, float] = (10, 50, 90),
                     weights: tuple[float, float, float] = (0.25, 0.5, 0.25)) -> dict[str, tuple[float, pd.DataFrame]]:
    """Low, central and high demand tables (simulation percentiles) with weights, for ``solve_robust``.

    One simulation is shared by the three, so they differ only by percentile.
    """
    base = forecast(scenario, history, population, levers, runs=runs, seed=seed)
    observed = to_groups(_observed_long(base.history))
    out: dict[str, tuple[float, pd.DataFrame]] = {}
    for name, p, w in zip(("low", "central", "high"), percentiles, weights):
        county = pd.concat([observed, percentile_groups(base.simulation, p)], ignore_index=True)
        out[name] = (float(w), to_demand(county, scenario, base.history))
    return out
