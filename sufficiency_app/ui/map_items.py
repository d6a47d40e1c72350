"""The map's graphics items: area polygons, setting markers, labels, and geometry-to-path conversion.

Scene coordinates are British National Grid metres with y negated (Qt's y
grows downwards), so the scene can be zoomed with one transform. Paths are
built once per scenario; a change of measure or year only sets brushes.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem, QWidget

from ..present.symbols import CALLOUT_EDGE, NEW_PLACES_COLOUR, symbol

ROLE_KIND = 0  # item.data(ROLE_KIND) is "area" or "setting" on clickable items
ROLE_ID = 1

AREA_EDGE = QColor(255, 255, 255, 170)
HOVER_EDGE = QColor("#000000")


def scene_point(easting: float, northing: float) -> QPointF:
    """A British National Grid point in scene coordinates."""
    return QPointF(float(easting), -float(northing))


def _polygon(coords: np.ndarray) -> QPolygonF:
    return QPolygonF([QPointF(x, -y) for x, y in coords[:, :2]])


def geometry_path(geometry: shapely.Geometry) -> QPainterPath:
    """A painter path for any (multi)polygon or (multi)line geometry, in scene coordinates.

    Polygon holes are kept (odd-even fill); lines become open subpaths.
    """
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    if geometry is None or geometry.is_empty:
        return path
    for part in shapely.get_parts(geometry):
        if isinstance(part, shapely.Polygon):
            for ring in (part.exterior, *part.interiors):
                path.addPolygon(_polygon(np.asarray(ring.coords)))
                path.closeSubpath()
        elif isinstance(part, shapely.LineString):
            coords = np.asarray(part.coords)
            path.moveTo(coords[0, 0], -coords[0, 1])
            for x, y in coords[1:, :2]:
                path.lineTo(x, -y)
        elif isinstance(part, shapely.GeometryCollection):
            path.addPath(geometry_path(part))
    return path


def marker_path(kind: str, radius: float) -> QPainterPath:
    """The marker shape of a setting kind (from :mod:`sufficiency_app.present.symbols`), centred on (0, 0), in pixels."""
    path = QPainterPath()
    r = radius
    shape = symbol(kind).shape
    if shape == "square":
        path.addRect(QRectF(-r * 0.9, -r * 0.9, 1.8 * r, 1.8 * r))
    elif shape == "triangle":
        h = r * 1.15
        path.addPolygon(QPolygonF([QPointF(0, -h), QPointF(h * 0.95, h * 0.7), QPointF(-h * 0.95, h * 0.7)]))
        path.closeSubpath()
    elif shape == "diamond":
        path.addPolygon(QPolygonF([QPointF(0, -r * 1.2), QPointF(r * 1.2, 0), QPointF(0, r * 1.2),
                                   QPointF(-r * 1.2, 0)]))
        path.closeSubpath()
    else:
        path.addEllipse(QPointF(0, 0), r, r)
    return path


def marker_radius(kind: str, capacity: float) -> float:
    """Marker size in pixels: area grows with capacity, within readable limits."""
    if kind == "mainstream":
        return 3.0
    return float(min(16.0, 4.0 + 0.6 * math.sqrt(max(capacity, 0.0))))


class AreaItem(QGraphicsPathItem):
    """One planning area: a filled polygon that outlines itself under the mouse."""

    def __init__(self, area_id: str, path: QPainterPath):
        super().__init__(path)
        self.setData(ROLE_KIND, "area")
        self.setData(ROLE_ID, area_id)
        pen = QPen(AREA_EDGE, 0.6)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setAcceptHoverEvents(True)

    def hoverEnterEvent(self, event) -> None:  # noqa: N802 (Qt name)
        pen = QPen(HOVER_EDGE, 2.0)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(self.zValue() + 0.5)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        pen = QPen(AREA_EDGE, 0.6)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(self.zValue() - 0.5)
        super().hoverLeaveEvent(event)


class LabelItem(QGraphicsItem):
    """A label that keeps its pixel size at every zoom: town names (haloed text) and new-place callouts (boxed).

    The item sits on its anchor; :meth:`place` puts the text box at an
    offset in pixels, and a leader line joins a moved callout to its anchor.
    """

    PAD = 4.0

    def __init__(self, text: str, point_size: float = 8.5, bold: bool = False, colour: str = "#222222",
                 boxed: bool = False, edge: str = CALLOUT_EDGE, parent: QGraphicsItem | None = None):
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._font = QFont("Sans Serif")
        self._font.setPointSizeF(point_size)
        self._font.setBold(bold)
        self._colour, self._edge = QColor(colour), QColor(edge)
        self.boxed = boxed
        self.leader = False
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self.text = text
        metrics = QFontMetricsF(self._font)
        pad = self.PAD if self.boxed else 1.5
        self.size = QSizeF(metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + 2 * pad)
        self._box = QRectF(QPointF(6, -self.size.height() / 2), self.size)
        self._path = QPainterPath()
        self._baseline = QPointF(pad, pad + metrics.ascent())
        self._path.addText(self._baseline, self._font, text)

    def place(self, left: float, top: float, leader: bool) -> None:
        """Put the box's top-left corner ``(left, top)`` pixels from the anchor; draw a leader if ``leader``."""
        self.prepareGeometryChange()
        self._box = QRectF(QPointF(left, top), self.size)
        self.leader = leader

    def box(self) -> QRectF:
        """The text box relative to the anchor, in pixels."""
        return QRectF(self._box)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._box.united(QRectF(-2, -2, 4, 4)).adjusted(-3, -3, 3, 3)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.leader:
            end = QPointF(min(max(0.0, self._box.left()), self._box.right()),
                          min(max(0.0, self._box.top()), self._box.bottom()))
            painter.setPen(QPen(self._edge, 1.6))
            painter.drawLine(QPointF(0, 0), end)
        if self.boxed:
            painter.setPen(QPen(self._edge, 1.2))
            painter.setBrush(QBrush(QColor(255, 255, 255, 240)))
            painter.drawRoundedRect(self._box, 3, 3)
        path = self._path.translated(self._box.topLeft())
        if not self.boxed:
            painter.strokePath(path, QPen(QColor(255, 255, 255, 230), 3.0, Qt.PenStyle.SolidLine,
                                          Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.fillPath(path, QBrush(self._colour))


class SettingItem(QGraphicsPathItem):
    """A setting's marker: shape by kind, size by capacity, fill by kind (fill ratio once planned), ring for new places."""

    def __init__(self, setting_id: str, kind: str):
        super().__init__()
        self.kind = kind
        self.setData(ROLE_KIND, "setting")
        self.setData(ROLE_ID, setting_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptHoverEvents(True)
        self.ring = QGraphicsPathItem(self)
        self.ring.setVisible(False)
        self.selected_ring = QGraphicsPathItem(self)
        self.selected_ring.setVisible(False)

    def update_look(self, radius: float, fill: QColor, built: bool, ring: str | None) -> None:
        """Restyle the marker; ``ring`` is None, ``"now"`` (places have come) or ``"later"`` (still to come)."""
        self.setPath(marker_path(self.kind, radius))
        pen = QPen(QColor("#1A1A1A"), 1.2 if built else 1.0, Qt.PenStyle.SolidLine if built else Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setBrush(QBrush(fill) if built else QBrush(QColor(255, 255, 255, 200)))
        ring_path = QPainterPath()
        ring_path.addEllipse(QPointF(0, 0), radius * 1.35 + 3.5, radius * 1.35 + 3.5)
        self.ring.setPath(ring_path)
        ring_pen = QPen(QColor(NEW_PLACES_COLOUR), 2.6, Qt.PenStyle.SolidLine if ring == "now" else Qt.PenStyle.DotLine)
        self.ring.setPen(ring_pen)
        self.ring.setVisible(ring is not None)
        sel = QPainterPath()
        sel.addEllipse(QPointF(0, 0), radius * 1.35 + 8, radius * 1.35 + 8)
        self.selected_ring.setPath(sel)
        self.selected_ring.setPen(QPen(QColor("#0072B2"), 2.5))

    def set_selected(self, selected: bool) -> None:
        self.selected_ring.setVisible(selected)
