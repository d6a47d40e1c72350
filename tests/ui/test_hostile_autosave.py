"""A damaged autosave on start (issue 13, item 5): no uncaught exception, no empty window, an offer to discard it."""

from __future__ import annotations

import zipfile

import pytest
from small_scenarios import window_county

from sufficiency_app.infra import appdirs
from sufficiency_app.io import write_scenario
from sufficiency_app.io.project_file import Project, ProjectEntry, write_recovery
from sufficiency_app.ui.store import ProjectReplaced


def deep_manifest(path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)


def deep_solve_json(path) -> None:
    """A readable manifest whose scenario's plan holds a solve.json nested 50,000 deep."""
    import pandas as pd

    from sufficiency_app.model.plan import LevelResult, PlanResult

    empty = pd.DataFrame()
    plan = PlanResult("optimal", empty, empty, empty, (LevelResult("independent", 0.0, 0.0, "optimal"),),
                      0.0, 1.0, "highs", "")
    write_recovery(Project((ProjectEntry(window_county(), result=plan),)), path, None)
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, b"{\"a\":" * 50_000 + b"}" * 50_000 if name.endswith("solve.json") else data)


@pytest.mark.parametrize("damage", [deep_manifest, deep_solve_json])
@pytest.mark.parametrize("discard", [True, False])
def test_start_with_a_damaged_autosave_offers_to_discard_it(qtbot, window, home, tmp_path, damage, discard):
    recovery = appdirs.recovery_file()
    damage(recovery)
    folder = tmp_path / "tiny"
    write_scenario(window_county("Opened instead"), folder)
    questions = []
    # "Restore them?" -> yes (the restore then fails); "Discard the damaged autosave?" -> ``discard``
    window.ask_restore = lambda question: questions.append(question) or ("Discard" not in question or discard)
    window.store.set_project(Project(), None)
    with qtbot.waitSignal(window.store.changed, timeout=30_000,
                          check_params_cb=lambda m: isinstance(m, ProjectReplaced)):
        window.start(folder)
    assert questions and "damaged" in questions[-1] and "Discard" in questions[-1]
    assert recovery.exists() is not discard
    assert window.store.project.names == ("Opened instead",)
