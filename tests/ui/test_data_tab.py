"""The Data tab reads like a council's table: friendly headers, area names, frozen name columns, pounds."""

from PySide6.QtCore import Qt


def header(editor, column: str) -> str:
    frame = editor.model.frame
    return editor.model.headerData(list(frame.columns).index(column), Qt.Orientation.Horizontal)


def cell(editor, row: int, column: str, role=Qt.ItemDataRole.DisplayRole):
    return editor.model.data(editor.model.index(row, list(editor.model.frame.columns).index(column)), role)


def test_friendly_headers_and_area_names_beside_codes(window):
    editor = window.data_panel.editors["demand"]
    assert header(editor, "area_id") == "Area code" and header(editor, "count") == "Children"
    assert list(editor.model.frame.columns[:2]) == ["area_id", "area_name"]
    assert cell(editor, 0, "area_name") == "Area 0"
    name_column = list(editor.model.frame.columns).index("area_name")
    assert not editor.model.flags(editor.model.index(0, name_column)) & Qt.ItemFlag.ItemIsEditable
    # an edit still lands in the scenario's own table, in its own column order, without the names
    editor.proxy.setData(editor.proxy.mapFromSource(editor.model.index(0, list(editor.model.frame.columns)
                                                                      .index("count"))), "13")
    demand = window.store.scenario.demand
    assert "area_name" not in demand.columns and list(demand.columns)[:2] == ["year", "area_id"]
    assert demand["count"].iloc[0] == 13.0


def test_money_in_pounds_with_separators(window):
    options = window.data_panel.editors["options"]
    assert cell(options, 0, "capital_per_module") == "£1,000,000"
    assert cell(options, 0, "capital_per_module", Qt.ItemDataRole.EditRole) == "1000000.0"  # edits the number
    assert header(options, "capital_per_module") == "Capital per module"
    settings = window.data_panel.editors["provisions"]
    assert cell(settings, 0, "cost_per_place") == "£25,000"
    parameters = window.data_panel.editors["parameters"]
    row = list(parameters.model.frame["setting"]).index("capital")
    assert cell(parameters, row, "value") == "£3,000,000; £3,000,000"


def test_name_columns_stay_in_view_when_scrolling_right(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.data_panel)
    window.data_panel.setCurrentWidget(window.data_panel.editors["options"])
    editor = window.data_panel.editors["options"]
    view = editor.view
    view.resize(420, 300)
    qtbot.wait(50)
    assert list(editor.model.frame.columns[:2]) == ["option_id", "name"]
    assert view.frozen.isVisible()
    shown = [c for c in range(editor.model.columnCount()) if not view.frozen.isColumnHidden(c)]
    assert shown == [0, 1]
    assert view.frozen.width() == view.columnWidth(0) + view.columnWidth(1)
    left = view.frozen.geometry().left()
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    qtbot.wait(20)
    assert view.horizontalScrollBar().value() > 0
    assert view.frozen.geometry().left() == left  # still over the left edge
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert view.frozen.verticalScrollBar().value() == view.verticalScrollBar().value()


def test_kinds_read_as_the_legend_names_them_and_edit_as_codes(window):
    settings = window.data_panel.editors["provisions"]
    assert cell(settings, 0, "kind") == "Special school"
    assert cell(settings, 0, "kind", Qt.ItemDataRole.EditRole) == "special"
