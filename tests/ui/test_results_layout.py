"""Where the Results tab puts its tables, at the window's default size."""

from __future__ import annotations

from extension_scenarios import FUNDING_OFF_SCHEDULE, funding_county

from sufficiency_app.project_file import Project, ProjectEntry


def _funding_panel(qtbot):
    """Reading 19's county (tests/extension_scenarios.funding_county): a plan with 2 empty places a year."""
    from sufficiency_app.solver.check import check_plan
    from sufficiency_app.solver.tables import plan_from_tables
    from sufficiency_app.ui.results_panel import ResultsPanel
    from sufficiency_app.ui.store import ProjectStore

    sc = funding_county()
    plan = plan_from_tables(sc, FUNDING_OFF_SCHEDULE, check_plan(sc, FUNDING_OFF_SCHEDULE).allocation,
                            backend="check", status="feasible", seconds=0)
    store = ProjectStore()
    store.set_project(Project((ProjectEntry(sc, plan, None),)), None)
    panel = ResultsPanel(store)
    qtbot.addWidget(panel)
    panel.resize(1070, 800)  # the Results tab of a 1360x860 window beside the Scenarios dock
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _box(panel, widget):
    return widget.geometry().translated(widget.parentWidget().mapTo(panel, widget.parentWidget().rect().topLeft()))


def test_empty_places_sit_below_the_schedule_and_the_option_values_at_full_width(qtbot):
    panel = _funding_panel(qtbot)
    schedule, values, empty = (_box(panel, v) for v in (panel.schedule_view, panel.values_view, panel.empty_view))
    assert not panel.empty_pane.isHidden()
    assert empty.top() > max(schedule.bottom(), values.bottom())  # below both tables, not beside them
    assert schedule.right() < values.left()  # the two tables still side by side
    assert empty.width() >= values.right() - schedule.left() - 2  # as wide as both together
    header = panel.empty_view.horizontalHeader()
    for column in range(panel.empty_model.columnCount()):  # every header readable, none cut
        title = panel.empty_model.column_name(column)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
