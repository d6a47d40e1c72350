"""The simulation: seeded, centred on the expected projection, bands ordered, levers honoured."""

import numpy as np
import pandas as pd
import pytest
from small_scenarios import steady_history

from sufficiency_app.projection import (
    Levers,
    bands,
    fit_rates,
    percentile_groups,
    simulate,
)
from sufficiency_app.projection.cohort import project_cube


@pytest.fixture(scope="module")
def rates():
    return fit_rates(steady_history())


def test_same_seed_same_runs(rates):
    a = simulate(rates, 3, runs=50, seed=3).counts
    assert np.array_equal(a, simulate(rates, 3, runs=50, seed=3).counts)
    assert not np.array_equal(a, simulate(rates, 3, runs=50, seed=4).counts)


def test_runs_centre_on_the_expected_projection(rates):
    expected, _ = project_cube(rates, 4)
    sim = simulate(rates, 4, runs=400, seed=1)
    mean = sim.counts.sum(axis=(2, 3, 4)).mean(axis=0)
    assert mean == pytest.approx(expected.sum(axis=(1, 2, 3)), rel=0.01)
    assert sim.years == (2025, 2026, 2027, 2028)
    # some spread, growing with the horizon
    spread = sim.counts.sum(axis=(2, 3, 4)).std(axis=0)
    assert spread[0] > 0 and spread[-1] > spread[0]


def test_bands_are_ordered_and_percentiles_between(rates):
    sim = simulate(rates, 3, runs=200, seed=2)
    b = bands(sim)
    assert list(b.columns) == ["year", "need", "tier", "p5", "p50", "p95"]
    assert sorted(b["year"].unique()) == [2024, 2025, 2026]  # census 2025 = academic year 2024/25
    assert ((b["p5"] <= b["p50"]) & (b["p50"] <= b["p95"])).all()
    assert set(b["need"]) == {"ASD", "SEMH"} and set(b["tier"]) == {"mainstream", "resourced", "special"}
    p80 = percentile_groups(sim, 80).groupby(["year", "need", "tier"])["count"].sum()
    p50 = percentile_groups(sim, 50).groupby(["year", "need", "tier"])["count"].sum()
    p80, p50 = p80.align(p50, fill_value=0.0)
    assert (p80 >= p50).all() and (p80 > p50).any()


def test_backlog_and_ceiling_in_simulation(rates):
    plain = simulate(rates, 2, runs=100, seed=5).counts.sum(axis=(2, 3, 4))
    backlog = simulate(rates, 2, runs=100, seed=5, levers=Levers(backlog=301, backlog_years=2)).counts
    extra = backlog.sum(axis=(2, 3, 4)).mean(axis=0) - plain.mean(axis=0)
    assert extra[0] == pytest.approx(150, abs=40) and extra[1] == pytest.approx(301, abs=60)
    years = [2025, 2026]
    population = pd.DataFrame({"year": np.repeat(years, 12), "ncy": np.tile(np.arange(12), 2),
                               "population": 1000.0})
    levers = Levers(ceiling=0.11)
    expected, _ = project_cube(rates, 2, levers, population)
    assert expected.sum(axis=(1, 2, 3)) == pytest.approx([1320, 1320])  # binds
    capped = simulate(rates, 2, runs=100, seed=5, levers=levers, population=population).counts
    assert capped.sum(axis=(2, 3, 4)).mean(axis=0) == pytest.approx([1320, 1320], rel=0.01)
