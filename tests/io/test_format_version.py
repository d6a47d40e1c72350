"""format_version in scenario.toml and solve.json: written, absent = 1, newer refused, older migrated."""

from __future__ import annotations

import json

import pytest
from small_scenarios import core_county, map_plan

from sufficiency_app.io import load_scenario, parameters, read_scenario, results, write_scenario
from sufficiency_app.io.results import SavedPlanError, read_plan, read_results, write_plan, write_results


def test_scenario_toml_starts_with_its_version_and_reads_back(tmp_path):
    """A scenario using no version 2 addition is written as version 1, readable by a version 1 planner."""
    write_scenario(core_county(), tmp_path / "s")
    text = (tmp_path / "s" / "scenario.toml").read_text()
    assert parameters.FORMAT_VERSION == 3 and text.startswith("format_version = 1\n")
    back = read_scenario(tmp_path / "s")
    assert "format_version" not in back.parameters.extra
    assert back.parameters.extra["roads"] == {"profile": "car"}


def test_a_workbook_carries_the_version_too(tmp_path):
    write_scenario(core_county(), tmp_path / "s.xlsx")
    back = read_scenario(tmp_path / "s.xlsx").parameters
    assert back.name == "Test county" and "format_version" not in back.extra


def _rewrite_toml(folder, version_line: str):
    path = folder / "scenario.toml"
    lines = [line for line in path.read_text().splitlines() if not line.startswith("format_version")]
    path.write_text("\n".join(([version_line] if version_line else []) + lines) + "\n")


def test_a_scenario_without_a_version_is_version_1(tmp_path):
    write_scenario(core_county(), tmp_path / "s")
    _rewrite_toml(tmp_path / "s", "")
    scenario, problems = load_scenario(tmp_path / "s")
    assert scenario is not None and not [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("line, words", [
    ("format_version = 4", "scenario.toml was written by a newer version of the planner (format 4); this "
                           "version reads format 3 or older: please update the planner to read it"),
    ('format_version = "two"', "format_version = 'two' is not a whole number from 1 to 3"),
])
def test_a_newer_or_unreadable_version_is_refused_with_a_sentence(tmp_path, line, words):
    write_scenario(core_county(), tmp_path / "s")
    _rewrite_toml(tmp_path / "s", line)
    scenario, problems = load_scenario(tmp_path / "s")
    assert scenario is None
    problem = next(p for p in problems if p.column == "format_version")
    assert problem.file == "scenario.toml" and words in problem.message


def test_an_older_scenario_goes_through_the_migrations(tmp_path, monkeypatch):
    """A pretend version 4 renamed ``[travel] speed`` to ``speed_kmh``: a version-1 file takes all three steps."""
    def speed_renamed(tree):
        travel = dict(tree.get("travel", {}))
        travel["speed_kmh"] = travel.pop("speed")
        return {**tree, "travel": travel}

    monkeypatch.setattr(parameters, "FORMAT_VERSION", 4)
    monkeypatch.setattr(parameters, "MIGRATIONS", {**parameters.MIGRATIONS, 3: speed_renamed})
    write_scenario(core_county(), tmp_path / "s")
    path = tmp_path / "s" / "scenario.toml"
    assert path.read_text().startswith("format_version = 1\n")
    path.write_text(path.read_text().replace("speed_kmh = 40.0", "speed = 33.0"))
    scenario = read_scenario(tmp_path / "s")
    assert scenario.parameters.speed_kmh == 33.0 and "speed" not in scenario.parameters.extra.get("travel", {})


def _solve_json(folder):
    return folder / "solve.json"


def test_solve_json_carries_its_version_and_reads_without_one(tmp_path):
    write_results(map_plan(), tmp_path / "r")
    meta = json.loads(_solve_json(tmp_path / "r").read_text())
    assert meta["format_version"] == results.FORMAT_VERSION
    del meta["format_version"]
    _solve_json(tmp_path / "r").write_text(json.dumps(meta))
    assert read_results(tmp_path / "r").status == "optimal"


def test_a_newer_results_folder_is_refused_with_a_sentence(tmp_path):
    write_plan(map_plan(), core_county(), tmp_path / "r")
    meta = json.loads(_solve_json(tmp_path / "r").read_text())
    _solve_json(tmp_path / "r").write_text(json.dumps({**meta, "format_version": 3}))
    with pytest.raises(SavedPlanError, match=r"r/solve.json was written by a newer version of the planner "
                                             r"\(format 3\); this version reads format 1 or older"):
        read_plan(tmp_path / "r")
