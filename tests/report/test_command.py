"""``sufficiency report``: from a scenario folder or a project file to a report file."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app import cli


@pytest.fixture
def folder(tmp_path):
    from sufficiency_app.io import write_scenario

    path = tmp_path / "county"
    write_scenario(finance_county(), path)
    return path


def test_scenario_folder_is_solved_and_reported(folder, tmp_path, capsys):
    out = tmp_path / "plan.xlsx"
    assert cli.main(["report", str(folder), "--out", str(out), "--rule", "lt5", "--time-limit", "20"]) == 0
    assert "Wrote" in capsys.readouterr().out
    wb = load_workbook(out)
    schedule = wb["Schedule"]
    # Fewest independent placements: in 2025 only Oak can grow (2 modules, 8 places,
    # the whole £1m budget) for 20 children; from 2026 the resource base (8) takes
    # the South's children, so none are left in independent schools.
    total = next(r for r in schedule.iter_rows(min_row=2) if r[0].value == "Total")
    assert total[5].value == 16
    assert "shown as <5" in wb["About"]["A3"].value


def test_project_file_uses_saved_plans(tmp_path, capsys):
    from sufficiency_app.project_file import Project, ProjectEntry, save_project

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
    assert "cannot be read" in capsys.readouterr().err
    assert cli.main(["report", str(missing), "--out", str(tmp_path / "x.txt")]) == 2
    assert "--format" in capsys.readouterr().err
    assert cli.main(["report", str(missing), "--out", str(tmp_path / "x.pdf"), "--rule", "lt5",
                     "--no-suppression"]) == 2
