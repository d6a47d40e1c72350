"""The dashboard measures every view quotes (SPE.a, SPE.d, out of county, transport) come from summary.csv."""

from __future__ import annotations

import dataclasses
import math

import pytest
from extension_scenarios import (
    COUNTY_MEASURES, COUNTY_SCHEDULE, STAY_OFF_SCHEDULE, STAY_SCHEDULE, TRANSPORT_COST, TRANSPORT_SCHEDULE,
    county_county, stay_county, transport_county,
)

from sufficiency_app.figures import dashboard, plan_figures
from sufficiency_app.solver.check import check_plan
from sufficiency_app.solver.tables import plan_from_tables


def plan_of(sc, schedule):
    return plan_from_tables(sc, schedule, check_plan(sc, schedule).allocation, backend="check", status="optimal",
                            seconds=0.0)


def test_the_last_year_and_the_horizon_transport():
    sc = county_county()
    d = dashboard(plan_of(sc, COUNTY_SCHEDULE))
    assert (d.spe_a, d.spe_d, d.out_of_county) == pytest.approx(tuple(COUNTY_MEASURES.values()))
    sc = transport_county()
    assert dashboard(plan_of(sc, TRANSPORT_SCHEDULE)).transport == pytest.approx(TRANSPORT_COST)


def test_plan_figures_carry_the_dashboard_of_plan_and_baseline():
    """Stay county, last year 2026: the plan keeps 1 of 2 children independent (SPE.a 0.5); the
    two-module plan as a comparison brings both back (SPE.a 0)."""
    sc = stay_county()
    figures = plan_figures(sc, plan_of(sc, STAY_SCHEDULE), plan_of(stay_county(0.0), STAY_OFF_SCHEDULE))
    assert figures.dashboard.spe_a == pytest.approx(0.5) and figures.dashboard.spe_d == pytest.approx(0.5)
    assert figures.dashboard_baseline.spe_a == pytest.approx(0.0)
    assert plan_figures(sc, plan_of(sc, STAY_SCHEDULE), None).dashboard_baseline is None


def test_a_summary_without_measures_gives_unknown_shares_and_no_transport():
    plan = plan_of(county_county(), COUNTY_SCHEDULE)
    older = dataclasses.replace(plan, summary=plan.summary.drop(columns=["spe_a", "transport_cost"]))
    d = dashboard(older)
    assert math.isnan(d.spe_a) and d.transport == 0.0
