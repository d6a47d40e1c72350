"""Hostile imports (issue 22): huge fields and sheets, rows that do not parse, files that yield nothing.

Every case is a message naming file and row (and column where there is
one), never a silent loss, a hang or a traceback. Big files are made in the
test's own folder and the caps are lowered where the real ones would make a
test slow (the full-size runs are in ``benchmarks/fuzz_inputs.py``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from small_scenarios import GIAS_COLUMNS, write_gias_extract

import sufficiency_app.io.tables as tables
import sufficiency_app.io.xlsx as xlsx
from sufficiency_app.cli import main
from sufficiency_app.importers.demand import load_long_demand

HEADER = "year,area_id,need,phase,tier,count\n"
ROW = "2025,A{i},ASD,PRI,special,2\n"


def demand_csv(folder: Path, rows: int, extra: str = "") -> Path:
    path = folder / "demand-long.csv"
    path.write_text(HEADER + extra + "".join(ROW.format(i=i) for i in range(rows)), encoding="utf-8")
    return path


def output(capsys) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return " ".join((captured.out + captured.err).split())  # the problem table wraps its messages


# ------------------------------------------------------ GIAS: an unquoted comma in a name

def _with_unquoted_comma(path: Path, urn: str) -> None:
    """Break the row of ``urn`` the way a hand edit does: a comma in the name, the quotes lost."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="cp1252")
    lines = path.read_text(encoding="cp1252").splitlines()
    at = frame.index[frame["URN"] == urn][0] + 1
    lines[at] = lines[at].replace(frame.loc[at - 1, "EstablishmentName"],
                                  frame.loc[at - 1, "EstablishmentName"] + ", Trowbridge")
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")


def test_an_unquoted_comma_in_one_of_the_councils_rows_is_an_error_naming_the_row(tmp_path, capsys):
    path = write_gias_extract(tmp_path)
    _with_unquoted_comma(path, "126529")  # row 2, Larkrise School, LA 865
    assert main(["import-gias", str(path), "--la", "865", "--out", str(tmp_path / "p.csv")]) == 1
    text = output(capsys)
    width = len(GIAS_COLUMNS)
    assert f"row 2 has {width + 1} values but the header has {width} columns" in text and "mentions 865" in text
    assert not (tmp_path / "p.csv").exists()


def test_an_unquoted_comma_in_another_councils_row_is_a_warning_and_the_rest_is_read(tmp_path, capsys):
    path = write_gias_extract(tmp_path)
    _with_unquoted_comma(path, "140005")  # row 7, LA 803
    assert main(["import-gias", str(path), "--la", "865", "--out", str(tmp_path / "p.csv")]) == 0
    text = output(capsys)
    assert "warning edubasealldata20261123.… 7 " in text and "row 7 has 33 values" in text, text
    assert "left out (it does not mention the LA code)" in text
    assert "Wrote 4 settings" in text  # as many as from the clean file


def test_the_clean_extract_still_gives_its_settings(tmp_path, capsys):
    path = write_gias_extract(tmp_path)
    assert main(["import-gias", str(path), "--la", "865", "--out", str(tmp_path / "p.csv")]) == 0
    assert "Wrote 4 settings" in output(capsys)


def test_a_gias_file_with_nothing_of_the_council_is_an_error(tmp_path, capsys):
    path = write_gias_extract(tmp_path)
    assert main(["import-gias", str(path), "--la", "999", "--out", str(tmp_path / "p.csv")]) == 1
    assert "no open establishments with LA (code) 999 in 8 rows" in output(capsys)
    assert main(["import-gias", str(path), "--la", "803", "--out", str(tmp_path / "p.csv")]) == 0  # Bath Special
    path.write_text(",".join(GIAS_COLUMNS) + "\n", encoding="cp1252")
    assert main(["import-gias", str(path), "--la", "865", "--out", str(tmp_path / "p.csv")]) == 1
    assert "no open establishments with LA (code) 865 in 0 rows" in output(capsys)


# ------------------------------------------------------ import-demand: fields, rows, nothing

def test_one_30_mb_field_is_an_error_naming_row_and_column_in_linear_time(tmp_path, capsys):
    path = tmp_path / "demand-long.csv"
    path.write_text(HEADER + "2025,A0,ASD,PRI,special," + "9" * 30_000_000 + "\n" + ROW.format(i=1))
    assert main(["import-demand", str(path), "--out", str(tmp_path / "d.csv")]) == 1
    text = output(capsys)
    assert "a cell of 30,000,000 characters; at most 32,767 are read" in text
    problems = load_long_demand(path)[1]
    assert [(p.row, p.column) for p in problems] == [(2, "count")]


def test_a_row_with_an_unquoted_comma_is_an_error_naming_the_row(tmp_path):
    path = demand_csv(tmp_path, 3, extra="2025,A9,ASD,PRI,special,1,5\n")  # 1,5 for 1.5
    demand, problems = load_long_demand(path)
    assert demand is None
    assert [str(p) for p in problems] == [
        "error: demand-long.csv, row 2: row 2 has 7 values but the header has 6 columns "
        "(a comma in a name that is not in quotes?)"]


def test_a_demand_file_without_rows_is_an_error(tmp_path, capsys):
    path = demand_csv(tmp_path, 0)
    assert main(["import-demand", str(path), "--out", str(tmp_path / "d.csv")]) == 1
    assert "demand-long.csv holds no demand rows: nothing to write" in output(capsys)
    assert not (tmp_path / "d.csv").exists()


