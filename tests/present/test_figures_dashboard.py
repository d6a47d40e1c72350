"""The dashboard measures every view quotes (SPE.a, SPE.d, out of county, transport) are computed once,
per year, from a plan's allocation (``figures.dashboard_measures``), and summary.csv carries them."""

from __future__ import annotations

import pytest
from extension_scenarios import (
    COUNTY_MEASURES,
    COUNTY_SCHEDULE,
    STAY_SCHEDULE,
    TRANSPORT_COST,
    TRANSPORT_SCHEDULE,
    county_county,
    stay_county,
    transport_county,
)

from sufficiency_app.io import scenario_sha256
from sufficiency_app.present.figures import dashboard_measures
from sufficiency_app.present.plan_tables import plan_from_tables
from sufficiency_app.solver.check import check_plan


def plan_of(sc, schedule):
    return plan_from_tables(sc, schedule, check_plan(sc, schedule).allocation, backend="check", status="optimal",
                            seconds=0.0, scenario_sha256=scenario_sha256(sc))


def test_the_shares_of_all_demand_and_the_transport_cost():
    sc = county_county()
    measures = dashboard_measures(sc, plan_of(sc, COUNTY_SCHEDULE).allocation)
    assert measures.loc[2025, list(COUNTY_MEASURES)].to_dict() == pytest.approx(COUNTY_MEASURES)
    sc = transport_county()
    assert dashboard_measures(sc, plan_of(sc, TRANSPORT_SCHEDULE).allocation)["transport_cost"].sum() == \
        pytest.approx(TRANSPORT_COST)


def test_the_summary_carries_the_same_figures_year_by_year():
    """Stay county: 1 of 1 child independent in 2025, 1 of 2 in 2026 (the unlisted sector is out of county)."""
    sc = stay_county()
    plan = plan_of(sc, STAY_SCHEDULE)
    summary = plan.summary.set_index("year")
    assert summary["spe_a"].tolist() == pytest.approx([1.0, 0.5])
    assert summary["spe_d"].tolist() == pytest.approx([1.0, 0.5])
    measures = dashboard_measures(sc, plan.allocation)
    assert summary[["spe_a", "spe_d", "out_of_county"]].to_numpy() == pytest.approx(
        measures[["spe_a", "spe_d", "out_of_county"]].to_numpy())
