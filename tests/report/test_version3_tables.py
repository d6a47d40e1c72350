"""The report's version 3 tables (docs/model.md readings 19, 21, 23): empty places, what each option buys,
the EHC plans behind SPE.a and SPE.d; none of them for a plan without the readings."""

from __future__ import annotations

import dataclasses

import pandas as pd
from extension_scenarios import FUNDING_OFF_SCHEDULE, funding_county, journeys_county, outside_county

from sufficiency_app.model.places import empty_places
from sufficiency_app.model.plan import BUYS_JOURNEYS, OPTION_VALUE_COLUMNS
from sufficiency_app.report import content
from sufficiency_app.solver import SolveOptions, solve
from sufficiency_app.solver.check import check_plan


def test_empty_places_are_listed_with_their_cost():
    sc = funding_county()
    plan = solve(sc, SolveOptions(time_limit=30))
    allocation = check_plan(sc, FUNDING_OFF_SCHEDULE).allocation
    wasteful = dataclasses.replace(plan, schedule=FUNDING_OFF_SCHEDULE,
                                   empty_places=empty_places(sc, FUNDING_OFF_SCHEDULE, allocation))
    table = content.empty_places_table(sc, wasteful)
    assert table.frame[["Year", "Setting", "Empty places", "Cost of empty places"]].values.tolist() == [
        ["2025/26", "S", 2.0, 20_000.0], ["2026/27", "S", 2.0, 20_000.0]]
    assert "£40,000" in table.note
    assert content.empty_places_table(sc, plan).note == "No funded place stands empty."
    assert content.empty_places_table(funding_county(0.0), solve(funding_county(0.0))) is None


def test_options_bought_only_for_journeys_are_named():
    sc = journeys_county(True)
    plan = solve(sc, SolveOptions(time_limit=30))
    values = pd.DataFrame([("O2", 1, 1.04e6, 0.0, 0.0, 4.0, BUYS_JOURNEYS)], columns=list(OPTION_VALUE_COLUMNS))
    table = content.option_buys_table(sc, dataclasses.replace(plan, option_values=values))
    assert table.frame["Buys"].tolist() == [BUYS_JOURNEYS]
    assert "1 option(s) are bought only for shorter journeys" in table.note
    older = dataclasses.replace(plan, option_values=values.drop(columns=["minutes_saved", "buys"]))
    assert content.option_buys_table(sc, older) is None  # a plan saved before the reading


def test_the_spe_denominators_show_the_plans_outside():
    sc = outside_county()
    plan = solve(sc, SolveOptions(time_limit=30))
    table = content.spe_denominators_table(sc, plan, "lt5")
    assert table.frame.iloc[0, 1:].tolist() == [17.0, 3.0, 20.0]
    without = sc.replace(parameters=sc.parameters.replace(plans_outside=()))
    assert content.spe_denominators_table(without, plan, "lt5") is None
    assert ("EHC plans in settings not planned, 2025/26", "3") in content._extension_assumptions(sc.parameters)

