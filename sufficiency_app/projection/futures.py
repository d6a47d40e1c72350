"""Demand futures for stress tests: one seeded cohort simulation per future, as area demand.

A stress test evaluates a fixed plan in many simulated futures, possibly on
many machines, so each future must come out the same wherever and in
whatever order it is drawn: future ``i`` of seed ``S`` is simulated from
``SeedSequence(S).spawn(n)[i]`` alone. Spreading county groups to areas is
linear, so it is worked out once (a share and a group index per demand row)
and a future's demand is one multiplication, not a pandas merge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model.codes import NEEDS, PHASES, TIERS
from ..model.scenario import Scenario
from .estimate import CohortRates, fit_rates
from .levers import DEFAULT_LEVERS, Levers
from .mapping import CENSUS_TO_DEMAND_YEAR, area_weights, spread, to_groups
from .pipeline import _observed_long, _steps_needed, clean_history, extend_population, simulated_groups
from .simulate import simulate

ROW_KEYS = ("year", "area_id", "need", "phase", "tier")


def future_seeds(seed: int, futures: int) -> list[np.random.SeedSequence]:
    """The seed of every future: independent streams, the same on any machine."""
    return np.random.SeedSequence(seed).spawn(futures)


@dataclass(frozen=True, eq=False)
class DemandFutures:
    """Draws area demand for the scenario's years, one future per seed.

    ``rows``: every demand row a future can have (``ROW_KEYS``), in a fixed
    order; :meth:`draw` returns the count of each. Census years already
    observed are the same in every future.
    """

    rates: CohortRates
    levers: Levers
    population: pd.DataFrame | None
    steps: int
    rows: pd.DataFrame
    group: np.ndarray  # index into the flattened [year, need, phase, tier] cube, -1 for observed rows
    share: np.ndarray
    observed: np.ndarray  # counts of rows from observed years (0 elsewhere)

    def draw(self, seed: np.random.SeedSequence | int) -> np.ndarray:
        """Demand per row of :attr:`rows` in the future seeded by ``seed``."""
        sim = simulate(self.rates, self.steps, 1, seed, self.levers, self.population)
        cube = simulated_groups(sim)[0].reshape(-1)
        drawn = np.where(self.group >= 0, cube[np.maximum(self.group, 0)], 0.0) * self.share
        return drawn + self.observed

    def table(self, counts: np.ndarray) -> pd.DataFrame:
        """Exchange-format demand of one future (zero rows dropped)."""
        out = self.rows.assign(count=counts)
        return out[out["count"] > 0].reset_index(drop=True)


def demand_futures(scenario: Scenario, history: pd.DataFrame | None = None,
                   population: pd.DataFrame | None = None, levers: Levers = DEFAULT_LEVERS) -> DemandFutures:
    """Fit the cohort model (as :func:`~.pipeline.forecast` does) and work out the spread to areas."""
    raw = history if history is not None else scenario.history
    if raw is None:
        raise ValueError("no history: a stress test simulates demand from history.csv; "
                         "put one in the scenario folder or give --history")
    hist = clean_history(raw)
    rates = fit_rates(hist, population)
    steps = _steps_needed(rates, scenario, None)
    pop = extend_population(population, rates.base_year + steps)
    first = rates.base_year + 1 + CENSUS_TO_DEMAND_YEAR  # first simulated demand year
    years = [y for y in scenario.years if y >= first]
    shape = (steps, len(NEEDS), len(PHASES), len(TIERS))
    y, k, p, t = np.indices(shape).reshape(4, -1)
    cube = pd.DataFrame({"year": first + y, "need": np.asarray(NEEDS)[k], "phase": np.asarray(PHASES)[p],
                         "tier": np.asarray(TIERS)[t], "count": 1.0, "cell": np.arange(y.size)})
    cube = cube[cube["year"].isin(years)]
    observed = to_groups(_observed_long(hist))
    observed = observed[observed["year"].isin(scenario.years) & (observed["year"] < first)]
    weights = area_weights(scenario, hist)
    simulated = spread(cube, weights).rename(columns={"count": "share"})
    known = spread(observed.assign(cell=-1), weights).assign(share=0.0)
    table = pd.concat([simulated, known], ignore_index=True).astype(
        {"year": int, "area_id": str, "need": str, "phase": str, "tier": str})
    table = table.sort_values([*ROW_KEYS], ignore_index=True)
    if table.duplicated(list(ROW_KEYS)).any():  # one group per row: spread keeps (need, phase, tier)
        raise AssertionError("a demand row drew on two county groups")
    return DemandFutures(
        rates=rates, levers=levers, population=pop, steps=steps, rows=table[list(ROW_KEYS)],
        group=table["cell"].to_numpy(int), share=table["share"].to_numpy(float),
        observed=np.where(table["cell"].to_numpy() < 0, table["count"].to_numpy(float), 0.0),
    )

