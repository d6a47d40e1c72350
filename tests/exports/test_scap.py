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
