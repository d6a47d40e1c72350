"""The Compare tab: the inputs that differ on top, plain statuses, whole scenario names."""

from PySide6.QtCore import Qt
from small_scenarios import window_county

from sufficiency_app import solver
from sufficiency_app.io.project_file import Project, ProjectEntry
from sufficiency_app.model.scenario_diff import with_pins


def test_compare_shows_differing_inputs_plain_status_and_whole_names(window, qtbot):
    base = window_county()
    long_name = "Tiny county with a much larger capital budget and one option ruled out"
    other = base.replace(parameters=with_pins(base.parameters.replace(name=long_name, capital=(5e6, 5e6)),
                                              frozenset(), frozenset({"O2"})))
    entries = tuple(ProjectEntry(s, solver.solve(s), solver.baseline(s)) for s in (base, other))
    window.store.set_project(Project(entries), None)
    panel = window.compare_panel
    inputs = panel.inputs_model.frame
    # Whole names, headed on several lines so the column stays narrow
    assert [c.replace("\n", " ") for c in inputs.columns] == ["input", "Tiny county", long_name]
    rows = dict(zip(inputs["input"], inputs.iloc[:, 2]))
    assert rows["Capital budget"] == "£5.0m a year" and rows["Options never build"] == "Far Unit"
    assert not panel.inputs_view.isHidden()
    assert panel.inputs_model.headerData(0, Qt.Orientation.Horizontal) == "Input"
    heads = panel.headline_model.frame
    status = heads.loc[heads["figure"] == "How good the plan is", "Tiny county"].iloc[0]
    assert status == "Proven best plan"
    assert "optimal" not in heads.to_string() and "time_limit" not in heads.to_string()
    assert panel.picker.wordWrap() and panel.picker.textElideMode() == Qt.TextElideMode.ElideNone
    assert panel.picker.item(1).text() == long_name


def test_same_inputs_say_so(window):
    entries = tuple(ProjectEntry(window_county(n), solver.solve(window_county(n))) for n in ("A", "B"))
    window.store.set_project(Project(entries), None)
    panel = window.compare_panel
    assert panel.inputs_model.frame.empty and panel.inputs_view.isHidden()
    assert "are the same" in panel.inputs_note.text()
