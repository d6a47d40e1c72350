"""The re-check and the result tables on the version 2 readings, against the hand-worked optima of
:mod:`extension_scenarios` (the docstrings there show the arithmetic)."""

from __future__ import annotations

import math

import pytest
from extension_scenarios import (
    ASD, BUILD_LEVELS, BUILD_OFF_LEVELS, BUILD_OFF_SCHEDULE, BUILD_OFF_SPEND, BUILD_SCHEDULE, BUILD_SPEND,
    COUNTY_LEVELS, COUNTY_MEASURES, COUNTY_SCHEDULE, REQUIRED_LEVELS, REQUIRED_OFF_LEVELS, REQUIRED_OFF_SCHEDULE, REQUIRED_SCHEDULE,
    STAY_LEVELS, STAY_OFF_LEVELS, STAY_OFF_SCHEDULE, STAY_ON_OFF_SCHEDULE_LEVELS, STAY_SCHEDULE, TRANSPORT_COST,
    TRANSPORT_LEVELS, TRANSPORT_OFF_LEVELS, TRANSPORT_SCHEDULE, build_county, county_county, required_county,
    stay_county, transport_county,
)

from sufficiency_app.codes import INDEPENDENT
from sufficiency_app.solver.check import check_plan
from sufficiency_app.solver.tables import level_values, summary_table

from .builder import demand

CASES = {
    "stay": (stay_county, STAY_SCHEDULE, STAY_LEVELS),
    "stay off": (lambda: stay_county(0.0), STAY_OFF_SCHEDULE, STAY_OFF_LEVELS),
    "stay with an empty place": (stay_county, STAY_OFF_SCHEDULE, STAY_ON_OFF_SCHEDULE_LEVELS),
    "required": (required_county, REQUIRED_SCHEDULE, REQUIRED_LEVELS),
    "required off": (lambda: required_county(0.0), REQUIRED_OFF_SCHEDULE, REQUIRED_OFF_LEVELS),
    "transport": (transport_county, TRANSPORT_SCHEDULE, TRANSPORT_LEVELS),
    "transport off": (lambda: transport_county(False), TRANSPORT_SCHEDULE, TRANSPORT_OFF_LEVELS),
    "build": (build_county, BUILD_SCHEDULE, BUILD_LEVELS),
    "build off": (lambda: build_county(1), BUILD_OFF_SCHEDULE, BUILD_OFF_LEVELS),
    "county": (county_county, COUNTY_SCHEDULE, COUNTY_LEVELS),
}


def close(levels):
    return pytest.approx(levels, rel=1e-6, abs=1e-5)


@pytest.mark.parametrize("name", CASES)
def test_the_check_and_the_tables_give_the_hand_worked_levels(name):
    make, schedule, levels = CASES[name]
    sc = make()
    check = check_plan(sc, schedule)
    assert (check.independent, check.travel, check.cost) == close(levels)
    assert level_values(sc, schedule, check.allocation) == close(levels)
    summary = summary_table(sc, schedule, check.allocation)
    assert summary["independent"].sum() == close(levels[0])


def test_continuing_placement_keeps_the_child_and_the_place_serves_the_new_entrant():
    a = check_plan(stay_county(), STAY_SCHEDULE).allocation.set_index(["year", "provision_id"])["count"]
    assert a.to_dict() == close({(2025, INDEPENDENT): 1.0, (2026, INDEPENDENT): 1.0, (2026, "S"): 1.0})
    back = check_plan(stay_county(0.0), STAY_OFF_SCHEDULE).allocation.set_index(["year", "provision_id"])["count"]
    assert back.to_dict() == close({(2025, INDEPENDENT): 1.0, (2026, "S"): 2.0})


def test_continuing_placements_solve_the_years_as_one_lp_with_capacity_duals_per_year():
    duals = check_plan(stay_county(), STAY_SCHEDULE).duals
    assert list(zip(duals["setting_id"], duals["year"])) == [("S", 2025), ("S", 2026)]
    assert duals[["independent_avoided", "minutes_saved"]].notna().all().all()


