"""What the style sheet draws: things a planning officer saw missing on a real screen."""

from __future__ import annotations


def _dark_rows(image, left: int, top: int, right: int, bottom: int) -> int:
    """How many rows of the box hold a dark pixel: an arrow spans several, a flat line one."""
    return sum(any(image.pixelColor(x, y).lightness() < 110 for x in range(left, right)) for y in range(top, bottom))


def test_spin_boxes_show_their_up_and_down_arrows(qtbot):
    """Fusion draws no arrows once a spin box has a style-sheet border (the time limit showed none)."""
    from PySide6.QtWidgets import QSpinBox

    from sufficiency_app.ui.app import application

    application()
    spin = QSpinBox(minimum=0, maximum=3600, value=600, suffix=" s")
    qtbot.addWidget(spin)
    spin.resize(120, 30)
    spin.show()
    qtbot.waitExposed(spin)
    image = spin.grab().toImage()
    w, h = image.width(), image.height()
    up = _dark_rows(image, w - 20, 3, w - 5, h // 2)  # inside the buttons, clear of the frame
    down = _dark_rows(image, w - 20, h // 2, w - 5, h - 3)
    assert up >= 3 and down >= 3, (up, down)


def test_problems_are_counted_in_words(qtbot):
    from sufficiency_app.infra.errors import Problem
    from sufficiency_app.ui.docks import ProblemList
    from sufficiency_app.ui.store import ProjectStore

    panel = ProblemList(ProjectStore())
    qtbot.addWidget(panel)
    warning = Problem("warning", "demand.csv", None, "area_id", "", "", "no setting within 45 minutes")
    error = Problem("error", "demand.csv", 2, "count", "-3", "0 or more", "negative")
    panel.show_problems([warning] * 28)
    assert panel.summary.text() == "No errors, 28 warnings. Click one to see its cell."
    panel.show_problems([error, warning])
    assert panel.summary.text() == "1 error, 1 warning. Click one to see its cell."
    panel.show_problems([error] * 1200)
    assert panel.summary.text().startswith("1,200 errors, no warnings.")


def test_every_toolbar_action_fits_a_1360_wide_window(window, qtbot):
    """The Cabinet report button fell off the toolbar at 1360x860, behind an extension arrow drawn blank."""
    from PySide6.QtWidgets import QToolBar, QToolButton

    window.resize(1360, 860)
    window.show()
    qtbot.waitExposed(window)
    tools = window.findChild(QToolBar, "mainToolbar")
    hidden = [a.text() for a in tools.actions()
              if not a.isSeparator() and tools.widgetForAction(a) is not None
              and not tools.widgetForAction(a).isVisible()]
    assert hidden == []
    window.resize(1100, 860)  # narrower: the rest behind a visible extension arrow
    qtbot.waitUntil(lambda: not tools.widgetForAction(window.report_action).isVisible())
    extension = tools.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is not None and extension.isVisible() and extension.width() >= 16
