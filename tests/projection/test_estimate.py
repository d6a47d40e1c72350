"""The estimator recovers known rates from large populations simulated with them."""

import numpy as np
import pandas as pd

from sufficiency_app.projection import fit_rates
from sufficiency_app.projection.history import NCYS, SETTINGS

USED = ("mainstream", "resourced", "special")
P_TRUE = np.array([[0.90, 0.06, 0.04], [0.03, 0.90, 0.07], [0.00, 0.02, 0.98]])
Q_TRUE = {"ASD": [0.5, 0.2, 0.3], "SEMH": [0.6, 0.3, 0.1], "SLCN": [0.8, 0.15, 0.05]}


def _rows(year, cube, new=None):
    rows = []
    for (need, a, s), value in np.ndenumerate(cube):
        if value > 0:
            row = {"year": year, "ncy": a, "need": list(Q_TRUE)[need], "setting": USED[s], "count": int(value)}
            if new is not None:
                row["new"] = int(new[need, a, s])
            rows.append(row)
    return rows


def simulate_flows(seed=1, years=6, cont=0.93, joiners=3000):
    """Children by [need, ncy 0..11, setting]: continue with ``cont``, move by P_TRUE, join by Q_TRUE."""
    rng = np.random.default_rng(seed)
    state = rng.integers(10_000, 60_000, size=(3, 12, 3))
    rows = _rows(2018, state, np.zeros_like(state))
    for year in range(2019, 2019 + years):
        older = np.zeros_like(state)
        older[:, 1:] = rng.binomial(state[:, :-1], cont)
        moved = np.zeros_like(state)
        for s in range(3):
            moved += rng.multinomial(older[:, :, s], P_TRUE[s])
        new = np.stack([rng.multinomial(rng.poisson(joiners, size=12), Q_TRUE[n]) for n in Q_TRUE])
        state = moved + new
        rows += _rows(year, state, new)
    return pd.DataFrame(rows)


def test_new_plans_identify_continuation_and_setting_moves():
    rates = fit_rates(simulate_flows())
    assert rates.method == "new plans"
    need_rows = [list(NCYS).index(1) + i for i in range(11)]
    for k in (10, 4, 5):  # ASD, SEMH, SLCN in codes.NEEDS order
        assert np.allclose(rates.continuation[need_rows, k], 0.93, atol=0.005)
    used = [SETTINGS.index(s) for s in USED]
    for a in need_rows:
        assert np.allclose(rates.transition[a][np.ix_(used, used)], P_TRUE, atol=0.02), a
        # settings nobody uses stay empty
        assert rates.transition[a][np.ix_(used, [SETTINGS.index("ap"), SETTINGS.index("other")])].max() < 1e-9
    # joiners' setting mix is observed from the new plans
    asd = rates.joiners[list(NCYS).index(5), 10][used]
    assert np.allclose(asd / asd.sum(), Q_TRUE["ASD"], atol=0.02)


def test_net_flows_from_counts_alone_in_a_steady_county():
    """Plans join at NCY 0-5 (1,000 a year per need) and leave at 10% a year from NCY 6: counts only."""
    rng = np.random.default_rng(7)
    cont = np.where(np.arange(12) <= 5, 1.0, 0.9)
    join = np.where(np.arange(12) <= 5, 1000.0, 0.0)
    steady = np.zeros(12)
    for a in range(12):
        steady[a] = join[a] + (cont[a] * steady[a - 1] if a else 0.0)
    rows = []
    state = np.rint(np.tile(steady[None, :, None], (3, 1, 1)) * np.array([0.7, 0.1, 0.2])).astype(int)
    for year in range(2019, 2026):
        if year > 2019:
            older = np.zeros_like(state)
            older[:, 1:] = rng.binomial(state[:, :-1], cont[1:, None])
            state = older + np.stack([rng.multinomial(rng.poisson(join[a]), [0.7, 0.1, 0.2]) if join[a] else
                                      np.zeros(3, int) for a in range(12)])[None].repeat(3, axis=0)
        rows += _rows(year, state)
    rates = fit_rates(pd.DataFrame(rows))
    assert rates.method == "net flows"
    a0 = list(NCYS).index(0)
    c = rates.continuation[a0:a0 + 12, 10]
    assert np.allclose(c[1:6], 1.0) and np.allclose(c[6:], 0.9, atol=0.01)
    per_ncy = rates.joiners[a0:a0 + 12, 10].sum(axis=1)
    assert np.allclose(per_ncy[:6], 1000, rtol=0.05)
    assert per_ncy[6:].max() < 50
    assert abs(rates.growth) < 0.01