def test_when_a_group_shrinks_below_its_stayers_they_all_stay():
    """Reading 14's slack keeps it feasible: 2 children independent in 2025, 1 in 2026 with stay 0.8:
    ``I[2026] >= 0.8 x 2 - max(0, 0.8 x 2 - 1) = 1``: the one child left stays, S's new place is empty."""
    sc = stay_county(0.8)
    sc = sc.replace(demand=sc.demand.assign(count=[2.0, 1.0]))
    a = check_plan(sc, STAY_SCHEDULE).allocation
    assert a.loc[a["year"] == 2026, ["provision_id", "count"]].values.tolist() == [[INDEPENDENT, 1.0]]


def test_a_group_missing_from_a_year_has_no_one_to_keep():
    """Three years; S has 1 place from 2026. ASD: 1 child in 2025, none in 2026, 1 in 2027; SEMH: 1 in
    2025 and 2026 (stay 1.0 links the years into one LP). SEMH's child stays independent in 2026 (the
    place stands empty); ASD's 2027 child has no 2026 placement to continue (D = 0), so takes the place.
    Levels: 2 + 1 + 0 = 3 independent; 3 x 60 + 1 = 181 minutes."""
    sc = stay_county()
    semh = ("SEMH", "PRI", "special")
    sc = sc.replace(parameters=sc.parameters.replace(horizon=3, capital=(0.0, 2e6, 0.0)),
                    demand=demand([(2025, "A", *ASD, 1), (2027, "A", *ASD, 1), (2025, "A", *semh, 1),
                                   (2026, "A", *semh, 1)]))
    check = check_plan(sc, STAY_SCHEDULE)
    assert (check.independent, check.travel) == close((3.0, 181.0))
    a = check.allocation
    assert a.loc[a["year"] == 2027, ["need", "provision_id"]].values.tolist() == [["ASD", "S"]]


def test_required_share_counts_independent_schools_and_the_fallback():
    a = check_plan(required_county(), REQUIRED_SCHEDULE).allocation.set_index("provision_id")["count"]
    assert a.to_dict() == close({INDEPENDENT: 1.6, "S": 8.4, "X": 2.0})


def test_transport_moves_the_child_to_the_nearer_school_at_equal_minutes():
    sc = transport_county()
    a = check_plan(sc, TRANSPORT_SCHEDULE).allocation
    assert a.loc[a["area_id"] == "A", "provision_id"].tolist() == ["S1"]
    off = check_plan(transport_county(False), TRANSPORT_SCHEDULE).allocation
    assert off.loc[off["area_id"] == "A", "provision_id"].tolist() == ["S2"]
    assert summary_table(sc, TRANSPORT_SCHEDULE, a)["transport_cost"].tolist() == [pytest.approx(TRANSPORT_COST)]
    assert summary_table(transport_county(False), TRANSPORT_SCHEDULE, off)["transport_cost"].tolist() == [0.0]


def test_capital_spread_before_opening_breaks_the_budget():
    sc = build_county()
    late = check_plan(sc, BUILD_OFF_SCHEDULE)
    assert late.budget == ("capital spent in 2025 is £1,000,000, more than that year's budget of £500,000",)
    assert summary_table(sc, BUILD_OFF_SCHEDULE, late.allocation)["capital"].tolist() == list(BUILD_OFF_SPEND)
    chosen = check_plan(sc, BUILD_SCHEDULE)
    assert chosen.budget == ()
    assert summary_table(sc, BUILD_SCHEDULE, chosen.allocation)["capital"].tolist() == list(BUILD_SPEND)
    assert check_plan(build_county(1), BUILD_OFF_SCHEDULE).budget == ()


def test_out_of_county_shares_are_of_all_demand():
    sc = county_county()
    summary = summary_table(sc, COUNTY_SCHEDULE, check_plan(sc, COUNTY_SCHEDULE).allocation)
    assert summary["demand"].tolist() == [17.0]
    assert summary.loc[0, list(COUNTY_MEASURES)].to_dict() == close(COUNTY_MEASURES)
    assert summary["transport_cost"].tolist() == [0.0]


def test_a_year_without_demand_has_no_shares():
    sc = build_county()
    summary = summary_table(sc, BUILD_SCHEDULE, check_plan(sc, BUILD_SCHEDULE).allocation)
    first = summary.iloc[0]
    assert first["demand"] == 0 and all(math.isnan(first[c]) for c in ("spe_a", "spe_d", "out_of_county"))
    assert first["transport_cost"] == 0.0
