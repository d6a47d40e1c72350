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
    assert workshop.map_view.max_callouts == (5 if size[0] < 1920 else None)  # a small map: the largest five
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


def test_a_small_map_gives_callouts_to_the_largest_groups_only(qtbot, scenario):
    """Eight towns gain places; with five callouts allowed the five largest get one, the other three towns
    show their names, and lifting the limit brings every callout back."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    from sufficiency_app.present import map_labels
    from sufficiency_app.ui.map_view import CountyMapView

    view = CountyMapView()
    qtbot.addWidget(view)
    view.set_scenario(scenario)  # four 10 km squares from easting 400 km: the towns are on its middle line
    towns = map_labels.town_table(gpd.GeoDataFrame(
        {"name": [f"T{i}" for i in range(8)], "population_class": "small"},
        geometry=[Point(401_000 + 5_000 * i, 105_000) for i in range(8)], crs="EPSG:27700"))
    view.set_towns(towns)
    table = pd.DataFrame({"setting_id": [f"S{i}" for i in range(8)], "name": [f"S{i}" for i in range(8)],
                          "easting": towns["x"], "northing": towns["y"], "planned_places": [10.0 * (i + 1) for i in range(8)],
                          "first_new_year": 2026})
    view._groups = map_labels.group_new_places(table, towns)
    view.set_max_callouts(5)
    callouts = sorted(item.text for key, item in view.label_items.items() if key.startswith("g"))
    assert callouts == sorted(f"T{i}: +{10 * (i + 1)} places" for i in range(3, 8))
    assert {key for key in view.label_items if key.startswith("t")} == {"tT0", "tT1", "tT2"}
    view.set_max_callouts(None)
    assert sum(key.startswith("g") for key in view.label_items) == 8
