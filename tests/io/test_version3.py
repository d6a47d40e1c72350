"""Version 3 additions (docs/model.md readings 19-23): read, written back, and each bad value named.

A scenario using none of them is written exactly as before (``format_version``
1 or 2, the same bytes), so older planners and older plans keep working.
"""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd
import pytest
from test_io_roundtrip import assert_workbook_round_trip
from test_version2 import FILES, V1_TOML, with_everything

from sufficiency_app.io import load_scenario, read_scenario, write_scenario
from sufficiency_app.io.parameters import flatten, parameters_from_tree, parameters_to_tree, unflatten


def with_version3(scenario):
    """core_county (with the version 2 additions) using all five version 3 ones."""
    sc = with_everything(scenario)
    p = sc.parameters.replace(place_funding=10000.0, tail_years=10.0, capital_for_travel=False,
                              capital_slack=0.05, plans_outside=(1700.0, 1750.5))
    return sc.replace(parameters=p, provisions=sc.provisions.assign(place_funding=[np.nan, 6000.0, 0.0]),
                      options=sc.options.assign(place_funding=[np.nan, 10000.0], fill_years=[np.nan, 3]))


def test_a_version_1_or_2_scenario_is_written_as_before(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    assert (tmp_path / "s" / "scenario.toml").read_text() == V1_TOML
    write_scenario(with_everything(scenario), tmp_path / "v2")
    text = (tmp_path / "v2" / "scenario.toml").read_text()
    assert text.startswith("format_version = 2\n") and "objective" not in text and "measures" not in text
    back = read_scenario(tmp_path / "v2")
    assert "place_funding" not in back.provisions and "fill_years" not in back.options
    assert back.extensions() == ("independent_stay", "independent_required", "in_county", "transport",
                                 "build_years")
    write_scenario(back, tmp_path / "again")
    for name in FILES:
        assert (tmp_path / "v2" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_every_version_3_addition_round_trips_through_folder_and_workbook(scenario, tmp_path):
    write_scenario(with_version3(scenario), tmp_path / "a")
    tree = tomllib.loads((tmp_path / "a" / "scenario.toml").read_text())
    assert tree["format_version"] == 3
    assert tree["costs"]["place_funding"] == 10000.0
    assert tree["objective"] == {"tail_years": 10.0, "capital_for_travel": False, "capital_slack": 0.05}
    assert tree["measures"] == {"plans_outside": [1700.0, 1750.5]}
    first = read_scenario(tmp_path / "a")
    p = first.parameters
    assert (p.place_funding, p.tail_years, p.capital_for_travel, p.capital_slack) == (10000.0, 10.0, False, 0.05)
    assert p.plans_outside == (1700.0, 1750.5) and p.outside_for(2026) == 1750.5
    assert (p.year_weight(2025), p.year_weight(2026)) == (1.0, 11.0)
    assert first.provisions["place_funding"].tolist()[1:] == [6000.0, 0.0]
    assert first.options["fill_years"].iloc[1] == 3 and np.isnan(first.options["fill_years"].iloc[0])
    assert first.extensions()[-5:] == ("place_funding", "tail_years", "capital_for_travel", "fill_years",
                                       "plans_outside")
    write_scenario(first, tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert_workbook_round_trip(first, tmp_path)
    assert first.without_version3().extensions() == first.extensions()[:-5]
    assert first.without_extensions().extensions() == ()


def test_a_version_3_column_alone_makes_the_file_version_3(scenario, tmp_path):
    write_scenario(scenario.replace(options=scenario.options.assign(fill_years=[2, 1])), tmp_path / "s")
    assert (tmp_path / "s" / "scenario.toml").read_text().startswith("format_version = 3\n")
    back = read_scenario(tmp_path / "s")
    assert back.options["fill_years"].tolist() == [2, 1] and back.options["fill_years"].dtype == "int64"


def test_one_plans_outside_number_means_every_year_and_the_sheet_carries_the_keys():
    tree = {"horizon": 2, "measures": {"plans_outside": 1700}, "objective": {"capital_for_travel": "false"}}
    p, problems = parameters_from_tree(tree, "scenario.toml")
    assert problems == []
    assert p.plans_outside == (1700.0,) and p.outside_for(2026) == 1700.0 and not p.capital_for_travel
    written = parameters_to_tree(p)
    assert written["measures"] == {"plans_outside": 1700.0} and written["format_version"] == 3
    rows = [(k, str(v)) for k, v in flatten(written)]  # workbook cells formatted as text
    back, problems = unflatten(rows, "book.xlsx [Parameters]")
    assert problems == [] and parameters_from_tree(back, "x")[0] == p


@pytest.mark.parametrize("toml, column, value, expected", [
    ("[objective]\ntail_years = -1", "objective.tail_years", "-1", "a number of years from 0 to 50"),
    ("[objective]\ntail_years = 1e300", "objective.tail_years", "1e+300", "a number of years from 0 to 50"),
    ("[objective]\ntail_years = nan", "objective.tail_years", "nan", "a number of years from 0 to 50"),
    ("[objective]\ntail_years = \"ten\"", "objective.tail_years", "ten", "a number of years from 0 to 50"),
    ("[objective]\ntail_years = \"\"", "objective.tail_years", "", "a number of years from 0 to 50"),
    ("[objective]\ncapital_for_travel = \"sometimes\"", "objective.capital_for_travel", "sometimes",
     "true or false"),
    ("[objective]\ncapital_slack = 1", "objective.capital_slack", "1", "a share from 0 to < 1"),
    ("[objective]\ncapital_slack = -0.1", "objective.capital_slack", "-0.1", "a share from 0 to < 1"),
    ("[measures]\nplans_outside = -5", "measures.plans_outside", "-5", "one number of plans >= 0"),
    ("[measures]\nplans_outside = [1, 2, 3]", "measures.plans_outside", "[1, 2, 3]",
     "one number of plans >= 0 (and < 1,000,000) or a list of exactly horizon = 2"),
    ("[measures]\nplans_outside = [1, \"many\"]", "measures.plans_outside", "[1, 'many']",
     "one number of plans >= 0"),
    ("[measures]\nplans_outside = 1e9", "measures.plans_outside", "1000000000.0", "one number of plans >= 0"),
    ("objective = 3", "objective", "3", "a [objective] table"),
])
def test_each_bad_key_is_named(scenario, tmp_path, toml, column, value, expected):
    write_scenario(scenario, tmp_path / "s")
    path = tmp_path / "s" / "scenario.toml"
    text = path.read_text()
    if toml.startswith("objective ="):
        path.write_text(text.replace("format_version = 1\n", f"format_version = 1\n{toml}\n"))
    else:
        path.write_text(f"{text}\n{toml}\n")
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.file, p.row, p.column, p.value) for p in errors] == [("scenario.toml", None, column, value)]
    assert errors[0].expected.startswith(expected) and column in errors[0].message


@pytest.mark.parametrize("line, value", [("place_funding = -1", "-1"), ("place_funding = 1e12", "1000000000000.0"),
                                         ("place_funding = \"lots\"", "lots"), ("place_funding = inf", "inf")])
def test_a_bad_place_funding_is_named(scenario, tmp_path, line, value):
    write_scenario(scenario, tmp_path / "s")
    path = tmp_path / "s" / "scenario.toml"
    path.write_text(path.read_text().replace("[costs]\n", f"[costs]\n{line}\n"))
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.column, p.value) for p in errors] == [("costs.place_funding", value)]
    assert errors[0].expected == "£ a place a year, >= 0 and < 1,000,000"


