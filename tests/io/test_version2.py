"""Version 2 additions (docs/model.md readings 14-18): read, written back, and each bad value named.

A scenario using none of them is written exactly as a version 1 planner
wrote it (``format_version = 1``, the same bytes), so older planners and
older plans keep working.
"""

from __future__ import annotations

import tomllib
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from small_scenarios import core_county
from test_io_roundtrip import assert_same, assert_workbook_round_trip

from sufficiency_app.io import load_scenario, read_scenario, write_scenario
from sufficiency_app.io.parameters import flatten, parameters_from_tree, parameters_to_tree, unflatten

FILES = ("scenario.toml", "areas.geojson", "demand.csv", "provisions.csv", "options.csv", "travel.csv")
# core_county's scenario.toml as the version 1 writer wrote it, byte for byte
V1_TOML = """format_version = 1
name = "Test county"
base_year = 2025
horizon = 2
currency = "GBP"

[roads]
profile = "car"

[travel]
speed_kmh = 40.0
detour_factor = 1.3
independent_minutes = 60.0

[travel.max_minutes]
EY = 45.0
PRI = 45.0
SEC = 75.0
P16 = 75.0

[costs]
independent_place = 60000.0
step_up_penalty_minutes = 30.0

[budget]
capital = [
    1000000.0,
    2500000.0,
]
carry_forward = true
"""


def with_everything(scenario):
    """core_county using all five additions: stay by phase, required share, transport, in_county, build_years, km."""
    p = scenario.parameters.replace(
        independent_stay=MappingProxyType({"EY": 0.5, "PRI": 0.83, "SEC": 0.8, "P16": 0.67}),
        independent_required=MappingProxyType({"ASD": 0.02, "SLD": 0.05}),
        transport_days=195.0, transport_fixed=150.0, transport_per_km=0.45)
    return scenario.replace(
        parameters=p,
        provisions=scenario.provisions.assign(in_county=[True, None, False]),
        options=scenario.options.assign(build_years=[2, np.nan]),
        travel=scenario.travel.assign(km=[9.5]))


def test_a_version_1_scenario_is_written_as_before(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    assert (tmp_path / "s" / "scenario.toml").read_text() == V1_TOML
    back = read_scenario(tmp_path / "s")
    assert back.extensions() == ()
    assert "in_county" not in back.provisions and "build_years" not in back.options and "km" not in back.travel
    write_scenario(back, tmp_path / "t")
    for name in FILES:
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "t" / name).read_bytes(), name
    write_scenario(back, tmp_path / "s.xlsx")
    book = load_workbook(tmp_path / "s.xlsx", read_only=True)
    keys = [row[0] for row in book["Parameters"].iter_rows(values_only=True)]
    assert keys[:2] == ["key", "format_version"] and book["Parameters"]["B2"].value == 1
    assert not [k for k in keys if k.startswith(("placements", "transport"))]
    book.close()
    assert_same(back, read_scenario(tmp_path / "s.xlsx"))


