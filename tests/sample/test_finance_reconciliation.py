"""The sample's High Needs Block against the Wiltshire SEND Sustainability Plan's published forecast.

The no-new-places plan is the saved ``no_new_places_revenue.csv`` (written
by ``sample_data/build_finance.py``), so these tests do not solve the
sample; the slow test checks that the saved table is still what the solver
gives.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sufficiency_app.infra.resources import sample_scenario_path
from sufficiency_app.io import read_scenario
from sufficiency_app.model import finance
from sufficiency_app.model.places import place_funding, usable_places
from sufficiency_app.model.provision_settings import effective_settings

SAVED = Path(__file__).with_name("no_new_places_revenue.csv")
# Unmitigated forecast, £000, 2025-26 (the Plan's table "DSG Unmitigated Forecast").
PUBLISHED_2025 = {
    "mainstream": 24_981, "resourced": 5_408, "special": 26_071, "independent": 25_323, "post16": 12_494,
    "alternative_provision": 9_796, "therapies": 569, "other": 826, "total": 105_468,
}
PUBLISHED_DEFICIT_APRIL_2029 = -220_244_000
NOTHING_BUILT = pd.DataFrame(columns=["option_id", "year", "modules", "places", "capital"])


@pytest.fixture(scope="module")
def scenario():
    return read_scenario(sample_scenario_path())


@pytest.fixture(scope="module")
def revenue():
    return pd.read_csv(SAVED)


def funding_by_kind(scenario, year: int) -> pd.Series:
    """Place funding (reading 19) of the existing places in ``year`` by setting kind."""
    places = usable_places(scenario, NOTHING_BUILT, filling=False)[year]
    kind = effective_settings(scenario).set_index(effective_settings(scenario)["setting_id"].astype(str))["kind"]
    return (places * place_funding(scenario).reindex(places.index)).groupby(kind.reindex(places.index)).sum()


def sample_lines_2025(scenario, revenue) -> dict[str, float]:
    """The sample's 2025-26 spend, £000, on the published table's lines: top-ups or fees plus place funding."""
    lines = scenario.finance.set_index(["year", "line"])["amount"]
    spend = revenue[revenue["year"] == 2025].groupby("kind")["cost"].sum().add(
        funding_by_kind(scenario, 2025), fill_value=0.0)
    out = {
        "mainstream": lines[(2025, "mainstream_top_ups")], "post16": lines[(2025, "post16_further_education")],
        "resourced": spend["resource_base"] + spend["elp"], "special": spend["special"],
        "independent": spend["independent"], "alternative_provision": lines[(2025, "alternative_provision")],
        "therapies": lines[(2025, "therapies")], "other": lines[(2025, "other_high_needs")],
    }
    out["total"] = finance.dsg_from_revenue(scenario, revenue, NOTHING_BUILT)["total_spend"].iloc[0]
    return {k: v / 1000 for k, v in out.items()}


def test_2025_26_lines_reproduce_the_published_table_within_two_percent(scenario, revenue):
    sample = sample_lines_2025(scenario, revenue)
    off = {k: round(sample[k] / v - 1, 4) for k, v in PUBLISHED_2025.items() if abs(sample[k] / v - 1) > 0.02}
    assert off == {}


def test_no_new_places_reproduces_the_published_deficit_to_april_2029_within_five_percent(scenario, revenue):
    dsg = finance.dsg_from_revenue(scenario, revenue, NOTHING_BUILT).set_index("year")
    assert dsg.loc[2025, "brought_forward"] == -84_715_000
    assert dsg.loc[2028, "balance"] == pytest.approx(PUBLISHED_DEFICIT_APRIL_2029, rel=0.05)


def test_safety_valve_target_and_savings_are_carried(scenario, revenue):
    dsg = finance.dsg_from_revenue(scenario, revenue, NOTHING_BUILT)
    view = finance.safety_valve(scenario, dsg, dsg).set_index("year")
    assert view.loc[2028, "target_in_year"] == 0 and view.loc[2025, "target_in_year"] < 0
    assert view.loc[2028, "other_savings"] == 20_100_000
    assert view.loc[2025, "plan_in_year"] == pytest.approx(dsg["in_year"].iloc[0] + 8_040_000)


@pytest.mark.slow
def test_saved_no_new_places_plan_is_what_the_solver_gives(scenario, revenue):
    from sufficiency_app.solver import baseline

    fresh = finance.revenue_by_kind(scenario, baseline(scenario))
    pd.testing.assert_frame_equal(fresh.round({"children": 4, "cost": 0}), revenue, check_dtype=False)
