"""From cohort cells to exchange-format demand: years, phases, tiers and exact spreading."""

import pandas as pd
import pytest
from small_scenarios import steady_history

from sufficiency_app.projection import phase_of_ncy, spread, to_demand
from sufficiency_app.projection.mapping import to_groups


def test_phases_of_ncy():
    assert list(phase_of_ncy([-4, -1, 0, 6, 7, 11, 12, 20])) == ["EY", "EY", "PRI", "PRI", "SEC", "SEC", "P16", "P16"]


def test_groups_use_demand_years_tiers_and_drop_non_school_settings():
    long = pd.DataFrame({
        "year": [2026] * 5, "ncy": [3, 3, 8, 13, 13], "need": ["ASD"] * 5,
        "setting": ["special", "independent", "resourced", "other", "ap"], "count": [2.0, 1.0, 4.0, 9.0, 9.0],
    })
    groups = to_groups(long)
    assert groups.to_dict("records") == [
        {"year": 2025, "need": "ASD", "phase": "PRI", "tier": "special", "count": 3.0},
        {"year": 2025, "need": "ASD", "phase": "SEC", "tier": "resourced", "count": 4.0},
    ]


def test_spread_keeps_totals_and_falls_back_to_coarser_weights():
    county = pd.DataFrame({"year": [2025, 2025, 2025], "need": ["ASD", "ASD", "DS"],
                           "phase": ["PRI", "SEC", "EY"], "tier": ["special"] * 3, "count": [10.0, 3.0, 1.0]})
    weights = pd.DataFrame({"area_id": ["A", "B", "A"], "need": ["ASD", "ASD", "SEMH"],
                            "phase": ["PRI", "PRI", "SEC"], "tier": ["special", "special", "resourced"],
                            "weight": [1.0, 4.0, 6.0]})
    out = spread(county, weights).set_index(["need", "phase", "area_id"])["count"]
    assert out[("ASD", "PRI", "A")] == pytest.approx(2.0) and out[("ASD", "PRI", "B")] == pytest.approx(8.0)
    # no ASD SEC weights: (need, tier) = ASD special -> 1:4
    assert out[("ASD", "SEC", "B")] == pytest.approx(2.4)
    # DS: no need weights, falls to (tier): special weights 1:4 again
    assert out[("DS", "EY", "A")] == pytest.approx(0.2)
    assert out.sum() == pytest.approx(14.0)


def test_to_demand_uses_base_year_shares_or_history_areas(scenario):
    county = pd.DataFrame({"year": [2024, 2025, 2026], "need": ["ASD"] * 3, "phase": ["PRI"] * 3,
                           "tier": ["special"] * 3, "count": [99.0, 8.0, 12.0]})
    demand = to_demand(county, scenario)
    assert list(demand.columns) == ["year", "area_id", "need", "phase", "tier", "count"]
    assert sorted(demand["year"].unique()) == [2025, 2026]  # only the scenario's years
    assert demand[demand["year"] == 2025].set_index("area_id")["count"].to_dict() == \
        pytest.approx({"A1": 2.0, "A2": 4.0, "A3": 2.0})
    history = steady_history(range(2025, 2027)).assign(area_id="A3")
    by_history = to_demand(county, scenario, history)
    assert by_history["area_id"].unique().tolist() == ["A3"]
    assert by_history["count"].sum() == pytest.approx(20.0)


def test_without_demand_areas_population_weights(scenario):
    bare = scenario.replace(demand=scenario.demand.iloc[0:0],
                            areas=scenario.areas.assign(population=[100.0, 0.0, 300.0]))
    county = pd.DataFrame({"year": [2025], "need": ["SEMH"], "phase": ["SEC"], "tier": ["special"], "count": [8.0]})
    demand = to_demand(county, bare)
    assert demand.set_index("area_id")["count"].to_dict() == pytest.approx({"A1": 2.0, "A3": 6.0})
