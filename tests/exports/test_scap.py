"""The SCAP workbook: its totals equal the plan's capacity and demand, numbers stay numbers."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from sufficiency_app.exports import saved_plan
from sufficiency_app.exports.scap import TOTAL, write_scap


@pytest.fixture(scope="module")
def workbook(saved_plan_dir, tmp_path_factory):
    plan = saved_plan(saved_plan_dir)
    return write_scap(plan.scenario, plan.plan, tmp_path_factory.mktemp("scap") / "scap.xlsx", source="results")


def sheet(path, name):
    return pd.read_excel(path, sheet_name=name, dtype={"URN": str})


def test_the_sheets_are_about_capacity_and_forecast(workbook):
    assert openpyxl.load_workbook(workbook).sheetnames == ["About", "Capacity", "Forecast"]
    about = sheet(workbook, "About").set_index("Item")["Notes"]
    assert "Export county" == about["Scenario"] and "2025/26 to 2026/27" in about["Years"]


def test_capacity_totals_equal_the_plans_capacity(workbook, saved_plan_dir):
    capacity = sheet(workbook, "Capacity")
    rows, total = capacity.iloc[:-1], capacity.iloc[-1]
    assert total["URN"] == TOTAL
    # by hand: West Special 40, the plan's 20-place module of East Special and the 8-place unit, from 2025/26
    assert rows.set_index("Setting ID")["May 2026 (2025/26)"].to_dict() == {"P1": 40, "O1": 20, "O2": 8}
    assert total[["May 2026 (2025/26)", "May 2027 (2026/27)"]].tolist() == [68, 68]
    assert rows.set_index("Setting ID").loc["P1", ["URN", "SCAP type", "Status"]].tolist() == [
        "100001", "Special school", "existing"]
    assert rows.set_index("Setting ID").loc["O2", "SCAP type"] == "SEN unit or resourced provision"


def test_forecast_totals_equal_the_plans_specialist_demand(workbook, saved_plan_dir):
    plan = saved_plan(saved_plan_dir)
    forecast = sheet(workbook, "Forecast")
    rows, total = forecast.iloc[:-1], forecast.iloc[-1]
    demand = plan.scenario.demand
    specialist = demand.loc[demand["tier"].isin(["resourced", "special"])].groupby("year")["count"].sum()
    assert total[["2025/26", "2026/27"]].tolist() == specialist.tolist() == [84.0, 84.0]
    by_type = rows.groupby("Type of place")["2025/26"].sum().to_dict()
    assert by_type == {"Special school": 60.0, "SEN unit or resourced provision": 3.0,
                       "Independent or non-maintained special school": 21.0}
    semh = rows.loc[(rows["Planning area"] == "A0") & (rows["Phase"] == "Secondary")]
    assert semh[["NCY", "Type of place", "2025/26"]].values.tolist() == [
        ["7-11", "Independent or non-maintained special school", 1.0]]


def test_numbers_are_numbers(workbook):
    book = openpyxl.load_workbook(workbook)
    for name, first in (("Capacity", 8), ("Forecast", 5)):
        for row in book[name].iter_rows(min_row=2, min_col=first):
            assert all(cell.data_type == "n" for cell in row), name
    assert book["Capacity"]["A4"].value == "100001" and book["Capacity"]["A4"].data_type == "s"  # a URN stays text


def test_a_unit_at_a_school_takes_its_urn_and_out_of_county_schools_are_left_out():
    from small_scenarios import window_county

    from sufficiency_app.exports.scap import capacity_table
    from sufficiency_app.model.plan import PlanResult

    scenario = window_county()
    provisions = pd.concat([scenario.provisions.assign(in_county=""), pd.DataFrame({
        "provision_id": ["P2"], "name": ["Over the Border"], "kind": ["special"], "needs": ["ALL"],
        "phases": ["ALL"], "capacity": [30], "easting": [500000.0], "northing": [105000.0],
        "cost_per_place": [30000.0], "urn": ["200002"], "in_county": ["no"]})], ignore_index=True)
    options = scenario.options.assign(provision_id=["", "P1"])  # O2: a resource base at West Special
    scenario = scenario.replace(provisions=provisions, options=options)
    schedule = pd.DataFrame({"option_id": ["O2"], "year": [2026], "modules": [1], "places": [8.0],
                             "capital": [5e5]})
    plan = PlanResult(status="optimal", schedule=schedule, allocation=pd.DataFrame(), summary=pd.DataFrame(),
                      levels=(), gap=0.0, seconds=0.0, backend="hand", scenario_sha256="")
    table = capacity_table(scenario, plan).set_index("Setting ID")
    assert "P2" not in table.index  # its own council returns it
    assert table.loc["O2", ["URN", "SCAP type", "Status", "May 2026 (2025/26)", "May 2027 (2026/27)"]].tolist() == [
        "100001", "SEN unit or resourced provision", "new at an existing school", 0.0, 8.0]
    assert table.loc["O1", "URN"] == ""  # a new school has no URN yet
