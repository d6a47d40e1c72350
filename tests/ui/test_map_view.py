"""The county map on the toy county: items, recolouring, the year slider, clicks and flows, export."""

import pytest
from PySide6.QtCore import Qt
from small_scenarios import map_county, map_plan

from sufficiency_app.ui.map_view import MEASURES, CountyMapView


@pytest.fixture
def view(qtbot):
    widget = CountyMapView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_scenario(map_county())
    widget.set_result(map_plan())
    return widget


def brushes(view):
    return {a: item.brush().color().name() for a, item in view.area_items.items()}


def test_one_item_per_area_and_marker_per_setting(view):
    assert sorted(view.area_items) == [f"A{i}" for i in range(9)]
    assert set(view.setting_items) == {"S1", "R1", "X1", "O1"}
    assert view.setting_items["S1"].kind == "special"
    assert "Area 4" in view.area_items["A4"].toolTip()


def test_changing_the_measure_recolours_areas(view):
    view.set_measure("demand")
    demand = brushes(view)
    assert demand["A0"] != demand["A6"]  # 4.5 children against 1.5
    view.set_measure("independent")
    independent = brushes(view)
    assert independent != demand  # A4 is dark for demand (3.5), lightest for independent (none)
    # 1.5 and 1.0 children share the whole-number class "1 to 2"; none has a class of its own
    assert independent["A0"] == independent["A8"] != independent["A4"]
    assert [label for _c, label in view.canvas.legend.classes] == ["None", "1 to 2"]
    assert "1.5" in view.area_items["A0"].toolTip()
    assert view.measure_box.currentData() == "independent"
    with pytest.raises(KeyError):
        view.set_measure("nonsense")
    assert set(MEASURES) >= {"demand", "independent", "mean_minutes"}


def test_year_slider_changes_setting_fill_and_capacity(view):
    o1 = view.setting_items["O1"]
    view.slider.setValue(2025)
    assert view.year == 2025
    before = (o1.brush().color().name(), o1.pen().style())
    assert before[1] == Qt.PenStyle.DashLine  # not open yet: hollow dashed marker
    view.slider.setValue(2026)  # O1 opens with 8 places, 2 placed: 25% full
    assert view.year == 2026 and view.year_label.text() == "2026/27"
    assert (o1.brush().color().name(), o1.pen().style()) != before
    assert o1.brush().color().name() == "#ffffff"  # under 50% full
    s1 = view.setting_items["S1"]
    view.set_year(2025)
    assert s1.brush().color().name() == "#fbd38d"  # 75% full
    assert view.setting_items["R1"].ring.isVisible()  # R1 grows in 2027
    callouts = sorted(item.text for key, item in view.label_items.items() if key.startswith("g"))
    assert callouts == ["East RB: +4 places", "West Special: +8 places"]  # no town near: named by setting


def test_clicking_a_setting_emits_and_draws_flows(view, qtbot):
    view.set_year(2025)
    item = view.setting_items["S1"]
    point = view.canvas.mapFromScene(item.pos())
    with qtbot.waitSignal(view.settingClicked) as signal:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == ["S1"]
    assert len(view.flow_items) == 5  # home areas A4, A1, A3, A5, A7
    widths = sorted(line.pen().widthF() for line in view.flow_items)
    assert widths[-1] == pytest.approx(7.0) and widths[0] == pytest.approx(1 + 6 / 3.5)
    assert view.detail.isVisible() and "Centre Special" in view.detail_title.text()
    view.set_year(2026)  # only A4 sends children to S1 in 2026
    assert len(view.flow_items) == 1
    view.clear_selection()
    assert view.flow_items == []


def test_clicking_an_area_emits_its_id(view, qtbot):
    centre = view.canvas.mapFromScene(view.area_items["A3"].path().boundingRect().center())
    with qtbot.waitSignal(view.areaClicked) as signal:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert signal.args == ["A3"]


def test_filter_changes_flows_and_values(view):
    view.set_year(2025)
    view.select_setting("S1")
    view.set_filter(need="SEMH")
    assert len(view.flow_items) == 1
    view.set_measure("demand")
    assert "0.5" in view.area_items["A3"].toolTip()


