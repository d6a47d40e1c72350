"""``export-gis`` and ``export-scap`` from the command line: plans in, one ``error:`` line for bad input."""

from __future__ import annotations

import shutil

import geopandas as gpd
import pytest
from small_scenarios import window_county

from sufficiency_app import cli
from sufficiency_app.exports import saved_plan
from sufficiency_app.io import write_scenario
from sufficiency_app.io.project_file import Project, ProjectEntry, save_project


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if "error:" in line]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_both_commands_write_their_files(saved_plan_dir, tmp_path, capsys):
    code, out, _ = run(capsys, "export-gis", str(saved_plan_dir), "--out", str(tmp_path / "plan.gpkg"))
    assert code == 0 and "small numbers suppressed" in out
    assert len(gpd.read_file(tmp_path / "plan.gpkg", layer="settings")) == 3
    code, out, _ = run(capsys, "export-gis", str(saved_plan_dir), "--out", str(tmp_path / "exact.gpkg"),
                       "--unsuppressed", "--flow-threshold", "0")
    assert code == 0 and "internal use only" in out
    assert len(gpd.read_file(tmp_path / "exact.gpkg", layer="flows")) == 4
    code, out, _ = run(capsys, "export-scap", str(saved_plan_dir), "--out", str(tmp_path / "scap.xlsx"))
    assert code == 0 and (tmp_path / "scap.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("command, out", [("export-gis", "plan.gpkg"), ("export-scap", "scap.xlsx")])
def test_a_missing_folder_is_one_error_line(command, out, tmp_path, capsys):
    code, _, err = run(capsys, command, str(tmp_path / "nowhere"), "--out", str(tmp_path / out))
    assert code == 1 and "nowhere does not exist" in error_line(err)


@pytest.mark.parametrize("command, out", [("export-gis", "plan.gpkg"), ("export-scap", "scap.xlsx")])
def test_output_in_a_missing_folder_is_refused(command, out, saved_plan_dir, tmp_path, capsys):
    code, _, err = run(capsys, command, str(saved_plan_dir), "--out", str(tmp_path / "missing" / out))
    assert code == 2 and "missing does not exist; create it first" in error_line(err)
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("command, out, suffix", [("export-gis", "plan.shp", ".gpkg"),
                                                  ("export-scap", "scap.csv", ".xlsx")])
def test_a_wrong_kind_of_output_is_refused(command, out, suffix, saved_plan_dir, tmp_path, capsys):
    code, _, err = run(capsys, command, str(saved_plan_dir), "--out", str(tmp_path / out))
    assert code == 2 and f"expected a {suffix} file" in error_line(err)
    code, _, err = run(capsys, command, str(saved_plan_dir), "--out", str(tmp_path))
    assert code == 2 and "is a folder" in error_line(err)


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "five", "", "1e300"])
def test_a_bad_flow_threshold_is_one_error_line(value, saved_plan_dir, tmp_path, capsys):
    code = cli.main(["export-gis", str(saved_plan_dir), "--out", str(tmp_path / "p.gpkg"), f"--flow-threshold={value}"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--flow-threshold: {value!r} is not a number" in error_line(err)
    assert not (tmp_path / "p.gpkg").exists()


def test_a_scenario_or_a_damaged_plan_is_not_exported(saved_plan_dir, tmp_path, capsys):
    write_scenario(window_county(), tmp_path / "scenario")
    code, _, err = run(capsys, "export-gis", str(tmp_path / "scenario"), "--out", str(tmp_path / "p.gpkg"))
    assert code == 1 and "is not a saved plan" in error_line(err)
    damaged = tmp_path / "damaged"
    shutil.copytree(saved_plan_dir, damaged)
    (damaged / "solve.json").write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "export-scap", str(damaged), "--out", str(tmp_path / "s.xlsx"))
    assert code == 1 and "damaged" in error_line(err)


def test_a_project_with_several_plans_needs_a_scenario_name(saved_plan_dir, tmp_path, capsys):
    plan = saved_plan(saved_plan_dir)
    other = plan.scenario.replace(parameters=plan.scenario.parameters.__class__(
        **{**plan.scenario.parameters.__dict__, "name": "Other"}))
    project = tmp_path / "two.sufficiency"
    save_project(Project((ProjectEntry(plan.scenario, plan.plan), ProjectEntry(other, plan.plan),
                          ProjectEntry(window_county("Unsolved")))), project)
    code, _, err = run(capsys, "export-scap", str(project), "--out", str(tmp_path / "s.xlsx"))
    assert code == 1 and "choose one with --scenario NAME" in error_line(err) and "Unsolved" not in err
    code, _, err = run(capsys, "export-scap", str(project), "--scenario", "Unsolved", "--out", str(tmp_path / "s.xlsx"))
    assert code == 1 and "no up-to-date plan for a scenario named 'Unsolved'" in error_line(err)
    code, out, _ = run(capsys, "export-gis", str(project), "--scenario", "Other", "--out", str(tmp_path / "p.gpkg"))
    assert code == 0 and (tmp_path / "p.gpkg").is_file()