def test_every_addition_round_trips_through_folder_and_workbook(scenario, tmp_path):
    write_scenario(with_everything(scenario), tmp_path / "a")
    tree = tomllib.loads((tmp_path / "a" / "scenario.toml").read_text())
    assert tree["format_version"] == 2
    assert tree["placements"] == {"independent_stay": {"EY": 0.5, "PRI": 0.83, "SEC": 0.8, "P16": 0.67},
                                  "independent_required": {"ASD": 0.02, "SLD": 0.05}}
    assert tree["transport"] == {"days": 195.0, "fixed_per_year": 150.0, "per_km": 0.45}
    assert (tmp_path / "a" / "provisions.csv").read_text().splitlines()[1].endswith(",126529,true,fine")
    first = read_scenario(tmp_path / "a")
    p = first.parameters
    assert (p.stay_for("PRI"), p.required_for("SLD"), p.transport_days) == (0.83, 0.05, 195.0)
    assert p.transport_cost(10.0) == 150.0 + 0.45 * 2 * 195 * 10  # £1,905 a year for 10 km each way
    assert first.provisions["in_county"].tolist() == [True, None, False]
    assert list(first.provisions.columns[-2:]) == ["in_county", "notes"]  # known columns before extras
    assert first.options["build_years"].iloc[0] == 2 and np.isnan(first.options["build_years"].iloc[1])
    assert first.travel["km"].tolist() == [9.5] and first.travel["km"].dtype == "float64"
    assert first.extensions() == ("independent_stay", "independent_required", "in_county", "transport",
                                  "build_years")
    write_scenario(first, tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert_workbook_round_trip(first, tmp_path)


def test_whole_build_years_stay_whole(scenario, tmp_path):
    write_scenario(scenario.replace(options=scenario.options.assign(build_years=[3, 1])), tmp_path / "s")
    back = read_scenario(tmp_path / "s")
    assert back.options["build_years"].tolist() == [3, 1] and back.options["build_years"].dtype == "int64"
    assert (tmp_path / "s" / "options.csv").read_text().splitlines()[1].endswith(",3")


def test_a_version_2_column_alone_makes_the_file_version_2(scenario, tmp_path):
    """A blank in_county column changes nothing in the plan, but a version 1 planner would drop it."""
    write_scenario(scenario.replace(provisions=scenario.provisions.assign(in_county=None)), tmp_path / "s")
    assert (tmp_path / "s" / "scenario.toml").read_text().startswith("format_version = 2\n")
    back = read_scenario(tmp_path / "s")
    assert back.provisions["in_county"].tolist() == [None, None, None] and back.extensions() == ()


def test_one_stay_number_means_every_phase_and_is_written_as_one():
    tree = {"horizon": 2, "placements": {"independent_stay": 0.8, "independent_required": {"asc": 0.02}}}
    p, problems = parameters_from_tree(tree, "scenario.toml")
    assert problems == []
    assert dict(p.independent_stay) == {"EY": 0.8, "PRI": 0.8, "SEC": 0.8, "P16": 0.8}
    assert dict(p.independent_required) == {"ASD": 0.02}  # ASC is ASD
    written = parameters_to_tree(p)
    assert written["placements"]["independent_stay"] == 0.8 and "transport" not in written
    assert written["format_version"] == 2


def test_the_parameters_sheet_carries_the_new_keys():
    p = with_everything(core_county()).parameters
    rows = flatten(parameters_to_tree(p))
    assert ("placements.independent_stay.PRI", 0.83) in rows and ("transport.per_km", 0.45) in rows
    as_text = [(k, str(v)) for k, v in rows]  # a workbook cell formatted as text
    tree, problems = unflatten(as_text, "book.xlsx [Parameters]")
    assert problems == [] and parameters_from_tree(tree, "x")[0] == p


@pytest.mark.parametrize("toml, column, value, expected", [
    ("[placements]\nindependent_stay = 1.2", "placements.independent_stay", "1.2", "a share from 0 to <= 1"),
    ("[placements]\nindependent_stay = { PRI = -0.1 }", "placements.independent_stay.PRI", "-0.1",
     "a share from 0 to <= 1"),
    ("[placements]\nindependent_stay = { KS2 = 0.5 }", "placements.independent_stay.KS2", "KS2",
     "a phase code (EY PRI SEC P16)"),
    ("[placements]\nindependent_stay = \"most\"", "placements.independent_stay", "most",
     "a table of shares by phase, e.g. { EY = 0.5, PRI = 0.83 }, or one share for every phase"),
    ("[placements]\nindependent_required = { ASD = 1 }", "placements.independent_required.ASD", "1",
     "a share from 0 to < 1"),
    ("[placements]\nindependent_required = { XYZ = 0.1 }", "placements.independent_required.XYZ", "XYZ",
     "a need code"),
    ("[placements]\nindependent_required = { ASD = 0.1, ASC = 0.2 }", "placements.independent_required.ASC",
     "0.2", "one share per need (ASC is ASD again)"),
    ("[placements]\nindependent_required = 0.02", "placements.independent_required", "0.02",
     "a table of shares by need, e.g. { ASD = 0.02 }"),
    ("[transport]\ndays = 0", "transport.days", "0", "a number of school days > 0 and <= 366"),
    ("[transport]\ndays = 400", "transport.days", "400", "a number of school days > 0 and <= 366"),
    ("[transport]\nfixed_per_year = -5", "transport.fixed_per_year", "-5", "a number >= 0"),
    ("[transport]\nper_km = \"cheap\"", "transport.per_km", "cheap", "a number >= 0"),
    ("[transport]\nper_km = 1e6", "transport.per_km", "1000000.0", "a number from 0 to below 100"),
    ("placements = 3", "placements", "3", "a [placements] table"),
])
def test_each_bad_key_is_named(scenario, tmp_path, toml, column, value, expected):
    write_scenario(scenario, tmp_path / "s")
    path = tmp_path / "s" / "scenario.toml"
    text = path.read_text()
    path.write_text(f"{toml}\n{text}" if toml.startswith("placements =") else f"{text}\n{toml}\n")
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.file, p.row, p.column, p.value) for p in errors] == [("scenario.toml", None, column, value)]
    assert errors[0].expected.startswith(expected) and column in errors[0].message


