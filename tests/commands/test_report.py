"""``sufficiency report``: from a scenario folder or a project file to a report file."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app import cli
from sufficiency_app.commands import solve as solve_command  # noqa: F401  bound to the real solver before any patch


@pytest.fixture
def folder(tmp_path):
    from sufficiency_app.io import write_scenario

    path = tmp_path / "county"
    write_scenario(finance_county(), path)
    return path


def test_saved_plan_is_reported_without_solving(tmp_path, capsys, monkeypatch):
    from sufficiency_app import solver
    from sufficiency_app.io.results import write_plan

    saved = tmp_path / "results"
    write_plan(finance_plan(), finance_county(), saved)
    monkeypatch.setattr(solver, "solve", lambda *a, **k: pytest.fail("a report must never solve"))
    out = tmp_path / "plan.xlsx"
    assert cli.main(["report", str(saved), "--out", str(out)]) == 0
    assert "Wrote" in capsys.readouterr().out
    wb = load_workbook(out)
    total = next(r for r in wb["Schedule"].iter_rows(min_row=2) if r[0].value == "Total")
    assert total[5].value == 12  # the saved plan's places, not a new solve's
    about = [c.value for c in wb["About"]["A"] if c.value]
    assert "shown as <5" in about[2]  # suppressed by default, the rule on the first sheet
    assert any(str(v).startswith("Plan for Test county, solved ") and "Proven best plan" in str(v) for v in about)


def test_scenario_folder_says_there_is_no_plan_and_how_to_make_one(folder, tmp_path, capsys):
    assert cli.main(["report", str(folder), "--out", str(tmp_path / "plan.pdf")]) == 1
    err = capsys.readouterr().err
    assert "is a scenario, not a plan" in err and "sufficiency solve" in err and "Traceback" not in err
    assert not (tmp_path / "plan.pdf").exists()


def test_unsuppressed_is_explicit(tmp_path, capsys):
    from sufficiency_app.io.results import write_plan

    saved = tmp_path / "results"
    write_plan(finance_plan(), finance_county(), saved)
    out = tmp_path / "internal.xlsx"
    assert cli.main(["report", str(saved), "--out", str(out), "--unsuppressed"]) == 0
    assert "internal use only" in capsys.readouterr().out
    assert "not suppressed" in load_workbook(out)["About"]["A3"].value


def test_project_file_uses_saved_plans(tmp_path, capsys):
    from sufficiency_app.io.project_file import Project, ProjectEntry, save_project

    project = Project((ProjectEntry(finance_county(), finance_plan(), finance_baseline()),))
    other = finance_county()
    other = other.replace(parameters=other.parameters.replace(name="Do nothing"))
    project = project.added(ProjectEntry(other, finance_baseline(), finance_baseline()))
    path = tmp_path / "workshop.sufficiency"
    save_project(project, path)
    out = tmp_path / "workshop.docx"
    assert cli.main(["report", str(path), "--format", "docx", "--out", str(out)]) == 0
    assert "Solving" not in capsys.readouterr().err
    from docx import Document

    doc = Document(str(out))
    side = doc.tables[0]
    assert [c.text for c in side.rows[0].cells] == ["Measure", "Test county", "Do nothing"]


def test_bad_input_is_a_message_not_a_traceback(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    missing.mkdir()
    assert cli.main(["report", str(missing), "--out", str(tmp_path / "x.pdf")]) == 1
    assert "not a plan" in capsys.readouterr().err
    assert cli.main(["report", str(missing), "--out", str(tmp_path / "x.txt")]) == 2
    assert "--format" in capsys.readouterr().err
    assert cli.main(["report", str(missing), "--out", str(tmp_path / "x.pdf"), "--rule", "lt5",
                     "--unsuppressed"]) == 2


def test_the_baseline_saved_with_the_plan_is_used(tmp_path, monkeypatch):
    import dataclasses

    from sufficiency_app import solver
    from sufficiency_app.io.results import read_baseline, write_plan

    saved = tmp_path / "results"
    write_plan(finance_plan(), finance_county(), saved, finance_baseline())
    monkeypatch.setattr(solver, "baseline", lambda *a, **k: pytest.fail("the saved baseline should be used"))
    assert cli.main(["report", str(saved), "--out", str(tmp_path / "plan.xlsx")]) == 0
    other_inputs = dataclasses.replace(finance_plan(), scenario_sha256="00" * 32)
    assert read_baseline(saved, finance_plan()) is not None and read_baseline(saved, other_inputs) is None
