"""Validation: every problem at once, with file, row and column; warnings that help."""

from __future__ import annotations

import pandas as pd
import pytest
from small_scenarios import write_broken

from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.io import load_scenario, read_scenario, tables, write_scenario
from sufficiency_app.model.validation import validate

EXPECTED = {
    ("scenario.toml", None, "budget.capital"),
    ("demand.csv", 3, "year"),
    ("demand.csv", 4, "area_id"), ("demand.csv", 4, "need"), ("demand.csv", 4, "count"),
    ("demand.csv", 5, "phase"), ("demand.csv", 5, "tier"), ("demand.csv", 5, "count"),
    ("provisions.csv", 3, "provision_id"), ("provisions.csv", 3, "phases"), ("provisions.csv", 3, "easting"),
    ("provisions.csv", 4, "kind"), ("provisions.csv", 4, "needs"), ("provisions.csv", 4, "capacity"),
    ("provisions.csv", 4, "easting"), ("provisions.csv", 4, "cost_per_place"),
    ("provisions.csv", 5, "easting"),
    ("options.csv", 2, "option_id"),
    ("options.csv", 3, "provision_id"), ("options.csv", 3, "module_places"), ("options.csv", 3, "max_modules"),
    ("options.csv", 4, "needs"), ("options.csv", 4, "easting"),
    ("travel.csv", 3, "area_id"), ("travel.csv", 3, "provision_id"), ("travel.csv", 3, "minutes"),
}


def test_broken_copy_lists_every_error(scenario, tmp_path):
    write_broken(scenario, tmp_path / "bad")
    result, problems = load_scenario(tmp_path / "bad")
    assert result is None
    errors = {(p.file, p.row, p.column) for p in problems if p.severity == "error"}
    assert errors == EXPECTED
    by_cell = {(p.file, p.row, p.column): p for p in problems}
    assert "swapped" in by_cell["provisions.csv", 3, "easting"].message
    assert "lon/lat" in by_cell["provisions.csv", 4, "easting"].message
    assert "50 km" in by_cell["provisions.csv", 5, "easting"].message
    assert by_cell["demand.csv", 5, "count"].value == "many"
    assert by_cell["demand.csv", 4, "need"].value == "XYZ"
    assert "ALL" in by_cell["provisions.csv", 3, "phases"].message
    assert "horizon = 2" in by_cell["scenario.toml", None, "budget.capital"].expected
    warnings = {(p.file, p.row, p.column) for p in problems if p.severity == "warning"}
    assert ("provisions.csv", 5, "capacity") in warnings
    with pytest.raises(ScenarioError) as info:
        read_scenario(tmp_path / "bad")
    assert len([p for p in info.value.problems if p.severity == "error"]) == len(EXPECTED)


def test_clean_scenario_has_no_errors(scenario):
    assert [p for p in validate(scenario) if p.severity == "error"] == []


