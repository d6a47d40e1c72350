"""Seeded, vectorised simulation of the cohort model: the uncertainty bands.

Each run draws its own parameters (parameter uncertainty) and then its own
children (process noise):

- continuation per NCY and need from a Beta posterior around the fitted
  rate, with the children behind the estimate as its weight;
- the joiner growth rate from a normal around the fitted trend (its
  standard error) and a level factor from the spread of past years around
  the trend: joiners are Poisson given these, so negative binomial-like
  over runs;
- who keeps a plan is binomial and where continuing children go is
  multinomial over settings.

All runs advance together as one array ``[run, ncy, need, setting]``; only
cells holding children are drawn, which keeps 1,000 runs of a county to
a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .estimate import CohortRates, aged
from .history import SETTINGS
from .levers import (
    DEFAULT_LEVERS,
    Levers,
    backlog_mix,
    backlog_whole,
    ceiling_for,
    effective_transition,
    growth_rate,
    joiner_means,
)


@dataclass(frozen=True, eq=False)
class Simulation:
    """Simulated counts ``[run, year, ncy, need, setting]`` for census years
    ``first_year ..``; ``seed`` makes the runs reproducible."""

    counts: np.ndarray
    first_year: int
    seed: int

    @property
    def runs(self) -> int:
        return self.counts.shape[0]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.first_year + self.counts.shape[1]))


def _draw_moves(rng: np.random.Generator, continuing: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Multinomial setting moves for every non-empty cell of ``[run, ncy, need, setting]``."""
    out = np.zeros_like(continuing)
    r, a, k, s = np.nonzero(continuing)
    if len(r) == 0:
        return out
    moved = rng.multinomial(continuing[r, a, k, s], P[a, s])
    np.add.at(out, (r[:, None], a[:, None], k[:, None], np.arange(len(SETTINGS))[None, :]), moved)
    return out


def simulate(rates: CohortRates, years: int, runs: int = 1000, seed: int = 0, levers: Levers = DEFAULT_LEVERS,
             population: pd.DataFrame | None = None) -> Simulation:
    """Simulate ``runs`` futures of ``years`` census years after ``rates.base_year``."""
    rng = np.random.default_rng(seed)
    P = effective_transition(rates, levers)
    P = P / P.sum(axis=2, keepdims=True)
    weight = rates.continuation_evidence + 2.0
    c = np.clip(rates.continuation, 1e-6, 1 - 1e-6)
    cont = rng.beta(c * weight, (1 - c) * weight, size=(runs, *c.shape))
    log_g = np.log1p(growth_rate(rates, levers))
    growth = np.exp(rng.normal(log_g, rates.growth_se, size=runs))
    level = np.exp(rng.normal(-rates.level_sd ** 2 / 2, rates.level_sd, size=runs))
    state = np.broadcast_to(np.rint(rates.base).astype(np.int64), (runs, *rates.base.shape)).copy()
    out = np.zeros((runs, years, *rates.base.shape), dtype=np.int32)
    for h in range(1, years + 1):
        year = rates.base_year + h
        kept = rng.binomial(aged(state.swapaxes(0, 1)).swapaxes(0, 1), cont[..., None])
        continuing = _draw_moves(rng, kept, P)
        means = joiner_means(rates, levers, year, population) / (1 + growth_rate(rates, levers)) ** h
        lam = means[None] * (level * growth ** h)[:, None, None, None]
        joiners = rng.poisson(lam)
        extra = backlog_whole(levers, h)
        if extra:
            flat = backlog_mix(means, rates).reshape(-1)
            joiners += rng.multinomial(extra, flat, size=runs).reshape(joiners.shape)
        limit = ceiling_for(levers, population, year)
        if limit is not None:
            cap, counted = limit
            held = continuing[:, counted].sum(axis=(1, 2, 3))
            new = joiners[:, counted].sum(axis=(1, 2, 3))
            keep = np.where(held + new > cap, np.clip((cap - held) / np.maximum(new, 1), 0.0, 1.0), 1.0)
            joiners = rng.binomial(joiners, keep[:, None, None, None])
        state = continuing + joiners
        out[:, h - 1] = state
    return Simulation(out, rates.base_year + 1, seed)
