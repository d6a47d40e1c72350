"""Demand futures: one seeded simulation each, spread to areas exactly as the forecast does."""

import numpy as np
import pandas as pd
import pytest

from sufficiency_app.projection import forecast
from sufficiency_app.projection.futures import demand_futures, future_seeds


def test_a_future_is_the_forecast_of_its_own_one_run_simulation(scenario, folder):
    from sufficiency_app.io import read_scenario

    scenario = read_scenario(folder)
    futures = demand_futures(scenario)
    seed = future_seeds(4, 3)[1]
    drawn = futures.table(futures.draw(seed)).set_index(["year", "area_id", "need", "phase", "tier"])["count"]
    expected = forecast(scenario, runs=1, seed=seed, percentile=50).demand.set_index(
        ["year", "area_id", "need", "phase", "tier"])["count"]
    both = pd.concat([drawn, expected], axis=1).fillna(0.0)
    assert len(drawn) and np.allclose(both.iloc[:, 0], both.iloc[:, 1])


def test_futures_are_seeded_one_by_one(scenario, folder):
    from sufficiency_app.io import read_scenario

    futures = demand_futures(read_scenario(folder))
    ten, three = future_seeds(9, 10), future_seeds(9, 3)
    assert np.array_equal(futures.draw(ten[2]), futures.draw(three[2]))
    assert not np.array_equal(futures.draw(ten[0]), futures.draw(ten[1]))


def test_no_history_is_refused_with_a_sentence(scenario):
    with pytest.raises(ValueError, match="history.csv"):
        demand_futures(scenario.replace(history=None))
