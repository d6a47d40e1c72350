"""The county map: areas coloured by a measure, settings as markers, flows to a chosen setting.

``CountyMapView`` is what the main window embeds. Polygons are turned into
painter paths once per scenario; changing the measure, year, filter or plan
only recolours items, so the map stays smooth with a thousand areas. The
numbers come from :mod:`sufficiency_app.present.map_data`; this module only draws.

Run ``python -m sufficiency_app.ui.map_view [SCENARIO]`` for a quick look.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGraphicsItem,
    QGraphicsLineItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..infra import resources
from ..infra.errors import ScenarioError
from ..infra.formatting import academic_year
from ..io import read_scenario
from ..io.results import read_results
from ..model.codes import NEED_NAMES, PHASE_NAMES
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from ..model.travel import area_points
from ..present import map_data, map_labels
from ..present.symbols import SYMBOLS, kind_label, symbol
from ..solver import solve
from . import map_layers
from .map_canvas import MapCanvas
from .map_items import AreaItem, LabelItem, SettingItem, geometry_path, marker_radius, scene_point
from .map_overlay import Legend
from .palettes import FLOW_COLOUR, NO_DATA_COLOUR, fill_colour, sequential
from .view_export import export_view

CLASSES = 5
Z_AREAS, Z_FLOWS, Z_SETTINGS, Z_LABELS = 0.0, 3.0, 5.0, 7.0
UNIT_SUFFIX = {"children": "", "minutes": " min", "%": "%"}
MEASURES = map_data.MEASURES  # the names set_measure accepts, with labels


def format_value(value: float, unit: str) -> str:
    """A measure value for tooltips and the detail panel, British style."""
    if value != value:
        return "no data"
    digits = 0 if unit == "%" or abs(value) >= 20 else 1
    return f"{value:,.{digits}f}{UNIT_SUFFIX.get(unit, '')}"


def size_key(settings: pd.DataFrame) -> list[tuple[float, float]]:
    """Three marker sizes for the legend, (places, radius): round numbers spanning the settings shown."""
    if settings is None or settings.empty:
        return []
    places = settings.loc[settings["kind"] != "mainstream", "capacity"].astype(float)
    places = places[places > 0]
    if places.empty:
        return []
    top = float(places.max())
    nice = [v for v in (10, 20, 50, 100, 200, 300, 500, 1000, 2000) if v <= top] or [round(top)]
    picks = sorted({nice[0], nice[len(nice) // 2], nice[-1]})
    return [(float(v), marker_radius("special", v)) for v in picks]


class CountyMapView(QWidget):
    """The county map with its controls, year slider and detail panel.

    Parameters
    ----------
    controls
        Show the measure selector and the fit button above the map.
    slider
        Show the year slider under the map (the owner can also call
        :meth:`set_year`).
    """

    settingClicked = Signal(str)  # noqa: N815 (Qt signal naming)
    areaClicked = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None, controls: bool = True, slider: bool = True):
        super().__init__(parent)
        self.canvas = MapCanvas(self)
        self.scenario: Scenario | None = None
        self.result: PlanResult | None = None
        self.year: int | None = None
        self.measure = "demand"
        self.need: str | None = None
        self.phase: str | None = None
        self.tier: str | None = None
        self.selected_setting: str | None = None
        self.area_items: dict[str, AreaItem] = {}
        self.setting_items: dict[str, SettingItem] = {}
        self.flow_items: list[QGraphicsLineItem] = []
        self._layers: dict[str, gpd.GeoDataFrame] = {}
        self._road_layer: gpd.GeoDataFrame | None = None
        self._layer_items: list[QGraphicsItem] = []
        self._area_names: dict[str, str] = {}
        self._points: pd.DataFrame | None = None
        self._values: dict[int, pd.Series] = {}
        self._edges = np.array([])
        self._zero_class = False
        self._settings = pd.DataFrame()
        self._detail_key: tuple[str, str] | None = None
        self._towns = map_labels.town_table(None)
        self._groups: list[map_labels.PlaceGroup] = []
        self.max_callouts: int | None = None  # callouts for the largest groups only (None: every group)
        self.label_items: dict[str, LabelItem] = {}  # "g0".. callouts, "t<name>" town names
        self._layout_timer = QTimer(self, singleShot=True, interval=15)
        self._layout_timer.timeout.connect(self.relayout_labels)
        self._build_ui(controls, slider)
        self.canvas.viewChanged.connect(self._layout_timer.start)

    # ----------------------------------------------------------------- layout
    def _build_ui(self, controls: bool, slider: bool) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        self.measure_box = QComboBox()
        for name, m in map_data.MEASURES.items():
            self.measure_box.addItem(m.label, name)
        self.measure_box.currentIndexChanged.connect(lambda _i: self.set_measure(self.measure_box.currentData()))
        fit = QPushButton("Fit county")
        fit.setToolTip("Zoom to show the whole county (wheel zooms, drag pans)")
        fit.clicked.connect(self.canvas.fit)
        bar.addWidget(QLabel("Colour areas by"))
        bar.addWidget(self.measure_box)
        bar.addStretch(1)
        bar.addWidget(fit)
        bar_widget = QWidget()
        bar_widget.setLayout(bar)
        bar_widget.setVisible(controls)
        layout.addWidget(bar_widget)

        middle = QHBoxLayout()
        middle.setSpacing(0)
        middle.addWidget(self.canvas, 1)
        self.detail = QFrame()
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail.setFixedWidth(270)
        detail_layout = QVBoxLayout(self.detail)
        head = QHBoxLayout()
        self.detail_title = QLabel()
        self.detail_title.setWordWrap(True)
        self.detail_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        close = QToolButton()
        close.setText("\u00d7")
        close.setToolTip("Close the details and clear the selection")
        close.clicked.connect(self.clear_selection)
        head.addWidget(self.detail_title, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        detail_layout.addLayout(head)
        self.detail_body = QLabel()
        self.detail_body.setWordWrap(True)
        self.detail_body.setTextFormat(Qt.TextFormat.RichText)
        self.detail_body.setAlignment(Qt.AlignmentFlag.AlignTop)
        detail_layout.addWidget(self.detail_body, 1)
        self.detail.setVisible(False)
        middle.addWidget(self.detail)
        layout.addLayout(middle, 1)

        years = QHBoxLayout()
        years.setContentsMargins(8, 0, 8, 6)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self.set_year)
        self.year_label = QLabel("")
        self.year_label.setMinimumWidth(60)
        years.addWidget(QLabel("Year"))
        years.addWidget(self.slider, 1)
        years.addWidget(self.year_label)
        slider_widget = QWidget()
        slider_widget.setLayout(years)
        slider_widget.setVisible(slider)
        layout.addWidget(slider_widget)
        self.canvas.clicked.connect(self._on_clicked)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(900, 720)

    # ---------------------------------------------------------- public calls
    def set_scenario(self, scenario: Scenario | None) -> None:
        """Draw a scenario's areas and settings (builds the paths; call once per scenario)."""
        self.scenario = scenario
        self.selected_setting = None
        scene = self.canvas.scene()
        scene.clear()
        self.area_items, self.setting_items, self.flow_items, self._layer_items = {}, {}, [], []
        self.label_items, self._groups = {}, []
        self._points, self._detail_key = None, None
        self._values, self._settings = {}, pd.DataFrame()
        self.detail.setVisible(False)
        if scenario is None:
            self.canvas.legend = Legend()
            self.canvas.title = self.canvas.subtitle = ""
            self.canvas.viewport().update()
            return
        areas = scenario.areas
        ids = areas["area_id"].astype(str).tolist()
        self._area_names = dict(zip(ids, areas["name"].astype(str)))
        geoms = shapely.simplify(areas.geometry.to_numpy(), map_layers.SIMPLIFY_M, preserve_topology=True)
        for area_id, geom in zip(ids, geoms):
            item = AreaItem(area_id, geometry_path(geom))
            item.setZValue(Z_AREAS)
            scene.addItem(item)
            self.area_items[area_id] = item
        settings = map_data.setting_table(scenario, None, scenario.years[0])
        for row in settings.itertuples(index=False):
            item = SettingItem(str(row.setting_id), str(row.kind))
            item.setPos(scene_point(row.easting, row.northing))
            item.setZValue(Z_SETTINGS + (0.5 if row.kind != "mainstream" else 0.0))
            scene.addItem(item)
            self.setting_items[str(row.setting_id)] = item
        self._draw_layers()
        self._regroup(force=True)  # town names before any plan
        minx, miny, maxx, maxy = areas.total_bounds
        self.canvas.set_extent(QRectF(QPointF(minx, -maxy), QPointF(maxx, -miny)))
        years = scenario.years
        self.year = self.year if self.year in years else years[0]
        self.slider.blockSignals(True)
        self.slider.setRange(years[0], years[-1])
        self.slider.setValue(self.year)
        self.slider.blockSignals(False)
        self._refresh_all()

    def set_result(self, result: PlanResult | None) -> None:
        """Show a plan (None: the scenario's inputs only)."""
        self.result = result
        self._refresh_all()

    def set_year(self, year: int) -> None:
        """Show one plan year (clamped to the scenario's years)."""
        if self.scenario is not None:
            years = self.scenario.years
            year = min(max(int(year), years[0]), years[-1])
        self.year = int(year)
        if self.slider.value() != self.year:
            self.slider.blockSignals(True)
            self.slider.setValue(self.year)
            self.slider.blockSignals(False)
        self.year_label.setText(academic_year(self.year))
        if self.scenario is None:
            return
        self._refresh_areas()
        self._refresh_settings()
        self._refresh_flows()
        self._refresh_detail()

    def set_measure(self, name: str) -> None:
        """Colour areas by one of :data:`MEASURES`."""
        if name not in MEASURES:
            raise KeyError(f"unknown measure {name!r}; choose one of {', '.join(MEASURES)}")
        self.measure = name
        index = self.measure_box.findData(name)
        if index != self.measure_box.currentIndex():
            self.measure_box.blockSignals(True)
            self.measure_box.setCurrentIndex(index)
            self.measure_box.blockSignals(False)
        self._recompute_classes()
        self._refresh_areas()

    def set_filter(self, need: str | None = None, phase: str | None = None, tier: str | None = None) -> None:
        """Restrict demand, placements and flows to a need, phase and/or tier (None = all)."""
        self.need, self.phase, self.tier = need, phase, tier
        self._recompute_classes()
        self._refresh_areas()
        self._refresh_flows()
        self._refresh_detail()

    def set_base_layers(self, folder: str | Path) -> None:
        """Draw ``county_outline``, ``towns`` and ``roads`` GeoJSON files found in ``folder``."""
        self._layers = map_layers.read_base_layers(folder)
        if "towns" in self._layers:
            self._towns = map_labels.town_table(self._layers["towns"])
        self._draw_layers()
        self._regroup(force=True)

    def set_towns(self, towns: pd.DataFrame) -> None:
        """Town dots and names (a :func:`~sufficiency_app.present.map_labels.town_table`); only those near the county show."""
        self._towns = towns
        self._draw_layers()
        self._regroup(force=True)

    def _nearby_towns(self) -> pd.DataFrame:
        """Towns within 10 km of the scenario's areas: the bundled towns are one county's."""
        if self.scenario is None or self._towns.empty:
            return self._towns.iloc[0:0]
        minx, miny, maxx, maxy = self.scenario.areas.total_bounds
        pad = 10_000.0
        near = self._towns["x"].between(minx - pad, maxx + pad) & self._towns["y"].between(miny - pad, maxy + pad)
        return self._towns.loc[near]

    def set_text_scale(self, scale: float) -> None:
        """Make labels, legend and furniture ``scale`` times their desk size (workshop on a projector)."""
        self.canvas.text_scale = float(scale)
        self._rebuild_labels()
        self.canvas.viewport().update()

    def set_max_callouts(self, most: int | None) -> None:
        """Callouts for the ``most`` largest groups of new places only (a small map); the others keep their
        markers and tooltips, and their towns' names show. None: every group."""
        if most != self.max_callouts:
            self.max_callouts = most
            self._rebuild_labels()

    def set_road_layer(self, roads: gpd.GeoDataFrame | None) -> None:
        """Draw a road network (replaces ``roads.geojson``); None removes it."""
        if roads is not None and roads.crs is not None and roads.crs != map_layers.CRS:
            roads = roads.to_crs(map_layers.CRS)
        self._road_layer = roads
        self._draw_layers()

    def select_setting(self, setting_id: str | None) -> None:
        """Highlight a setting and draw flow lines from its children's home areas (None clears)."""
        if self.selected_setting in self.setting_items:
            self.setting_items[self.selected_setting].set_selected(False)
        self.selected_setting = setting_id if setting_id in self.setting_items else None
        if self.selected_setting is not None:
            self.setting_items[self.selected_setting].set_selected(True)
        self._refresh_flows()
        self._refresh_legend()

    def clear_selection(self) -> None:
        self.select_setting(None)
        self.detail.setVisible(False)
        self._detail_key = None

    def export_image(self, path: str | Path) -> Path:
        """Save the map as seen, with title, legend, scale bar and north arrow: PNG (at 2x) or SVG by suffix."""
        self.canvas.grab()  # paint the furniture first: the labels keep clear of it
        self.relayout_labels()
        return export_view(self.canvas, path, self.canvas.title or "County map", self.canvas.subtitle)

    # -------------------------------------------------------------- drawing
    def _draw_layers(self) -> None:
        scene = self.canvas.scene()
        for item in self._layer_items:
            scene.removeItem(item)
        items: list[QGraphicsItem] = []
        roads = self._road_layer if self._road_layer is not None else self._layers.get("roads")
        if roads is not None and len(roads):
            items += map_layers.road_items(roads)
        if "outline" in self._layers:
            items += map_layers.outline_items(shapely.union_all(self._layers["outline"].geometry.to_numpy()))
        elif self.scenario is not None:
            items += map_layers.outline_items(shapely.union_all(self.scenario.areas.geometry.to_numpy()))
        items += map_layers.town_items(self._nearby_towns())
        for item in items:
            scene.addItem(item)
        self._layer_items = items

    def _refresh_all(self) -> None:
        if self.scenario is None:
            return
        if self.selected_setting is not None and self.result is None:
            self.select_setting(None)
        self._recompute_classes()
        self.set_year(self.year if self.year is not None else self.scenario.years[0])

    def _recompute_classes(self) -> None:
        """Measure values for every year, and class breaks shared by all years so the slider compares like with like."""
        if self.scenario is None:
            return
        self._values = {
            y: map_data.area_measure(self.scenario, self.result, y, self.measure, self.need, self.phase, self.tier)
            for y in self.scenario.years
        }
        values = pd.concat(self._values.values()).to_numpy()
        counted = map_data.MEASURES[self.measure].unit != "minutes"
        self._zero_class = counted and bool((values == 0).any())
        classes = CLASSES - 1 if self._zero_class else CLASSES
        self._edges = map_data.class_breaks(values[values > 0] if self._zero_class else values, classes,
                                            whole=self._whole())

    def _whole(self) -> bool:
        return map_data.MEASURES[self.measure].unit == "children"

    def _legend_classes(self) -> list[tuple[QColor, str]]:
        """Colour and label of every class, a class of its own for zero first when there is one."""
        unit = map_data.MEASURES[self.measure].unit
        labels = map_data.class_labels(self._edges, unit, self._whole()) if len(self._edges) else []
        if self._zero_class:
            labels = ["None" if unit == "children" else "0%"] + labels
        return list(zip(sequential(len(labels)), labels))

    def _refresh_areas(self) -> None:
        if self.scenario is None or self.year not in self._values:
            return
        values = self._values[self.year]
        measure = map_data.MEASURES[self.measure]
        colours = [colour for colour, _label in self._legend_classes()]
        classes = map_data.classify(values.to_numpy(), self._edges, self._zero_class)
        no_data = QBrush(QColor(NO_DATA_COLOUR))
        for (area_id, value), cls in zip(values.items(), classes):
            item = self.area_items.get(area_id)
            if item is None:
                continue
            item.setBrush(no_data if cls < 0 else QBrush(colours[cls]))
            item.setToolTip(f"<b>{html.escape(self._area_names.get(area_id, area_id))}</b> ({html.escape(area_id)})"
                            f"<br>{html.escape(measure.label)}: {format_value(value, measure.unit)}")
        self._refresh_legend(no_data=bool((classes < 0).any()))
        self._refresh_title()

    def _refresh_title(self) -> None:
        measure = map_data.MEASURES[self.measure]
        parts = [academic_year(self.year)] if self.year is not None else []
        if self.need:
            parts.append(NEED_NAMES.get(self.need, self.need))
        if self.phase:
            parts.append(PHASE_NAMES.get(self.phase, self.phase))
        if self.tier:
            parts.append(f"{self.tier} tier")
        if measure.needs_result and self.result is None:
            parts.append("no plan yet")
        parts.append(self.scenario.name if self.scenario is not None else "")
        self.canvas.title = measure.label
        self.canvas.subtitle = " \u00b7 ".join(p for p in parts if p)
        self.canvas.viewport().update()

    def _refresh_legend(self, no_data: bool | None = None) -> None:
        legend = self.canvas.legend
        measure = map_data.MEASURES[self.measure]
        legend.title = measure.label
        legend.classes = self._legend_classes()
        if no_data is not None:
            legend.no_data = no_data
        order = list(SYMBOLS)
        kinds = {item.kind for item in self.setting_items.values()}
        legend.kinds = [k for k in order if k in kinds]
        legend.sizes = size_key(self._settings) if kinds - {"mainstream"} else []
        legend.fill = self.result is not None and bool(self.setting_items)
        legend.new_places = bool(len(self._settings)) and bool((self._settings["planned_places"] > 0).any())
        legend.flows = bool(self.flow_items)
        self.canvas.viewport().update()

    def _refresh_settings(self) -> None:
        if self.scenario is None:
            return
        self._settings = map_data.setting_table(self.scenario, self.result, self.year)
        for row in self._settings.itertuples(index=False):
            item = self.setting_items.get(str(row.setting_id))
            if item is None:
                continue
            built = row.capacity > 0
            ring = None if row.planned_places <= 0 else "now" if row.new_places > 0 else "later"
            radius = marker_radius(str(row.kind), row.capacity if built else row.planned_places)
            fill = fill_colour(row.fill_ratio) if self.result is not None else QColor(symbol(str(row.kind)).colour)
            item.update_look(radius, fill, built, ring)
            item.setVisible(built or row.planned_places > 0 or self.result is None)
            item.setToolTip(self._setting_tooltip(row))
        self._regroup()
        self._refresh_legend()

    def _regroup(self, force: bool = False) -> None:
        """Group the new places by town again; labels are rebuilt only when the groups change."""
        groups = map_labels.group_new_places(self._settings, self._nearby_towns()) if len(self._settings) else []
        if force or groups != self._groups:
            self._groups = groups
            self._rebuild_labels()

    # --------------------------------------------------------------- labels
    def _rebuild_labels(self) -> None:
        """One callout per town gaining places, and the other towns' names; placed by :meth:`relayout_labels`."""
        scene = self.canvas.scene()
        for item in self.label_items.values():
            scene.removeItem(item)
        self.label_items = {}
        k = self.canvas.text_scale
        for i, group in enumerate(self._groups[:self.max_callouts]):
            item = LabelItem(group.text, 8.5 * k, bold=True, colour="#5A1E45", boxed=True)
            item.setToolTip("<br>".join(html.escape(line) for line in [group.text, *group.detail()]))
            item.setPos(scene_point(group.x, group.y))
            self.label_items[f"g{i}"] = item
        named = {g.title for g in self._groups[:self.max_callouts]}
        for row in self._nearby_towns().itertuples(index=False):
            if row.name in named:
                continue  # its callout names it
            item = LabelItem(row.name, (9.0 if row.rank == 0 else 8.0) * k, bold=row.rank <= 1)
            item.setPos(scene_point(row.x, row.y))
            self.label_items[f"t{row.name}"] = item
        for item in self.label_items.values():
            item.setZValue(Z_LABELS)
            item.setVisible(False)
            scene.addItem(item)
        self._layout_timer.start()

    def relayout_labels(self) -> None:
        """Place every label for the current zoom so none overlaps another, a marker or the legend; hide the rest."""
        if not self.label_items:
            return
        canvas = self.canvas

        def measure(key: str, _text: str, _x: float, _y: float) -> tuple[float, float, float, float]:
            item = self.label_items[key]
            at, size = canvas.mapFromScene(item.pos()), item.size
            return at.x(), at.y(), size.width(), size.height()

        requests = map_labels.town_requests(self._groups[:self.max_callouts], self._nearby_towns(), measure)
        obstacles = [(r.left(), r.top(), r.right(), r.bottom()) for r in canvas.furniture]
        markers = []
        for item in self.setting_items.values():
            if item.isVisible():
                at, r = canvas.mapFromScene(item.pos()), item.path().boundingRect()
                markers.append((at.x() + r.left(), at.y() + r.top(), at.x() + r.right(), at.y() + r.bottom()))
        view = canvas.viewport().rect()
        placed = map_labels.layout_labels(requests, (4, 4, view.width() - 4, view.height() - 4), obstacles,
                                          markers=markers)
        for key, item in self.label_items.items():
            spot = placed[key]
            item.setVisible(spot.visible)
            if spot.visible:
                left, top = spot.box[0] - spot.anchor[0], spot.box[1] - spot.anchor[1]
                item.place(left, top, spot.leader)

    def _setting_tooltip(self, row, with_name: bool = True) -> str:
        lines = [f"<b>{html.escape(str(row.name))}</b>"] if with_name else []
        lines.append(kind_label(str(row.kind)))
        if row.capacity > 0:
            lines.append(f"Places in {academic_year(self.year)}: {row.capacity:,.0f}")
        else:
            lines.append("Not open this year" if row.planned_places > 0 else "Option: no places planned")
        if self.result is not None and row.capacity > 0:
            fill = "" if row.fill_ratio != row.fill_ratio else f" ({row.fill_ratio:.0%} full)"
            lines.append(f"Children placed: {row.placed:,.1f}{fill}")
        if row.planned_places > 0:
            years = ", ".join(f"{p:,.0f} in {academic_year(y)}" for y, p in sorted(row.new_by_year.items()))
            lines.append(f"New places: {years}")
        return "<br>".join(lines)

    def _area_point_table(self) -> pd.DataFrame:
        if self._points is None:
            self._points = area_points(self.scenario).set_index("area_id")
        return self._points

    def _refresh_flows(self) -> None:
        scene = self.canvas.scene()
        for item in self.flow_items:
            scene.removeItem(item)
        self.flow_items = []
        if self.scenario is None or self.selected_setting is None or self.result is None:
            self._refresh_legend()
            return
        table = map_data.flows(self.result, self.selected_setting, self.year, self.need, self.phase, self.tier)
        if table.empty:
            self._refresh_legend()
            return
        points = self._area_point_table()
        target = self.setting_items[self.selected_setting].pos()
        biggest = float(table["count"].max())
        name = self._settings.set_index("setting_id").loc[self.selected_setting, "name"]
        colour = QColor(FLOW_COLOUR)
        colour.setAlpha(190)
        for row in table.itertuples(index=False):
            if row.area_id not in points.index:
                continue
            x, y = points.loc[row.area_id, ["x", "y"]]
            line = QGraphicsLineItem(scene_point(x, y).x(), scene_point(x, y).y(), target.x(), target.y())
            pen = QPen(colour, 1.0 + 6.0 * row.count / biggest, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            line.setPen(pen)
            line.setZValue(Z_FLOWS)
            minutes = "" if row.minutes != row.minutes else f", {row.minutes:,.0f} min"
            line.setToolTip(f"{html.escape(self._area_names.get(row.area_id, row.area_id))} \u2192 "
                            f"{html.escape(str(name))}: {row.count:,.1f} children{minutes}")
            scene.addItem(line)
            self.flow_items.append(line)
        self._refresh_legend()

    # --------------------------------------------------------------- clicks
    def _on_clicked(self, kind: str, item_id: str) -> None:
        self._detail_key = (kind, item_id)
        if kind == "setting":
            self.select_setting(item_id)
            self.settingClicked.emit(item_id)
        else:
            self.areaClicked.emit(item_id)
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        if self._detail_key is None or self.scenario is None:
            return
        kind, item_id = self._detail_key
        if kind == "setting":
            rows = self._settings.loc[self._settings["setting_id"] == item_id]
            if rows.empty:
                return
            row = next(rows.itertuples(index=False))
            title = str(row.name)
            body = self._setting_tooltip(row, with_name=False)
            flows = map_data.flows(self.result, item_id, self.year, self.need, self.phase, self.tier)
            if len(flows):
                body += (f"<br><br><b>Home areas</b> ({len(flows)}; {flows['count'].sum():,.1f} children)<br>"
                         + "<br>".join(f"{html.escape(self._area_names.get(a, a))}: {c:,.1f}"
                                       for a, c in zip(flows["area_id"][:8], flows["count"][:8])))
        else:
            title = self._area_names.get(item_id, item_id)
            lines = [f"Area {html.escape(item_id)}, {academic_year(self.year)}"]
            for name, m in map_data.MEASURES.items():
                value = map_data.area_measure(self.scenario, self.result, self.year, name,
                                              self.need, self.phase, self.tier)[item_id]
                lines.append(f"{html.escape(m.label)}: <b>{format_value(value, m.unit)}</b>")
            body = "<br>".join(lines)
        self.detail_title.setText(title)
        self.detail_body.setText(body)
        self.detail.setVisible(True)



def preview_parser(description: str, save_help: str) -> argparse.ArgumentParser:
    """Arguments shared by the panels' stand-alone previews: a scenario, its results, a file to save."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("scenario", nargs="?", help="scenario folder or .xlsx (default: sample_data/wiltshire)")
    parser.add_argument("--results", help="a results folder to show instead of solving")
    parser.add_argument("--save", help=save_help)
    return parser


def load_for_preview(path: str | None, results: str | None = None) -> tuple[Scenario, PlanResult | None] | None:
    """The scenario at ``path`` (default: the sample county) and a plan: read from ``results`` or solved.

    Returns None after printing the problems when the scenario cannot be read.
    """
    try:
        scenario = read_scenario(Path(path) if path else resources.sample_scenario_path())
    except ScenarioError as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        return None
    return scenario, read_results(results) if results else solve(scenario)


def main(argv: list[str] | None = None) -> int:
    """Show the map of a scenario (default: the sample county), or save a screenshot."""
    parser = preview_parser("Show the county map of a scenario.", "write the map to this PNG/SVG and exit")
    parser.add_argument("--maps", default=str(resources.maps_dir()), help="folder of base-layer GeoJSON files (default: the bundled maps/)")
    parser.add_argument("--measure", default="demand", choices=list(MEASURES))
    parser.add_argument("--year", type=int)
    parser.add_argument("--setting", help="select this setting to show its flows")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loaded = load_for_preview(args.scenario, args.results)
    if loaded is None:
        return 1
    scenario, result = loaded
    view = CountyMapView()
    view.resize(1100, 820)
    view.set_scenario(scenario)
    if Path(args.maps).is_dir():
        view.set_base_layers(args.maps)
    view.set_result(result)
    view.set_measure(args.measure)
    if args.year:
        view.set_year(args.year)
    if args.setting:
        view.canvas.clicked.emit("setting", args.setting)
    if args.save:
        view.show()
        app.processEvents()
        view.canvas.fit()
        print(view.export_image(args.save))
        return 0
    view.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
