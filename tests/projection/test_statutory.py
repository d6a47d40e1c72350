"""SCAP and DSG tables: right groups, totals kept, written as CSV and workbook."""

import openpyxl
import pandas as pd
import pytest

from sufficiency_app.projection import dsg_table, scap_table, write_statutory
from sufficiency_app.projection.statutory import age_group

LONG = pd.DataFrame({
    "year": [2026, 2026, 2026, 2026, 2026, 2027],
    "ncy": [-1, 3, 9, 14, 17, 3],
    "need": ["ASD", "ASD", "SEMH", "SLD", "SLD", "ASD"],
    "setting": ["special", "resourced", "independent", "ap", "other", "mainstream"],
    "count": [1.0, 4.0, 2.0, 3.0, 5.0, 8.0],
})


def test_age_groups_from_ncy():
    assert list(age_group([-4, 0, 1, 6, 7, 11, 12, 15, 16, 20])) == [
        "under 5", "under 5", "5-10", "5-10", "11-15", "11-15", "16-19", "16-19", "20-25", "20-25"]


def test_scap_by_planning_area_type_ncy_and_year(scenario):
    areas = scenario.areas.assign(planning_area=["North", "South", "South"])
    scap = scap_table(LONG, scenario.replace(areas=areas))
    assert list(scap.columns) == ["planning_area", "provision_type", "ncy", "year", "places"]
    assert set(scap["provision_type"]) == {"SS", "UR", "IN", "AP"}
    assert set(scap["planning_area"]) == {"North", "South"}
    assert set(scap["year"]) == {2025}
    by_type = scap.groupby("provision_type")["places"].sum()
    assert by_type.to_dict() == pytest.approx({"SS": 1.0, "UR": 4.0, "IN": 2.0, "AP": 3.0})
    # base-year demand puts 1/4 of children in A1 (North) and 3/4 in A2 + A3 (South)
    assert scap.groupby("planning_area")["places"].sum()["North"] == pytest.approx(2.5)


def test_dsg_age_groups_cover_every_setting():
    dsg = dsg_table(LONG, (2025, 2026))
    assert dsg["count"].sum() == pytest.approx(23.0)
    assert dsg[dsg["year"] == 2025].set_index(["age_group", "setting"])["count"].to_dict() == {
        ("under 5", "special"): 1.0, ("5-10", "resourced"): 4.0, ("11-15", "independent"): 2.0,
        ("16-19", "ap"): 3.0, ("20-25", "other"): 5.0}


def test_written_as_two_csvs_or_one_workbook(scenario, tmp_path):
    scap, dsg = scap_table(LONG, scenario), dsg_table(LONG, (2025, 2026))
    files = write_statutory(scap, dsg, tmp_path / "returns.csv")
    assert [f.name for f in files] == ["returns_scap.csv", "returns_dsg.csv"]
    wide = pd.read_csv(files[1])
    assert list(wide.columns) == ["age_group", "setting", "2025/26", "2026/27"]
    assert wide["2025/26"].sum() == pytest.approx(15.0) and wide["2026/27"].sum() == pytest.approx(8.0)
    book_path, = write_statutory(scap, dsg, tmp_path / "returns.xlsx")
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["SCAP", "DSG", "Notes"]
    header = [c.value for c in book["SCAP"][1]]
    assert header == ["planning_area", "provision_type", "ncy", "2025/26"]
    assert sum(row[3] for row in book["SCAP"].iter_rows(min_row=2, values_only=True)) == pytest.approx(10.0)