def _edit_csv(folder, name, column, cells):
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    frame[column] = cells
    frame.to_csv(folder / name, index=False)


@pytest.mark.parametrize("name, column, cells, row, value, expected", [
    ("provisions.csv", "In County", ["yes", "maybe", "0"], 3, "maybe", "true or false (also yes/no, 1/0), or blank"),
    ("options.csv", "build_years", ["0", ""], 2, "0", "a whole number >= 1 and < 100"),
    ("options.csv", "build_years", ["2", "1.5"], 3, "1.5", "a whole number >= 1 and < 100"),
    ("options.csv", "build_years", ["two", "1"], 2, "two", "a whole number >= 1 and < 100"),
    ("travel.csv", "km", ["-3"], 2, "-3", "a number >= 0 and < 2000"),
    ("travel.csv", "km", ["far"], 2, "far", "a number >= 0 and < 2000"),
    ("options.csv", "build_years", ["1e300", ""], 2, "1e300", "a whole number >= 1 and < 100"),  # no overflow
    ("travel.csv", "km", ["inf"], 2, "inf", "a number >= 0 and < 2000"),
    ("provisions.csv", "in_county", ["=1+1", "", ""], 2, "=1+1", "true or false (also yes/no, 1/0), or blank"),
])
def test_each_bad_cell_is_named(scenario, tmp_path, name, column, cells, row, value, expected):
    write_scenario(scenario, tmp_path / "s")
    _edit_csv(tmp_path / "s", name, column, cells)
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in errors] == [
        (name, row, column.lower().replace(" ", "_"), value, expected)]


def test_bad_cells_in_a_workbook_name_the_sheet(scenario, tmp_path):
    bad = scenario.replace(provisions=scenario.provisions.assign(in_county=["true", "", "outside"]),
                           travel=scenario.travel.assign(km=["-1"]))
    write_scenario(bad, tmp_path / "s.xlsx")
    result, problems = load_scenario(tmp_path / "s.xlsx")
    assert result is None
    assert sorted((p.file, p.row, p.column, p.value) for p in problems if p.severity == "error") == [
        ("s.xlsx [Provisions]", 4, "in_county", "outside"), ("s.xlsx [Travel]", 2, "km", "-1")]


def test_flags_as_people_type_them(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    _edit_csv(tmp_path / "s", "provisions.csv", "in_county", ["Yes", " FALSE ", "1"])
    back = read_scenario(tmp_path / "s")
    assert back.provisions["in_county"].tolist() == [True, False, True]
    write_scenario(back, tmp_path / "t")
    lines = (tmp_path / "t" / "provisions.csv").read_text().splitlines()
    assert [line.split(",")[10] for line in lines] == ["in_county", "true", "false", "true"]  # as the format spells
