"""The worker tasks of ui/tasks.py called directly, as the worker calls them (no Qt)."""

from __future__ import annotations

import threading

from small_scenarios import map_plan

from sufficiency_app.io.project_file import Project, ProjectEntry, load_project
from sufficiency_app.io.results import read_results
from sufficiency_app.ui.tasks import autosave_task, export_results_task


def test_export_results_writes_a_plan_folder_that_reads_back(tmp_path):
    plan = map_plan()
    folder = export_results_task(plan, tmp_path / "out")([].append, threading.Event())
    back = read_results(folder)
    assert folder == tmp_path / "out"
    assert back.schedule["option_id"].tolist() == ["O1", "O2"]
    assert back.independent == plan.independent


def test_autosave_writes_the_recovery_file(home, scenario):
    project = Project((ProjectEntry(scenario),))
    path = autosave_task(project, None)([].append, threading.Event())
    assert path.parent.is_relative_to(home)
    assert load_project(path).names == ("Tiny county",)