def _edit_csv(folder, name, column, cells):
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    frame[column] = cells
    frame.to_csv(folder / name, index=False)


@pytest.mark.parametrize("name, column, cells, row, value, expected", [
    ("provisions.csv", "place_funding", ["-1", "", ""], 2, "-1", "a number >= 0 and < 1,000,000"),
    ("provisions.csv", "Place Funding", ["", "1e300", ""], 3, "1e300", "a number >= 0 and < 1,000,000"),
    ("provisions.csv", "place_funding", ["", "", "ten"], 4, "ten", "a number >= 0 and < 1,000,000"),
    ("provisions.csv", "place_funding", ["nan", "", ""], 2, "nan", "a number >= 0 and < 1,000,000"),
    ("options.csv", "place_funding", ["", "-10000"], 3, "-10000", "a number >= 0 and < 1,000,000"),
    ("options.csv", "place_funding", ["=A1", ""], 2, "=A1", "a number >= 0 and < 1,000,000"),
    ("options.csv", "fill_years", ["0", ""], 2, "0", "a whole number >= 1 and < 100"),
    ("options.csv", "fill_years", ["", "2.5"], 3, "2.5", "a whole number >= 1 and < 100"),
    ("options.csv", "fill_years", ["three", ""], 2, "three", "a whole number >= 1 and < 100"),
    ("options.csv", "fill_years", ["1e300", ""], 2, "1e300", "a whole number >= 1 and < 100"),
    ("options.csv", "fill_years", ["-2", ""], 2, "-2", "a whole number >= 1 and < 100"),
])
def test_each_bad_cell_is_named(scenario, tmp_path, name, column, cells, row, value, expected):
    write_scenario(scenario, tmp_path / "s")
    _edit_csv(tmp_path / "s", name, column, cells)
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.file, p.row, p.column, p.value, p.expected) for p in errors] == [
        (name, row, column.lower().replace(" ", "_"), value, expected)]


def test_bad_version_3_cells_in_a_workbook_name_the_sheet(scenario, tmp_path):
    bad = scenario.replace(provisions=scenario.provisions.assign(place_funding=["", "-5", ""]),
                           options=scenario.options.assign(fill_years=["2", "half"]))
    write_scenario(bad, tmp_path / "s.xlsx")
    result, problems = load_scenario(tmp_path / "s.xlsx")
    assert result is None
    assert sorted((p.file, p.row, p.column, p.value) for p in problems if p.severity == "error") == [
        ("s.xlsx [Options]", 3, "fill_years", "half"), ("s.xlsx [Provisions]", 3, "place_funding", "-5")]
