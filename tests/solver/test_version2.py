"""The optimiser on the version 2 readings finds the hand-worked optima of :mod:`extension_scenarios`.

Each case is worked by hand there (readings 14-18); here the decomposition
must prove the same schedule and levels, and its plan must pass the
extended re-check (levels 1-3 and the budget with build years).
"""

from __future__ import annotations

import pytest
from extension_scenarios import (
    BUILD_LEVELS,
    BUILD_OFF_LEVELS,
    BUILD_OFF_SCHEDULE,
    BUILD_SCHEDULE,
    COUNTY_LEVELS,
    COUNTY_MEASURES,
    COUNTY_SCHEDULE,
    REQUIRED_LEVELS,
    REQUIRED_OFF_LEVELS,
    REQUIRED_OFF_SCHEDULE,
    REQUIRED_SCHEDULE,
    STAY_LEVELS,
    STAY_OFF_LEVELS,
    STAY_OFF_SCHEDULE,
    STAY_SCHEDULE,
    TRANSPORT_COST,
    TRANSPORT_LEVELS,
    TRANSPORT_OFF_LEVELS,
    TRANSPORT_SCHEDULE,
    build_county,
    county_county,
    required_county,
    stay_county,
    transport_county,
)

from sufficiency_app.solver import SolveOptions, solve

from .helpers import assert_checked

CASES = {
    "a child placed independently stays; the new place serves a new entrant": (stay_county, STAY_SCHEDULE, STAY_LEVELS),
    "without stay both children come back": (lambda: stay_county(0.0), STAY_OFF_SCHEDULE, STAY_OFF_LEVELS),
    "a required share binds: nothing is worth building": (required_county, REQUIRED_SCHEDULE, REQUIRED_LEVELS),
    "without it two modules are built": (lambda: required_county(0.0), REQUIRED_OFF_SCHEDULE, REQUIRED_OFF_LEVELS),
    "transport moves a child to the nearer of two equal settings": (transport_county, TRANSPORT_SCHEDULE,
                                                                   TRANSPORT_LEVELS),
    "without it the cheaper place wins": (lambda: transport_county(False), TRANSPORT_SCHEDULE, TRANSPORT_OFF_LEVELS),
    "capital a year early breaks the first budget: the other option": (build_county, BUILD_SCHEDULE, BUILD_LEVELS),
    "built in one year, the near option fits": (lambda: build_county(1), BUILD_OFF_SCHEDULE, BUILD_OFF_LEVELS),
    "out of county settings change no decision": (county_county, COUNTY_SCHEDULE, COUNTY_LEVELS),
}


@pytest.mark.parametrize("name", CASES)
def test_the_optimiser_proves_the_hand_worked_optimum(name):
    make, schedule, levels = CASES[name]
    sc = make()
    plan = solve(sc, SolveOptions(time_limit=60))
    assert plan.status == "optimal", plan.message
    got = plan.schedule[["option_id", "year", "modules"]].to_dict("records")
    assert got == schedule[["option_id", "year", "modules"]].to_dict("records")
    assert [lv.value for lv in plan.levels] == pytest.approx(levels, rel=1e-6, abs=1e-4)
    assert_checked(sc, plan)


def test_the_plan_reports_transport_and_the_dashboard_shares():
    transport = solve(transport_county(), SolveOptions(time_limit=60))
    assert transport.summary["transport_cost"].sum() == pytest.approx(TRANSPORT_COST)
    county = solve(county_county(), SolveOptions(time_limit=60)).summary.iloc[0]
    for measure, share in COUNTY_MEASURES.items():
        assert county[measure] == pytest.approx(share)
