"""The re-check and the result tables on the version 2 and 3 readings, against the hand-worked optima of
:mod:`extension_scenarios` (the docstrings there show the arithmetic)."""

from __future__ import annotations

import math

import pytest
from extension_scenarios import (
    ASD,
    BUILD_LEVELS,
    BUILD_OFF_LEVELS,
    BUILD_OFF_SCHEDULE,
    BUILD_OFF_SPEND,
    BUILD_SCHEDULE,
    BUILD_SPEND,
    COUNTY_LEVELS,
    COUNTY_MEASURES,
    COUNTY_SCHEDULE,
    FILL_LEVELS,
    FILL_OFF_LEVELS,
    FILL_OFF_SCHEDULE,
    FILL_SCHEDULE,
    FUNDING_EMPTY,
    FUNDING_LEVELS,
    FUNDING_OFF_LEVELS,
    FUNDING_OFF_SCHEDULE,
    FUNDING_ON_OFF_SCHEDULE_LEVELS,
    FUNDING_SCHEDULE,
    LEAST_CAPITAL_LEVELS,
    LEAST_CAPITAL_SCHEDULE,
    OUTSIDE_MEASURES,
    REQUIRED_LEVELS,
    REQUIRED_OFF_LEVELS,
    REQUIRED_OFF_SCHEDULE,
    REQUIRED_SCHEDULE,
    STAY_LEVELS,
    STAY_OFF_LEVELS,
    STAY_OFF_SCHEDULE,
    STAY_ON_OFF_SCHEDULE_LEVELS,
    STAY_SCHEDULE,
    TAIL_HORIZON,
    TAIL_LEVELS,
    TAIL_OFF_LEVELS,
    TAIL_OFF_SCHEDULE,
    TAIL_SCHEDULE,
    TRANSPORT_COST,
    TRANSPORT_LEVELS,
    TRANSPORT_OFF_LEVELS,
    TRANSPORT_SCHEDULE,
    TRAVEL_CAPITAL_LEVELS,
    TRAVEL_CAPITAL_SCHEDULE,
    build_county,
    county_county,
    fill_county,
    funding_county,
    journeys_county,
    outside_county,
    required_county,
    stay_county,
    tail_county,
    transport_county,
)

from sufficiency_app.model.allocation_rules import capacities
from sufficiency_app.model.codes import INDEPENDENT
from sufficiency_app.model.places import EMPTY_COLUMNS, empty_places, usable_places
from sufficiency_app.present.figures import spe_denominators
from sufficiency_app.present.plan_tables import level_values, summary_table
from sufficiency_app.solver.check import check_plan

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
    "funding": (funding_county, FUNDING_SCHEDULE, FUNDING_LEVELS),
    "funding off": (lambda: funding_county(0.0), FUNDING_OFF_SCHEDULE, FUNDING_OFF_LEVELS),
    "funding with empty places": (funding_county, FUNDING_OFF_SCHEDULE, FUNDING_ON_OFF_SCHEDULE_LEVELS),
    "tail": (tail_county, TAIL_SCHEDULE, TAIL_LEVELS),
    "tail off": (lambda: tail_county(0.0), TAIL_OFF_SCHEDULE, TAIL_OFF_LEVELS),
    "least capital": (journeys_county, LEAST_CAPITAL_SCHEDULE, LEAST_CAPITAL_LEVELS),
    "capital for journeys": (lambda: journeys_county(True), TRAVEL_CAPITAL_SCHEDULE, TRAVEL_CAPITAL_LEVELS),
    "fill": (fill_county, FILL_SCHEDULE, FILL_LEVELS),
    "fill off": (lambda: fill_county(1), FILL_OFF_SCHEDULE, FILL_OFF_LEVELS),
    "plans outside": (outside_county, COUNTY_SCHEDULE, COUNTY_LEVELS),
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
    assert summary["independent"].sum() == close(check.horizon[0])
    assert level_values(sc, schedule, check.allocation, tail=False) == close(check.horizon)


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


def test_empty_places_are_listed_with_their_cost():
    sc = funding_county()
    check = check_plan(sc, FUNDING_OFF_SCHEDULE)
    table = empty_places(sc, FUNDING_OFF_SCHEDULE, check.allocation)
    assert list(table.columns) == list(EMPTY_COLUMNS)
    assert [tuple(r) for r in table.itertuples(index=False)] == FUNDING_EMPTY
    assert check.funding == 80_000.0  # 4 places x £10,000 x 2 years
    chosen = check_plan(sc, FUNDING_SCHEDULE)
    assert empty_places(sc, FUNDING_SCHEDULE, chosen.allocation)["empty"].tolist() == [0.0, 0.0]
    summary = summary_table(sc, FUNDING_SCHEDULE, chosen.allocation)
    assert summary["revenue"].tolist() == [60_000.0, 60_000.0]  # 2 top-ups + 2 places funded
    off = funding_county(0.0)
    assert empty_places(off, FUNDING_OFF_SCHEDULE, check_plan(off, FUNDING_OFF_SCHEDULE).allocation).empty


def test_a_setting_s_own_place_funding_overrides_the_default_and_independent_schools_get_none():
    sc = funding_county(0.0)
    sc = sc.replace(provisions=sc.provisions.assign(place_funding=[6000.0]))
    check = check_plan(sc, FUNDING_SCHEDULE)
    assert check.funding == 2 * 6000.0 * 2 and check.cost == close(1_080_000.0 + 24_000.0)
    required = check_plan(required_county(0.0).replace(
        parameters=required_county(0.0).parameters.replace(place_funding=1000.0)), REQUIRED_OFF_SCHEDULE)
    assert required.funding == 12 * 1000.0  # S's 12 places; independent school X none


def test_the_tail_counts_the_last_year_again_and_the_summary_does_not():
    sc = tail_county()
    check = check_plan(sc, TAIL_SCHEDULE)
    assert check.horizon == close(TAIL_HORIZON)
    assert summary_table(sc, TAIL_SCHEDULE, check.allocation)["independent"].tolist() == [3.0, 0.0]
    assert check_plan(sc, TAIL_OFF_SCHEDULE).independent == close(4.0)  # P's plan: 2026's two count twice


def test_a_new_setting_fills_over_its_fill_years_and_the_core_agrees():
    sc = fill_county(2)
    for schedule in (FILL_SCHEDULE, FILL_OFF_SCHEDULE):
        assert usable_places(sc, schedule).loc["N"].tolist() == [2.0, 4.0]
    assert capacities(sc, FILL_SCHEDULE).loc["N"].tolist() == [2.0, 4.0]
    assert check_plan(sc, FILL_OFF_SCHEDULE).independent == close(2.0)  # both modules early buy nothing
    three = sc.replace(options=sc.options.assign(fill_years=[3]))  # whole places: 4 x 1/3 and 4 x 2/3 round down
    assert capacities(three, FILL_OFF_SCHEDULE).loc["N"].tolist() == [1.0, 2.0]
    assert usable_places(three, FILL_OFF_SCHEDULE).loc["N"].tolist() == [1.0, 2.0]


def test_plans_outside_join_the_spe_denominators():
    sc = outside_county()
    allocation = check_plan(sc, COUNTY_SCHEDULE).allocation
    summary = summary_table(sc, COUNTY_SCHEDULE, allocation)
    assert summary.loc[0, list(OUTSIDE_MEASURES)].to_dict() == close(OUTSIDE_MEASURES)
    assert spe_denominators(sc, allocation).loc[2025].to_dict() == {"placed": 17.0, "outside": 3.0, "plans": 20.0}
