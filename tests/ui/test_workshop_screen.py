"""Workshop mode fits a projector: 1280x720 and 1920x1080 without clipping, text scaled to the screen."""

import pytest


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_workshop_fits_the_screen_with_legend_inside_the_map(qtbot, window, size):
    from sufficiency_app.ui.workshop import WorkshopWindow

    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    workshop.resize(*size)
    with qtbot.waitSignal(workshop.solved, timeout=60_000):
        workshop.show()
    qtbot.wait(50)
    hint = workshop.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]
    assert (workshop.width(), workshop.height()) == size  # nothing forced the window bigger
    canvas = workshop.map_view.canvas
    canvas.grab()  # paint the legend
    legend = canvas.furniture[-1]
    assert canvas.viewport().rect().contains(legend.toAlignedRect())
    county = canvas.mapFromScene(canvas._extent).boundingRect()
    assert canvas.viewport().rect().contains(county) and not county.intersects(legend.toAlignedRect())
    assert workshop.zoom == pytest.approx(min(size[0] / 1920, size[1] / 1080))
    assert canvas.text_scale == pytest.approx(1.6 * workshop.zoom)
    value_font = workshop.cards["avoided"].value.font().pointSizeF()
    assert value_font == pytest.approx(10 * 2.3 * 1.25 * workshop.zoom)
    workshop.close()


def test_workshop_money_reads_as_people_write_it(qtbot, window):
    from sufficiency_app.ui.workshop import WorkshopWindow

    workshop = WorkshopWindow(window.store, 0)
    qtbot.addWidget(workshop)
    assert workshop.capital.spin.text() == "£3.0m"
    assert workshop.independent.spin.text() == "£60k a year"
    workshop.close()