def test_export_png_and_svg(view, tmp_path):
    from PySide6.QtGui import QImage

    png = view.export_image(tmp_path / "map.png")
    image = QImage(str(png))
    assert image.width() == 2 * view.canvas.viewport().width()
    svg = view.export_image(tmp_path / "map.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<path" in text
    with pytest.raises(ValueError):
        view.export_image(tmp_path / "map.bmp")


def test_base_layers_from_files_and_road_frame(view, tmp_path):
    import geopandas as gpd
    from shapely.geometry import LineString, Point, box

    x0, y0 = 400_000, 150_000
    gpd.GeoDataFrame({"name": ["Toyton"], "population": [25_000]}, geometry=[Point(x0 + 1500, y0 + 1500)],
                     crs="EPSG:27700").to_file(tmp_path / "towns.geojson")
    gpd.GeoDataFrame(geometry=[box(x0, y0, x0 + 3000, y0 + 3000)], crs="EPSG:27700").to_crs("EPSG:4326") \
        .to_file(tmp_path / "county_outline.geojson")
    before = len(view.canvas.scene().items())
    view.set_base_layers(tmp_path)
    # Both settings gaining places are in Toyton: one callout names the town, so no separate town label.
    labels = [i.text for i in view.canvas.scene().items() if isinstance(getattr(i, "text", None), str)]
    assert labels == ["Toyton: +12 places"]
    roads = gpd.GeoDataFrame({"highway": ["primary", "residential"]},
                             geometry=[LineString([(x0, y0), (x0 + 3000, y0 + 3000)]),
                                       LineString([(x0, y0 + 3000), (x0 + 3000, y0)])], crs="EPSG:27700")
    view.set_road_layer(roads)
    # a town dot in, two callouts become one; then an a-road and a local path
    assert len(view.canvas.scene().items()) == before + 1 - 1 + 2
    view.set_road_layer(None)
    assert len(view.canvas.scene().items()) == before


def test_no_scenario_clears_the_map(view):
    view.set_scenario(None)
    assert view.canvas.scene().items() == [] and view.area_items == {}
    view.set_year(2026)
    view.set_result(None)
    assert view.canvas.title == ""


def visible_label_boxes(view):
    boxes = []
    for item in view.label_items.values():
        if item.isVisible():
            at = view.canvas.mapFromScene(item.pos())
            boxes.append(item.box().translated(at.x(), at.y()))
    return boxes


def test_sample_labels_never_overlap_and_hide_when_zoomed_out(qtbot):
    import itertools

    from sufficiency_app.infra import resources
    from sufficiency_app.io import read_scenario
    from sufficiency_app.present import map_data

    scenario = read_scenario(resources.sample_scenario_path())
    view = CountyMapView()
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_scenario(scenario)
    view.set_base_layers(resources.maps_dir())
    table = map_data.setting_table(scenario, None, scenario.years[0])
    table["planned_places"] = (table["kind"] != "mainstream") * 8.0  # every setting grows: the worst crowding
    table["first_new_year"] = scenario.years[1]
    view._groups = __import__("sufficiency_app.present.map_labels", fromlist=["x"]).group_new_places(table, view._towns)
    view._rebuild_labels()
    view.canvas.grab()  # paints the legend, whose place the labels avoid
    view.relayout_labels()
    boxes = visible_label_boxes(view)
    assert len(boxes) > 10
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b)
    legend = view.canvas.furniture[-1]
    assert not any(b.intersects(legend) for b in boxes)
    assert any(key.startswith("g") and item.isVisible() for key, item in view.label_items.items())
    view.canvas.scale(0.25, 0.25)
    view.relayout_labels()
    assert 0 < len(visible_label_boxes(view)) < len(boxes)


def test_text_scale_enlarges_labels_and_legend(view, qtbot):
    view.set_base_layers(__import__("sufficiency_app.infra.resources", fromlist=["x"]).maps_dir())
    qtbot.wait(50)
    before = max(item.size.height() for item in view.label_items.values())
    view.canvas.grab()
    legend_before = view.canvas.furniture[-1]
    view.set_text_scale(1.6)
    view.canvas.grab()
    assert max(item.size.height() for item in view.label_items.values()) > 1.3 * before
    legend_after = view.canvas.furniture[-1]
    assert legend_after.width() > 1.3 * legend_before.width()
    viewport = view.canvas.viewport().rect()
    assert viewport.contains(legend_after.toAlignedRect())  # never clipped: columns when too tall


def test_fit_keeps_the_county_clear_of_the_legend_in_a_wide_view(view, qtbot):
    view.resize(900, 420)
    qtbot.wait(30)
    view.canvas.grab()  # paints the legend, whose width the fit makes room for
    view.canvas.fit()
    legend = view.canvas.furniture[-1].toAlignedRect()
    county = view.canvas.mapFromScene(view.canvas._extent).boundingRect()
    assert view.canvas.viewport().rect().contains(county)
    assert not county.intersects(legend), (county, legend)