def test_missing_files_and_columns(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    (tmp_path / "s" / "areas.geojson").unlink()
    (tmp_path / "s" / "scenario.toml").unlink()
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    assert {p.file for p in problems} == {"scenario.toml", "areas.geojson"}
    write_scenario(scenario, tmp_path / "t")
    (tmp_path / "t" / "demand.csv").write_text("year,area,need,phase,tier,count\n2025,A1,ASD,PRI,special,1\n")
    _, problems = load_scenario(tmp_path / "t")
    assert [(p.file, p.column) for p in problems if p.severity == "error"] == [("demand.csv", "area_id")]


def test_unreadable_inputs_become_problems(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    (tmp_path / "s" / "scenario.toml").write_text("name = [unclosed")
    (tmp_path / "s" / "areas.geojson").write_text("{not json")
    (tmp_path / "s" / "travel.csv").write_bytes(b"")
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    assert {p.file for p in problems if p.severity == "error"} >= {"scenario.toml", "areas.geojson"}
    assert load_scenario(tmp_path / "nope")[1][0].message.endswith("does not exist")
    assert "cannot read" in load_scenario(tmp_path / "s" / "demand.csv")[1][0].message


def test_big_files_are_refused_unread(scenario, tmp_path, monkeypatch):
    write_scenario(scenario, tmp_path / "s")
    monkeypatch.setattr(tables, "MAX_BYTES", 100)
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    assert any("200 MB" in p.message and p.file == "demand.csv" for p in problems)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_missing_crs_is_reported(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    (tmp_path / "s" / "areas.geojson").unlink()
    areas = scenario.areas[["area_id", "name", "geometry"]].set_crs(None, allow_override=True)
    areas.to_file(tmp_path / "s" / "areas.shp")
    (tmp_path / "s" / "areas.prj").unlink(missing_ok=True)
    result, problems = load_scenario(tmp_path / "s")
    assert result is None
    assert any(p.file == "areas.shp" and "coordinate reference system" in p.message for p in problems)


def test_warnings_for_drops_and_unreachable_areas(scenario):
    far = scenario.provisions.assign(easting=scenario.provisions["easting"] + 40_000)  # 40 km: > 45 min at 40 km/h
    demand = pd.DataFrame({"year": [2025, 2026], "area_id": ["A2", "A2"], "need": ["SLD", "SLD"],
                           "phase": ["PRI", "PRI"], "tier": ["special", "special"], "count": [30.0, 10.0]})
    options = scenario.options.iloc[0:0]
    problems = validate(scenario.replace(provisions=far, demand=demand, options=options,
                                         travel=scenario.travel.iloc[0:0]))
    assert [p.severity for p in problems] == ["warning", "warning"]
    drop, stranded = problems
    assert "SLD demand falls from 30 in 2025 to 10 in 2026" in drop.message
    assert "1 area(s) have SLD PRI special demand (40 child-years)" in stranded.message and "A2" in stranded.value


def test_in_memory_edits_with_text_are_checked(scenario):
    provisions = scenario.provisions.astype({"capacity": object})
    provisions.loc[0, "capacity"] = "ten"
    problems = validate(scenario.replace(provisions=provisions))
    assert [(p.row, p.column, p.value) for p in problems if p.severity == "error"] == [(2, "capacity", "ten")]


def test_travel_to_an_expansion_names_its_setting(scenario):
    travel = pd.DataFrame({"area_id": ["A1", "A2"], "provision_id": ["O1", "O2"], "minutes": [5.0, 6.0]})
    problems = validate(scenario.replace(travel=travel))
    assert [(p.row, p.message) for p in problems if p.severity == "error"] == [
        (2, "option 'O1' adds places to 'P1': give the travel to 'P1'")]
    changed = scenario.options.assign(kind=["resource_base", "special"])  # O1 now a new offer at P1 (reading 6)
    assert not [p for p in validate(scenario.replace(travel=travel, options=changed)) if p.severity == "error"]


def test_in_memory_codes_and_ids_must_be_exact(scenario):
    demand = scenario.demand.assign(need=["asd", "SEMH", "ASD", "SEMH", "SLD"],
                                    area_id=["A1 ", "A2", "A1", "A3", "A4"])
    problems = [p for p in validate(scenario.replace(demand=demand)) if p.severity == "error"]
    assert [(p.row, p.column, p.message) for p in problems] == [
        (2, "area_id", "area 'A1 ' is not in the areas file"),
        (2, "need", "need 'asd' should be written 'ASD'"),
    ]


def test_a_missing_file_does_not_hide_the_others(scenario, tmp_path):
    write_broken(scenario, tmp_path / "bad")
    (tmp_path / "bad" / "areas.geojson").unlink()
    (tmp_path / "bad" / "provisions.csv").write_bytes(b"\xff\xfe\x00garbage\n\x00\x00,,\n")
    result, problems = load_scenario(tmp_path / "bad")
    errors = {(p.file, p.row, p.column) for p in problems if p.severity == "error"}
    assert result is None
    assert ("areas.geojson", None, None) in errors
    assert ("demand.csv", 4, "need") in errors and ("travel.csv", 3, "minutes") in errors
    assert ("demand.csv", 4, "area_id") not in errors  # no areas to compare with: not reported


def test_version_2_cells_are_checked_in_memory(scenario):
    """Edits in the window reach validation as typed: each bad version 2 cell is named once."""
    bad = scenario.replace(provisions=scenario.provisions.assign(in_county=[True, "perhaps", None]),
                           options=scenario.options.assign(build_years=[0, 2]),
                           travel=scenario.travel.assign(km=[2500.0]))
    errors = [(p.file, p.row, p.column, p.value) for p in validate(bad) if p.severity == "error"]
    assert errors == [("provisions.csv", 3, "in_county", "perhaps"), ("options.csv", 2, "build_years", "0"),
                      ("travel.csv", 2, "km", "2500.0")]


def test_build_years_longer_than_the_horizon_is_a_warning(scenario):
    options = scenario.options.assign(build_years=[3, 2])  # horizon 2025-2026: two years
    problems = validate(scenario.replace(options=options))
    assert [(p.severity, p.row, p.column, p.value) for p in problems] == [("warning", 2, "build_years", "3")]
    assert problems[0].message == ("build_years 3 is longer than the 2-year horizon: capital that would be spent "
                                   "before 2025 is all charged to 2025")


def test_a_setting_inside_the_county_may_be_out_of_county(scenario):
    """in_county = false on a setting inside the areas is a fact (a school run by a neighbour), not a slip."""
    provisions = scenario.provisions.assign(in_county=[False, False, True])
    assert validate(scenario.replace(provisions=provisions)) == []


def test_shares_edited_in_memory_are_checked(scenario):
    from types import MappingProxyType

    p = scenario.parameters.replace(independent_stay=MappingProxyType({"PRI": 1.5}),
                                    independent_required=MappingProxyType({"ASD": 1.0}), transport_per_km=-1.0)
    problems = validate(scenario.replace(parameters=p))
    assert [(p.file, p.column, p.expected) for p in problems] == [
        ("scenario.toml", "transport.per_km", "a number from 0 to below 100"),
        ("scenario.toml", "placements.independent_stay.PRI", "a share from 0 to <= 1"),
        ("scenario.toml", "placements.independent_required.ASD", "a share from 0 to < 1")]


def test_road_km_faster_than_any_road_is_a_warning(scenario):
    """12.5 minutes at 130 km/h is 27 km: 30 km is a slip (metres typed as km, or a wrong pair)."""
    for km, warned in ((27.0, []), (30.0, [(2, "km", "30.0")])):
        problems = validate(scenario.replace(travel=scenario.travel.assign(km=[km])))
        assert [(p.row, p.column, p.value) for p in problems if p.severity == "warning"] == warned
    assert problems[0].message == ("30 km in 12.5 minutes is 144 km/h, faster than 130 km/h: is km in metres, "
                                   "or the pair wrong?")
