"""Estimate the cohort (Markov) model from census counts.

State of a child: primary need x setting, at a national curriculum year
(NCY). Between two January censuses every child ages one NCY; a child at
NCY ``a-1`` in year ``t-1`` either keeps the plan (probability
``continuation[a, need]``) and is then at setting ``s'`` with probability
``transition[a, s, s']``, or leaves (plan ceased, moved away). New plans
(joiners) arrive at every NCY. Need is held fixed over a child's plan.

What identifies what, from counts ``n[t, a, need, s]`` alone (aggregate
data, no child identifiers):

1. *Continuation* is the pooled cohort ratio
   ``sum_t n[t, a, need] / sum_t n[t-1, a-1, need]``, capped at 1 and shrunk
   towards the NCY's ratio over all needs (prior weight ``PRIOR_CHILDREN``).
   A ratio above 1 means children join; below 1, they leave. Counts alone
   cannot show both at the same NCY, so this is a *net flow* estimator:
   joiners are the net increase ``max(0, n[t, a] - c * n[t-1, a-1])``. When
   ``history.csv`` has a ``new`` column (plans started in the year, as in
   SEN2), continuing children are ``count - new`` and continuation is
   ``sum (n - new) / sum n[t-1, a-1]``: leavers and joiners are then both seen.
2. *Setting moves* (step-ups, step-downs, phase transfer, post-16 moves)
   and the *setting mix of joiners* are fitted together, NCY by NCY, by
   bounded least squares of ``n[t, a, need, :] = c * n[t-1, a-1, need, :] @ P
   + J * q[need]`` over every year pair and need, rows of ``P`` and ``q`` on
   the simplex. They are identified by cohorts (needs, years) whose setting
   mix differs before the move; a ridge prior pulls ``P`` to "stay" and
   ``q`` to the cohort's current mix where the data are silent. With
   ``new`` counts by setting, ``q`` is observed instead of fitted.
3. *Joiner growth* follows the log-linear trend of the number of plans
   (per head of population when ``population.csv`` covers the years): in a
   settled cohort model plans grow at the rate joiners grow, and the stock
   is far steadier than yearly joiner counts, which jump. The joiner level
   in the base year sits on that trend through the fitted years' joiners;
   the trend's standard error and the joiners' spread around it feed the
   simulation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from ..model.codes import NEEDS
from .history import NCYS, SETTINGS

PRIOR_CHILDREN = 10.0
"""Weight, in children, of the priors that shrink thin cells to pooled values."""

A, K, S = len(NCYS), len(NEEDS), len(SETTINGS)


@dataclass(frozen=True, eq=False)
class CohortRates:
    """A fitted cohort model; arrays are indexed ``[ncy, need, setting]`` in the
    order of :data:`~.history.NCYS`, :data:`~sufficiency_app.model.codes.NEEDS`,
    :data:`~.history.SETTINGS`.

    ``continuation[a, k]``: chance a child at NCY ``a-1`` keeps the plan into
    NCY ``a`` (``continuation_evidence`` children behind it).
    ``transition[a, s, s2]``: chance a continuing child moves from ``s`` to ``s2``.
    ``joiners[a, k, s]``: expected new plans in ``base_year`` (the trend value).
    ``growth``: yearly growth of joiners (``growth_se`` its standard error on
    the log scale, ``level_sd`` the spread of yearly joiners around the trend).
    ``base``: counts at the census of ``base_year``, where projections start.
    ``base_population``: population by NCY at ``base_year`` (None without
    population). ``per_head``: joiners were fitted per head of population,
    so projections scale them by population. ``method``: ``"net flows"`` or
    ``"new plans"``.
    """

    base_year: int
    base: np.ndarray
    continuation: np.ndarray
    continuation_evidence: np.ndarray
    transition: np.ndarray
    joiners: np.ndarray
    growth: float
    growth_se: float
    level_sd: float
    base_population: np.ndarray | None
    per_head: bool
    method: str
    years_fitted: tuple[int, ...]


def to_cube(history: pd.DataFrame, column: str = "count") -> dict[int, np.ndarray]:
    """County totals per census year as arrays ``[ncy, need, setting]``."""
    ncy_i = {n: i for i, n in enumerate(NCYS)}
    need_i = {n: i for i, n in enumerate(NEEDS)}
    set_i = {s: i for i, s in enumerate(SETTINGS)}
    cubes: dict[int, np.ndarray] = {}
    for year, g in history.groupby("year"):
        cube = np.zeros((A, K, S))
        np.add.at(cube, (g["ncy"].map(ncy_i).to_numpy(), g["need"].map(need_i).to_numpy(),
                         g["setting"].map(set_i).to_numpy()), g[column].to_numpy(dtype=float))
        cubes[int(year)] = cube
    return cubes


def aged(cube: np.ndarray) -> np.ndarray:
    """Shift a cube one NCY up: entry ``a`` holds what was at ``a-1`` (the top NCY leaves)."""
    out = np.zeros_like(cube)
    out[1:] = cube[:-1]
    return out


def population_vector(population: pd.DataFrame | None, year: int) -> np.ndarray | None:
    """Population by NCY for one year (NaN where the NCY is not given), or None."""
    if population is None or not (population["year"] == year).any():
        return None
    vec = np.full(A, np.nan)
    rows = population[population["year"] == year]
    vec[rows["ncy"].to_numpy() - NCYS[0]] = rows["population"].to_numpy(dtype=float)
    return vec


def _continuation(pairs, cubes, new_cubes):
    num = np.zeros((A, K))
    den = np.zeros((A, K))
    for t in pairs:
        cur = cubes[t] - new_cubes[t] if new_cubes else cubes[t]
        num += cur.sum(axis=2)
        den += aged(cubes[t - 1]).sum(axis=2)
    pooled = np.divide(num.sum(axis=1), den.sum(axis=1), out=np.ones(A), where=den.sum(axis=1) > 0)
    pooled = np.clip(pooled, 0.0, 1.0)
    c = (num + PRIOR_CHILDREN * pooled[:, None]) / (den + PRIOR_CHILDREN)
    return np.clip(c, 0.0, 1.0), den


def _fit_moves(rows: list[tuple[np.ndarray, np.ndarray, float, float, int]],
               prior_q: np.ndarray, fixed_q: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Least squares for ``P`` (S x S) and joiner mixes ``q`` (K x S) at one NCY.

    Non-negative least squares with heavily weighted rows making each row of
    ``P`` and ``q`` sum to 1 (so every entry is also at most 1).
    """
    fit_q = fixed_q is None
    n_p = S * S
    n_var = n_p + (K * S if fit_q else 0)
    eqs, rhs = [], []
    for x, y, c, j, k in rows:
        for s2 in range(S):
            row = np.zeros(n_var)
            row[np.arange(S) * S + s2] = c * x
            target = y[s2]
            if fit_q:
                row[n_p + k * S + s2] = j
            else:
                target -= j * fixed_q[k, s2]
            eqs.append(row)
            rhs.append(target)
    scale = max(1.0, float(np.sqrt(np.mean(np.square(rhs))))) if rhs else 1.0
    w = np.sqrt(PRIOR_CHILDREN)
    for i in range(n_p):
        row = np.zeros(n_var)
        row[i] = w
        eqs.append(row)
        rhs.append(w * (1.0 if i // S == i % S else 0.0))
    if fit_q:
        for k in range(K):
            for s2 in range(S):
                row = np.zeros(n_var)
                row[n_p + k * S + s2] = w
                eqs.append(row)
                rhs.append(w * prior_q[k, s2])
    big = 1e3 * scale
    for r in range(S + (K if fit_q else 0)):
        row = np.zeros(n_var)
        row[r * S:(r + 1) * S] = big
        eqs.append(row)
        rhs.append(big)
    sol = nnls(np.array(eqs), np.array(rhs), maxiter=50 * n_var)[0]
    P = sol[:n_p].reshape(S, S)
    q = sol[n_p:].reshape(K, S) if fit_q else fixed_q
    unseen = sum(y for _, y, _, _, _ in rows) <= 0
    P[:, unseen] = 0.0
    P[np.arange(S), np.arange(S)] += 1.0 - P.sum(axis=1)
    P = np.clip(P, 0.0, None)  # NNLS's tolerance can leave -1e-7 on a diagonal that the line above emptied
    P /= P.sum(axis=1, keepdims=True)
    if fit_q:
        q[:, unseen] = 0.0
    return P, q / np.maximum(q.sum(axis=1, keepdims=True), 1e-12)


def _mix(cube: np.ndarray) -> np.ndarray:
    """Setting shares per (ncy, need), pooled towards the NCY's shares over all needs."""
    pooled = cube.sum(axis=1, keepdims=True)
    pooled = np.divide(pooled, pooled.sum(axis=2, keepdims=True), out=np.zeros_like(pooled),
                       where=pooled.sum(axis=2, keepdims=True) > 0)
    return (cube + PRIOR_CHILDREN * pooled) / (cube.sum(axis=2, keepdims=True) + PRIOR_CHILDREN)


def _trend(years: list[int], values: np.ndarray) -> tuple[float, float]:
    """Slope of ``log values`` on year and its standard error (a floor of 0.005)."""
    t = np.asarray(years, dtype=float)
    y = np.log(np.maximum(values, 1e-9))
    if len(t) < 2:
        return 0.0, 0.05
    beta, alpha = np.polyfit(t, y, 1)
    if len(t) == 2:
        return float(beta), max(0.05, abs(float(beta)) / 2)
    resid = y - (alpha + beta * t)
    se = float(np.sqrt(np.sum(resid ** 2) / (len(t) - 2) / np.sum((t - t.mean()) ** 2)))
    return float(beta), max(se, 0.005)


def fit_rates(history: pd.DataFrame, population: pd.DataFrame | None = None,
              fit_to: int | None = None) -> CohortRates:
    """Fit the cohort model on census years up to ``fit_to`` (all years when None).

    ``history`` is a cleaned table from :func:`~.history.check_history`
    (areas are summed); ``population`` an optional cleaned population table.
    """
    hist = history if fit_to is None else history[history["year"] <= fit_to]
    cubes = to_cube(hist)
    has_new = "new" in hist.columns and float(hist["new"].sum()) > 0
    new_cubes = to_cube(hist, "new") if has_new else {}
    pairs = [t for t in sorted(cubes) if t - 1 in cubes]
    if not pairs:
        raise ValueError("history needs two consecutive census years to fit the cohort model")
    base_year = max(cubes)
    c, den = _continuation(pairs, cubes, new_cubes)

    joiners = {t: np.maximum(0.0, cubes[t].sum(axis=2) - c * aged(cubes[t - 1]).sum(axis=2)) for t in pairs}
    mix_now = _mix(sum(cubes[t] for t in pairs))
    fixed_q = None
    if has_new:
        fixed_q = _mix(sum(new_cubes[t] for t in pairs))
    transition = np.zeros((A, S, S))
    transition[:] = np.eye(S)
    q = mix_now.copy()
    for a in range(1, A):
        rows = [(cubes[t - 1][a - 1, k], cubes[t][a, k], c[a, k], joiners[t][a, k], k)
                for t in pairs for k in range(K)
                if cubes[t - 1][a - 1, k].sum() + cubes[t][a, k].sum() > 0]
        if rows:
            transition[a], q[a] = _fit_moves(rows, mix_now[a], None if fixed_q is None else fixed_q[a])
    q[0] = fixed_q[0] if fixed_q is not None else mix_now[0]

    stock = np.array([cubes[t].sum() for t in cubes])
    joined = np.array([joiners[t].sum() for t in pairs])
    pops = {t: population_vector(population, t) for t in cubes}
    per_head = all(p is not None for p in pops.values())
    if per_head:
        stock = stock / np.array([np.nansum(pops[t]) for t in cubes])
        joined = joined / np.array([np.nansum(pops[t]) for t in pairs])
    beta, se = _trend(list(cubes), stock)
    seen = joined > 0  # a year with no net joiners says nothing about the log level
    offsets = np.log(joined[seen]) - beta * np.asarray(pairs, dtype=float)[seen]
    sd = float(np.std(offsets, ddof=1)) if len(offsets) > 1 else 0.1
    level = float(np.exp(offsets.mean() + beta * base_year)) if len(offsets) else 0.0
    if per_head:
        level *= float(np.nansum(pops[base_year]))
    recent = pairs[-3:]
    shape = sum(joiners[t] for t in recent)
    shape = shape / max(shape.sum(), 1e-12)
    expected = level * shape[:, :, None] * q
    return CohortRates(
        base_year=base_year, base=cubes[base_year], continuation=c, continuation_evidence=den,
        transition=transition, joiners=expected, growth=float(np.expm1(beta)), growth_se=se, level_sd=max(sd, 0.02),
        base_population=population_vector(population, base_year), per_head=per_head,
        method="new plans" if has_new else "net flows",
        years_fitted=tuple(sorted(cubes)),
    )
