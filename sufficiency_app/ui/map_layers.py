"""Base layers under and over the areas: county outline, roads by class, town dots.

Read from the ``maps/`` GeoJSON files (any CRS, reprojected to British
National Grid) or given as a road-network GeoDataFrame. Each layer becomes
a few graphics items; roads are merged into one path per class so even a
large network draws quickly.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPathItem

from ..infra.errors import Problem, ScenarioError
from ..roads.speeds import CLASS_COLUMNS, road_class
from .map_items import geometry_path, scene_point

CRS = "EPSG:27700"
LAYER_FILES = {"outline": "county_outline.geojson", "towns": "towns.geojson", "roads": "roads.geojson"}
Z_ROADS, Z_OUTLINE, Z_TOWNS = 1.0, 2.0, 4.0

# road class -> (colour, width in pixels), drawn from minor to major so major roads lie on top
ROAD_STYLE: dict[str, tuple[str, float]] = {
    "local": ("#8A8A8A", 0.5),
    "minor": ("#7A7A7A", 0.7),
    "b_road": ("#5E5E5E", 1.0),
    "a_road": ("#3F3F3F", 1.6),
    "motorway": ("#1F1F1F", 2.4),
}
SIMPLIFY_M = 5.0  # metres; far below a pixel at county zoom


def read_layer(path: Path) -> gpd.GeoDataFrame:
    """One GeoJSON/GeoPackage layer in British National Grid; a clear ScenarioError if unreadable."""
    try:
        layer = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for a broken file
        raise ScenarioError([Problem("error", path.name, None, None, "", "a readable GeoJSON file",
                                     f"could not read the map layer: {exc}")]) from exc
    if layer.crs is None:
        raise ScenarioError([Problem("error", path.name, None, None, "", "a coordinate reference system",
                                     "the map layer has no coordinate reference system")])
    return layer.to_crs(CRS) if layer.crs != CRS else layer


def read_base_layers(folder: str | Path) -> dict[str, gpd.GeoDataFrame]:
    """The base layers present in a folder, keyed ``outline``, ``towns``, ``roads``."""
    folder = Path(folder)
    return {key: read_layer(folder / name) for key, name in LAYER_FILES.items() if (folder / name).exists()}


def _cosmetic(colour: str | QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour), width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    pen.setCosmetic(True)
    return pen


def road_classes(roads: gpd.GeoDataFrame) -> pd.Series:
    """The planner's road class of each link (``local`` where unknown), as the road reader classes them."""
    columns = {str(c).lower(): c for c in roads.columns}
    for name in ("road_class", *CLASS_COLUMNS):
        if name in columns:
            return roads[columns[name]].map(road_class).fillna("local").astype(str)
    return pd.Series("local", index=roads.index)


def outline_items(geometry: shapely.Geometry) -> list[QGraphicsItem]:
    """The county boundary: a white casing under a dark line, no fill.

    Only outer rings are drawn (slivers between areas would show as holes),
    simplified to 20 m: thick cosmetic pens on a detailed path are slow to paint.
    """
    polygons = [p for p in shapely.get_parts(geometry) if isinstance(p, shapely.Polygon)]
    rings = shapely.simplify(shapely.MultiLineString([p.exterior for p in polygons]), 20.0)
    path = geometry_path(rings)
    items = []
    for colour, width in (("#FFFFFF", 4.0), ("#2B2B2B", 1.6)):
        item = QGraphicsPathItem(path)
        item.setPen(_cosmetic(colour, width))
        item.setBrush(Qt.BrushStyle.NoBrush)
        item.setZValue(Z_OUTLINE)
        items.append(item)
    return items


def road_items(roads: gpd.GeoDataFrame) -> list[QGraphicsItem]:
    """One path item per road class, major classes over minor ones."""
    classes = road_classes(roads)
    geoms = shapely.simplify(roads.geometry.to_numpy(), SIMPLIFY_M)
    items = []
    for order, (cls, (colour, width)) in enumerate(ROAD_STYLE.items()):
        mask = (classes == cls).to_numpy()
        if not mask.any():
            continue
        path = QPainterPath()
        for geom in geoms[mask]:
            path.addPath(geometry_path(geom))
        item = QGraphicsPathItem(path)
        c = QColor(colour)
        c.setAlpha(170)
        item.setPen(_cosmetic(c, width))
        item.setBrush(Qt.BrushStyle.NoBrush)
        item.setZValue(Z_ROADS + order * 0.01)
        items.append(item)
    return items


def town_items(towns: pd.DataFrame) -> list[QGraphicsItem]:
    """A dot per town of a :func:`~sufficiency_app.present.map_labels.town_table`, bigger for large towns.

    The names are labels the map lays out itself, so they never collide.
    """
    items: list[QGraphicsItem] = []
    for row in towns.itertuples(index=False):
        r = 3.0 if row.rank == 0 else 2.5
        dot = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
        dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        dot.setPos(scene_point(row.x, row.y))
        dot.setBrush(QBrush(QColor("#1A1A1A")))
        dot.setPen(QPen(QColor("#FFFFFF"), 1.0))
        dot.setZValue(Z_TOWNS)
        items.append(dot)
    return items