def test_rows_beyond_the_cap_are_refused_before_they_are_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 100)
    path = demand_csv(tmp_path, 500)
    demand, problems = load_long_demand(path)
    assert demand is None and "502 lines, more than the 100 rows the planner reads" in problems[0].message
    assert load_long_demand(demand_csv(tmp_path, 99))[0] is not None


# ------------------------------------------------------ XLSX: a dimension that lies, or none

def demand_book(path: Path, rows: int, dimension: str | None) -> Path:
    """A demand workbook whose ``<dimension>`` says ``dimension`` (None: no such element)."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for i in range(rows):
        sheet.append([2025, f"A{i}", "ASD", "PRI", "special", 2])
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    xml = entries["xl/worksheets/sheet1.xml"].decode()
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', "" if dimension is None else f'<dimension ref="{dimension}"/>', xml)
    entries["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_a_sheet_whose_dimension_says_fewer_rows_is_read_whole_with_a_warning(tmp_path, capsys):
    path = demand_book(tmp_path / "d.xlsx", 3000, "A1:F40")
    assert main(["import-demand", str(path), "--out", str(tmp_path / "d.csv")]) == 0
    text = output(capsys)
    assert "Wrote 3000 demand rows" in text
    assert "says it has 40 rows (its dimension) but holds 3,001: all 3,001 were read" in text


def test_a_sheet_without_a_dimension_beyond_the_row_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 1000)
    path = demand_book(tmp_path / "d.xlsx", 3000, None)
    demand, problems = load_long_demand(path)
    assert demand is None and "holds more than 1,000 rows, the most an Excel sheet can have" in problems[0].message
    assert load_long_demand(demand_book(tmp_path / "ok.xlsx", 900, None))[0] is not None


def test_a_scenario_workbook_sheet_beyond_the_cap_is_refused(tmp_path, monkeypatch):
    from benchmarks.fuzz_inputs import base_scenario
    from sufficiency_app.io import load_scenario, write_scenario

    book = tmp_path / "county.xlsx"
    write_scenario(base_scenario(), book)
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 5)
    scenario, problems = load_scenario(book)
    assert scenario is None
    refused = [p.message for p in problems if p.severity == "error"]
    assert "county.xlsx [Demand] holds more than 5 rows, the most an Excel sheet can have" in " ".join(refused)
    assert not any("[Areas]" in m for m in refused)  # four areas: under the cap


def test_a_boundary_file_without_features_is_an_error(tmp_path, capsys):
    path = tmp_path / "areas.geojson"
    path.write_text('{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
                    '{"name": "urn:ogc:def:crs:EPSG::27700"}}, "features": []}')
    assert main(["import-boundaries", str(path), "--out", str(tmp_path / "a.geojson")]) == 1
    assert "areas.geojson holds no areas: nothing to write" in output(capsys)


def test_a_sheet_over_the_cap_is_refused_before_any_cell_is_parsed(tmp_path, monkeypatch):
    """openpyxl reads a sheet without a dimension whole as the workbook opens: 3 million rows took minutes.

    The rows are counted in the sheet's XML first (benchmarks/xlsx_rows_bench.py: 3,000,000 rows refused
    in about 2 s), so the workbook is never opened.
    """
    from sufficiency_app.importers import demand as importer

    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 1000)
    monkeypatch.setattr(importer, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    path = demand_book(tmp_path / "d.xlsx", 3000, None)
    demand, problems = load_long_demand(path)
    assert demand is None and [(p.file, p.severity) for p in problems] == [("d.xlsx [Sheet]", "error")]
    assert problems[0].message.startswith("d.xlsx [Sheet] holds more than 1,000 rows, the most an Excel sheet")


@pytest.mark.parametrize("rows", [999, 1000, 1001])
def test_the_xml_row_count_is_exact_across_chunks(tmp_path, monkeypatch, rows):
    monkeypatch.setattr(xlsx, "ROW_CHUNK", 97)  # many tags cut between two chunks
    path = demand_book(tmp_path / "d.xlsx", rows - 1, None)  # plus the header
    with zipfile.ZipFile(path) as zf, zf.open("xl/worksheets/sheet1.xml") as source:
        assert xlsx.sheet_size(source)[:2] == (rows, 6 * rows)
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 1000)
    assert bool(xlsx.oversized_sheets(path, "d.xlsx")) == (rows > 1000)


@pytest.mark.parametrize("cap, value, words", [
    ("MAX_SHEET_CELLS", 5000, "d.xlsx [Sheet] holds more than 5,000 cells, far more than any planning table"),
    ("MAX_SHEET_XML", 100_000, "d.xlsx [Sheet] holds more than 100,000 bytes of XML, far more than any"),
])
def test_a_sheet_of_too_many_cells_or_bytes_is_refused_before_it_is_opened(tmp_path, monkeypatch, cap, value, words):
    """One row of millions of cells passes a row cap; openpyxl would still build every cell."""
    monkeypatch.setattr(xlsx, cap, value)
    demand, problems = load_long_demand(demand_book(tmp_path / "d.xlsx", 1000, None))
    assert demand is None and problems[0].message.startswith(words), problems[0].message


def test_a_scenario_workbook_over_the_cap_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    from benchmarks.fuzz_inputs import base_scenario
    from sufficiency_app.io import load_scenario, write_scenario

    book = tmp_path / "county.xlsx"
    write_scenario(base_scenario(), book)
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 5)
    monkeypatch.setattr(xlsx, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    scenario, problems = load_scenario(book)
    assert scenario is None
    assert "county.xlsx [Demand] holds more than 5 rows" in " ".join(p.message for p in problems)
