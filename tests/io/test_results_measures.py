"""summary.csv's version 2 measures (SPE.a, SPE.d, out of county, transport) written, read, and worked
out again for a plan saved before they existed (the out-of-county case of :mod:`extension_scenarios`)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from extension_scenarios import COUNTY_MEASURES, COUNTY_SCHEDULE, county_county

from sufficiency_app.io import scenario_sha256
from sufficiency_app.io.results import read_plan, read_results, write_plan
from sufficiency_app.model.plan import SUMMARY_COLUMNS
from sufficiency_app.present.plan_tables import plan_from_tables
from sufficiency_app.solver.check import check_plan

NEW = ["spe_a", "spe_d", "out_of_county", "transport_cost"]


@pytest.fixture
def saved(tmp_path):
    sc = county_county()
    plan = plan_from_tables(sc, COUNTY_SCHEDULE, check_plan(sc, COUNTY_SCHEDULE).allocation, backend="check",
                            status="optimal", seconds=0.0, scenario_sha256=scenario_sha256(sc))
    write_plan(plan, sc, tmp_path / "plan")
    return tmp_path / "plan"


def test_the_measures_round_trip(saved):
    assert pd.read_csv(saved / "summary.csv").columns.tolist() == list(SUMMARY_COLUMNS)
    _, plan = read_plan(saved)
    assert plan.summary.loc[0, list(COUNTY_MEASURES)].to_dict() == pytest.approx(COUNTY_MEASURES)
    assert plan.summary["transport_cost"].tolist() == [0.0]


def test_a_plan_saved_before_the_measures_still_opens(saved):
    """Without the columns: no transport was costed (0); the shares need the scenario, so the results
    alone leave them blank and the saved plan (results + scenario) works them out from its allocation."""
    summary = pd.read_csv(saved / "summary.csv")
    summary.drop(columns=NEW).to_csv(saved / "summary.csv", index=False)
    alone = read_results(saved).summary
    assert alone.columns.tolist() == list(SUMMARY_COLUMNS)
    assert all(math.isnan(alone.loc[0, c]) for c in COUNTY_MEASURES) and alone["transport_cost"].tolist() == [0.0]
    _, plan = read_plan(saved)
    assert plan.summary.columns.tolist() == list(SUMMARY_COLUMNS)
    assert plan.summary.loc[0, list(COUNTY_MEASURES)].to_dict() == pytest.approx(COUNTY_MEASURES)
    assert plan.summary["transport_cost"].tolist() == [0.0]
    assert plan.summary.drop(columns=NEW).equals(summary.drop(columns=NEW))


def test_a_project_file_fills_the_shares_of_its_older_plans(saved, tmp_path):
    """A project saved before the measures opens with them worked out, as a saved plan does."""
    from sufficiency_app.io.project_file import Project, ProjectEntry, load_project, save_project

    summary = pd.read_csv(saved / "summary.csv")
    summary.drop(columns=NEW).to_csv(saved / "summary.csv", index=False)
    sc, plan = county_county(), read_results(saved)
    save_project(Project((ProjectEntry(scenario=sc, result=plan, baseline=None, stale=False),)), tmp_path / "p.sufficiency")
    opened = load_project(tmp_path / "p.sufficiency").entries[0].result
    assert opened.summary.loc[0, list(COUNTY_MEASURES)].to_dict() == pytest.approx(COUNTY_MEASURES)
