"""Where the Results tab puts its tables, at the window's default size."""

from __future__ import annotations

from extension_scenarios import FUNDING_OFF_SCHEDULE, funding_county

from sufficiency_app.io.project_file import Project, ProjectEntry


def _funding_panel(qtbot, width: int):
    """Reading 19's county (tests/extension_scenarios.funding_county): a plan with 2 empty places a year."""
    from sufficiency_app.io import scenario_sha256
    from sufficiency_app.present.plan_tables import plan_from_tables
    from sufficiency_app.solver.check import check_plan
    from sufficiency_app.ui.app import application
    from sufficiency_app.ui.results_panel import ResultsPanel
    from sufficiency_app.ui.store import ProjectStore

    application()  # the window's style sheet: its padding is part of the widths
    sc = funding_county()
    plan = plan_from_tables(sc, FUNDING_OFF_SCHEDULE, check_plan(sc, FUNDING_OFF_SCHEDULE).allocation,
                            backend="check", status="feasible", seconds=0, scenario_sha256=scenario_sha256(sc))
    store = ProjectStore()
    store.set_project(Project((ProjectEntry(sc, plan, None),)), None)
    panel = ResultsPanel(store)
    qtbot.addWidget(panel)
    panel.resize(width, 800)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.wait(100)  # the layout requests a new orientation posts
    return panel


def _box(panel, widget):
    return widget.geometry().translated(widget.parentWidget().mapTo(panel, widget.parentWidget().rect().topLeft()))


def test_empty_places_sit_below_the_schedule_and_the_option_values_at_full_width(qtbot):
    panel = _funding_panel(qtbot, 1620)  # the Results tab of a 1920x1080 window beside the Scenarios dock
    schedule, values, empty = (_box(panel, v) for v in (panel.schedule_view, panel.values_view, panel.empty_view))
    assert not panel.empty_pane.isHidden()
    assert empty.top() > max(schedule.bottom(), values.bottom())  # below both tables, not beside them
    assert schedule.right() < values.left()  # the two tables side by side
    assert empty.width() >= values.right() - schedule.left() - 2  # as wide as both together
    header = panel.empty_view.horizontalHeader()
    for column in range(panel.empty_model.columnCount()):  # every header readable, none cut
        title = panel.empty_model.column_name(column)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)


def test_a_narrow_results_tab_stacks_the_tables_and_scrolls_rather_than_squeeze_them(qtbot):
    """Beside each other in a narrow tab the option names got a few pixels ("…"); the cards left one row."""
    from sufficiency_app.ui.results_panel import NAME_MIN, TABLE_MIN_HEIGHT

    panel = _funding_panel(qtbot, 1000)
    schedule, values, empty = (_box(panel, v) for v in (panel.schedule_view, panel.values_view, panel.empty_view))
    assert schedule.bottom() < values.top() < values.bottom() < empty.top()  # one above the other
    option = panel.values_model.frame.columns.get_loc("Option")
    assert panel.values_view.horizontalHeader().sectionSize(option) >= NAME_MIN
    assert min(schedule.height(), values.height()) >= TABLE_MIN_HEIGHT
    assert panel.scroll.verticalScrollBar().maximum() > 0  # the page scrolls instead
    panel.resize(1620, 800)
    qtbot.waitUntil(lambda: _box(panel, panel.schedule_view).right() < _box(panel, panel.values_view).left())


def test_the_figures_line_up_on_the_right_and_the_words_on_the_left(qtbot):
    from PySide6.QtCore import Qt

    panel = _funding_panel(qtbot, 1620)
    model = panel.empty_model
    right = {model.column_name(c): bool(model.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole)
                                        & Qt.AlignmentFlag.AlignRight) for c in range(model.columnCount())}
    assert right == {"Setting": False, "Year": False, "Places": True, "Filled": True, "Empty": True,
                     "Cost of empty places": True}
    schedule = panel.schedule_model
    assert [schedule.column_name(c) for c in range(schedule.columnCount())
            if schedule.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight] == [
        "Modules", "Places", "Capital"]
