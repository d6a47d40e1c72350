"""The policy levers a workshop changes, and what each does to the cohort model.

Kept apart from the projection loops so the expected projection and the
simulation apply the levers identically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .estimate import NCYS, CohortRates, population_vector
from .history import SETTINGS

_MAIN = SETTINGS.index("mainstream")
_SPECIALIST = [SETTINGS.index("special"), SETTINGS.index("independent")]


@dataclass(frozen=True)
class Levers:
    """Assumptions layered on the fitted rates.

    ``growth``: yearly growth of new plans (0.05 = +5% a year, compounding);
    None keeps the trend fitted from history. ``ceiling``: plans may not
    exceed this share of the population in ``population.csv`` (counted over
    the NCYs listed there); new plans are cut to fit, existing plans never
    are. ``backlog``: plans added, on top of the trend, over the first
    ``backlog_years`` projected years (``backlog / backlog_years`` each),
    placed like that year's new plans. ``mainstream_shift``: share of new
    plans and of setting changes that would go to special or independent
    schools and go to mainstream instead (negative: from mainstream to
    special); children who stay where they are do not move.
    """

    growth: float | None = None
    ceiling: float | None = None
    backlog: float = 0.0
    backlog_years: int = 1
    mainstream_shift: float = 0.0

    def __post_init__(self) -> None:
        if self.backlog < 0 or self.backlog_years < 1:
            raise ValueError("backlog must be >= 0 and backlog_years >= 1")
        if not -1.0 <= self.mainstream_shift <= 1.0:
            raise ValueError("mainstream_shift must be between -100% and +100%")
        if self.growth is not None and self.growth <= -1.0:
            raise ValueError("growth of new plans must be above -100%")
        if self.ceiling is not None and not 0.0 < self.ceiling <= 1.0:
            raise ValueError("ceiling must be a share of the population between 0 and 1")


DEFAULT_LEVERS = Levers()
"""No lever moved: the fitted trend as it is."""


def shift_destinations(weights: np.ndarray, shift: float) -> np.ndarray:
    """Move ``shift`` of the weight on special+independent to mainstream (last axis = setting).

    A negative shift moves that share of the mainstream weight to special.
    Totals along the last axis are unchanged.
    """
    out = np.array(weights, dtype=float, copy=True)
    if shift > 0:
        moved = out[..., _SPECIALIST] * shift
        out[..., _SPECIALIST] -= moved
        out[..., _MAIN] += moved.sum(axis=-1)
    elif shift < 0:
        moved = out[..., _MAIN] * -shift
        out[..., _MAIN] -= moved
        out[..., _SPECIALIST[0]] += moved
    return out


def effective_transition(rates: CohortRates, levers: Levers) -> np.ndarray:
    """Transition matrices with the mainstream shift applied to changes of setting only."""
    P = rates.transition
    if levers.mainstream_shift == 0:
        return P
    stay = np.einsum("ass->as", P).copy()
    moves = P.copy()
    idx = np.arange(len(SETTINGS))
    moves[:, idx, idx] = 0.0
    moves = shift_destinations(moves, levers.mainstream_shift)
    moves[:, idx, idx] += stay
    return moves


def growth_rate(rates: CohortRates, levers: Levers) -> float:
    return rates.growth if levers.growth is None else levers.growth


def joiner_means(rates: CohortRates, levers: Levers, year: int,
                 population: pd.DataFrame | None) -> np.ndarray:
    """Expected new plans ``[ncy, need, setting]`` in census ``year`` from trend, growth and shift."""
    steps = year - rates.base_year
    means = rates.joiners * (1.0 + growth_rate(rates, levers)) ** steps
    if rates.per_head:
        pop = population_vector(population, year)
        if pop is not None:
            ratio = np.divide(pop, rates.base_population, out=np.ones(len(NCYS)),
                              where=np.isfinite(pop) & np.isfinite(rates.base_population)
                              & (rates.base_population > 0))
            means = means * ratio[:, None, None]
    return shift_destinations(means, levers.mainstream_shift)


def backlog_for(levers: Levers, step: int) -> float:
    """Backlog plans added in projected year ``step`` (1 = first year after the base)."""
    return levers.backlog / levers.backlog_years if 1 <= step <= levers.backlog_years else 0.0


def backlog_mix(means: np.ndarray, rates: CohortRates) -> np.ndarray:
    """Where backlog plans go: like the year's new plans, or like current plans if none are expected."""
    like = means if means.sum() > 0 else rates.base
    return like / like.sum()


def backlog_whole(levers: Levers, step: int) -> int:
    """Whole backlog plans added in ``step``; over the backlog years they add up to ``round(backlog)``."""
    done = lambda h: round(levers.backlog * min(max(h, 0), levers.backlog_years) / levers.backlog_years)
    return done(step) - done(step - 1)


def ceiling_for(levers: Levers, population: pd.DataFrame | None, year: int) -> tuple[float, np.ndarray] | None:
    """Cap on plans in ``year`` and the NCYs it counts, or None when no ceiling applies.

    Raises ValueError when a ceiling is asked for without population for the year.
    """
    if levers.ceiling is None:
        return None
    pop = population_vector(population, year)
    if pop is None:
        raise ValueError(f"a ceiling needs population.csv rows for census year {year}")
    counted = np.isfinite(pop)
    return levers.ceiling * float(np.nansum(pop)), counted
