"""Validation: every problem at once, with file, row and column; warnings that help."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sufficiency_app.errors import ScenarioError
from sufficiency_app.io import read_scenario, write_scenario
from sufficiency_app.io import tables
from sufficiency_app.validation import validate, validate_path

from conftest import X0, Y0


def write_broken(scenario, folder: Path) -> None:
    """A copy of the small scenario with one mistake per cell listed in EXPECTED."""
    write_scenario(scenario, folder)
    toml = (folder / "scenario.toml").read_text()
    (folder / "scenario.toml").write_text(toml.replace("capital = [\n    1000000.0,\n    2500000.0,\n]",
                                                       "capital = [1, 2, 3]"))
    (folder / "demand.csv").write_text(
        "year,area_id,need,phase,tier,count\n"
        "2025,A1,ASD,PRI,special,3\n"
        "2031,A1,ASD,PRI,special,1\n"      # row 3: outside the horizon
        "2025,ZZ,XYZ,PRI,special,-2\n"     # row 4: unknown area, unknown need, negative count
        "2025,A2,SEMH,KS2,top,many\n"      # row 5: unknown phase, tier; count not a number
    )
    (folder / "provisions.csv").write_text(
        "provision_id,name,kind,needs,phases,capacity,easting,northing,cost_per_place\n"
        f"P1,Larkrise,special,ALL,PRI;SEC,10,{X0 + 4000},{Y0 + 4000},23000\n"
        f"P1,Dup,special,ASD,,5,{Y0},{X0},23000\n"              # row 3: duplicate id, empty phases, swapped
        f"P3,Far,unicorn,ASD;ZZZ,SEC,2.5,-2.2,51.3,-1\n"       # row 4: kind, need code, capacity, degrees, cost
        f"P4,Nowhere,special,ASD,SEC,0,900000,900000,1\n"      # row 5: far away (and zero capacity: warning)
    )
    (folder / "options.csv").write_text(
        "option_id,provision_id,name,kind,needs,phases,easting,northing,module_places,max_modules,"
        "capital_per_module,fixed_capital,earliest_year,cost_per_place\n"
        "P1,,Clash,special,ASD,PRI,385000,159000,8,1,100,0,2025,20000\n"    # row 2: option_id clashes
        "O2,PX,Grow,,,,,,0,-1,100,0,2025,\n"                              # row 3: unknown host, 0 / -1
        "O3,,New,special,,PRI,,,8,1,100,0,2025,20000\n"                   # row 4: no needs, no location
    )
    (folder / "travel.csv").write_text("area_id,provision_id,minutes\nA1,P1,10\nQQ,O2,-5\n")  # row 3


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
    result, problems = validate_path(tmp_path / "bad")
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
    result, problems = validate_path(tmp_path / "s")
    assert result is None
    assert {p.file for p in problems} == {"scenario.toml", "areas.geojson"}
    write_scenario(scenario, tmp_path / "t")
    (tmp_path / "t" / "demand.csv").write_text("year,area,need,phase,tier,count\n2025,A1,ASD,PRI,special,1\n")
    _, problems = validate_path(tmp_path / "t")
    assert [(p.file, p.column) for p in problems if p.severity == "error"] == [("demand.csv", "area_id")]


def test_unreadable_inputs_become_problems(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    (tmp_path / "s" / "scenario.toml").write_text("name = [unclosed")
    (tmp_path / "s" / "areas.geojson").write_text("{not json")
    (tmp_path / "s" / "travel.csv").write_bytes(b"")
    result, problems = validate_path(tmp_path / "s")
    assert result is None
    assert {p.file for p in problems if p.severity == "error"} >= {"scenario.toml", "areas.geojson"}
    assert validate_path(tmp_path / "nope")[1][0].message.endswith("does not exist")
    assert "cannot read" in validate_path(tmp_path / "s" / "demand.csv")[1][0].message


def test_big_files_are_refused_unread(scenario, tmp_path, monkeypatch):
    write_scenario(scenario, tmp_path / "s")
    monkeypatch.setattr(tables, "MAX_BYTES", 100)
    result, problems = validate_path(tmp_path / "s")
    assert result is None
    assert any("200 MB" in p.message and p.file == "demand.csv" for p in problems)


def test_missing_crs_is_reported(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    (tmp_path / "s" / "areas.geojson").unlink()
    scenario.areas.set_crs(None, allow_override=True).to_file(tmp_path / "s" / "areas.shp")
    (tmp_path / "s" / "areas.prj").unlink(missing_ok=True)
    result, problems = validate_path(tmp_path / "s")
    assert result is None
    assert any(p.file == "areas.shp" and "coordinate reference system" in p.message for p in problems)


def test_warnings_for_drops_and_unreachable_areas(scenario):
    far = scenario.provisions.assign(easting=scenario.provisions["easting"] + 40_000)  # 40 km: > 45 min at 40 km/h
    demand = pd.DataFrame({"year": [2025, 2026], "area_id": ["A2", "A2"], "need": ["SLD", "SLD"],
                           "phase": ["PRI", "PRI"], "tier": ["special", "special"], "count": [30.0, 10.0]})
    options = scenario.options.iloc[0:0]
    problems = validate(scenario.replace(provisions=far, demand=demand, options=options, travel=scenario.travel.iloc[0:0]))
    assert [p.severity for p in problems] == ["warning", "warning"]
    drop, stranded = problems
    assert "SLD demand falls from 30 in 2025 to 10 in 2026" in drop.message
    assert "1 area(s) have SLD PRI special demand (40 child-years)" in stranded.message and "A2" in stranded.value


def test_in_memory_edits_with_text_are_checked(scenario):
    provisions = scenario.provisions.astype({"capacity": object})
    provisions.loc[0, "capacity"] = "ten"
    problems = validate(scenario.replace(provisions=provisions))
    assert [(p.row, p.column, p.value) for p in problems if p.severity == "error"] == [(2, "capacity", "ten")]
