"""The expected (mean) cohort projection.

One year of the model, for every NCY ``a``, need ``k`` and setting ``s2``::

    n[t, a, k, s2] = sum_s n[t-1, a-1, k, s] * c[a, k] * P[a, s, s2]  +  J[t, a, k, s2]

with ``J`` the new plans of the year (trend x growth, plus any backlog,
cut to a ceiling if one binds). Worked example with one need and two
settings (mainstream M, special S): last year 100 in M and 20 in S at NCY 1;
``c = 0.9`` into NCY 2; ``P = [[0.8, 0.2], [0, 1]]``; 10 joiners at NCY 2
split 70/30. Next year at NCY 2: M = 100*0.9*0.8 + 7 = 79 and
S = 100*0.9*0.2 + 20*0.9*1 + 3 = 39; 12 of the 120 left.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model.codes import NEEDS
from .estimate import CohortRates, aged
from .history import NCYS, SETTINGS
from .levers import (
    DEFAULT_LEVERS,
    Levers,
    backlog_for,
    backlog_mix,
    ceiling_for,
    effective_transition,
    joiner_means,
)

LONG_COLUMNS = ("year", "ncy", "need", "setting", "count", "joiners")


def step(state: np.ndarray, continuation: np.ndarray, transition: np.ndarray) -> np.ndarray:
    """Age ``state[ncy, need, setting]`` one year: continuation then setting moves."""
    return np.einsum("aks,ast->akt", aged(state) * continuation[:, :, None], transition)


def fit_to_ceiling(continuing: np.ndarray, joiners: np.ndarray, cap: float, counted: np.ndarray) -> float:
    """Share of new plans kept so that counted plans do not exceed ``cap`` (1 when it does not bind)."""
    held = float(continuing[counted].sum())
    new = float(joiners[counted].sum())
    if held + new <= cap or new <= 0:
        return 1.0
    return max(0.0, (cap - held) / new)


def project_cube(rates: CohortRates, years: int, levers: Levers = DEFAULT_LEVERS,
                 population: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Expected counts and joiners, arrays ``[year, ncy, need, setting]`` for
    census years ``base_year + 1 .. base_year + years``."""
    P = effective_transition(rates, levers)
    state = rates.base
    counts, joins = [], []
    for h in range(1, years + 1):
        year = rates.base_year + h
        cont = step(state, rates.continuation, P)
        means = joiner_means(rates, levers, year, population)
        extra = backlog_for(levers, h)
        if extra:
            means = means + extra * backlog_mix(means, rates)
        limit = ceiling_for(levers, population, year)
        if limit is not None:
            means = means * fit_to_ceiling(cont, means, *limit)
        state = cont + means
        counts.append(state)
        joins.append(means)
    return np.array(counts), np.array(joins)


def cube_to_long(counts: np.ndarray, first_year: int, joiners: np.ndarray | None = None) -> pd.DataFrame:
    """Flatten ``[year, ncy, need, setting]`` arrays to a long table (``LONG_COLUMNS``), zero rows dropped."""
    y, a, k, s = np.indices(counts.shape).reshape(4, -1)
    df = pd.DataFrame({
        "year": first_year + y, "ncy": np.asarray(NCYS)[a], "need": np.asarray(NEEDS, dtype=object)[k],
        "setting": np.asarray(SETTINGS, dtype=object)[s], "count": counts.reshape(-1),
        "joiners": (joiners if joiners is not None else np.zeros_like(counts)).reshape(-1),
    })
    df["need"] = df["need"].astype(str)
    df["setting"] = df["setting"].astype(str)
    return df[(df["count"] > 0) | (df["joiners"] > 0)].reset_index(drop=True)


def project(rates: CohortRates, years: int, levers: Levers = DEFAULT_LEVERS,
            population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Expected projection as a long table: census year, NCY, need, setting, count, joiners."""
    counts, joins = project_cube(rates, years, levers, population)
    return cube_to_long(counts, rates.base_year + 1, joins)
