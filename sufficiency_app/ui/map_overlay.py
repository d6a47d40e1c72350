"""Map furniture painted over the view in pixel coordinates: title, legend, scale bar, north arrow.

Painted (not widgets) so that screenshots, PNG and SVG exports carry them
exactly as seen on screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from .map_items import marker_path
from .palettes import FILL_CLASSES, NEW_PLACES_COLOUR, NO_DATA_COLOUR

KIND_LABELS: dict[str, str] = {
    "special": "Special school",
    "resource_base": "Resource base",
    "elp": "Enhanced learning provision",
    "independent": "Independent school",
    "mainstream": "Mainstream school",
}
MARGIN = 12.0


@dataclass
class Legend:
    """What the legend lists: the choropleth classes, the marker kinds present and whether rings show."""

    title: str = ""
    classes: list[tuple[QColor, str]] = field(default_factory=list)
    no_data: bool = False
    kinds: list[str] = field(default_factory=list)
    fill: bool = False
    new_places: bool = False
    flows: bool = False


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _panel(painter: QPainter, rect: QRectF) -> None:
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
    painter.setBrush(QBrush(QColor(255, 255, 255, 235)))
    painter.drawRoundedRect(rect, 4, 4)


def paint_title(painter: QPainter, viewport: QRectF, title: str, subtitle: str) -> None:
    """Title and subtitle in a panel at the top left."""
    if not title:
        return
    big, small = _font(11, True), _font(8.5)
    width = max(QFontMetricsF(big).horizontalAdvance(title), QFontMetricsF(small).horizontalAdvance(subtitle)) + 20
    height = 44 if subtitle else 28
    rect = QRectF(viewport.left() + MARGIN, viewport.top() + MARGIN, width, height)
    _panel(painter, rect)
    painter.setPen(QColor("#111111"))
    painter.setFont(big)
    painter.drawText(QPointF(rect.left() + 10, rect.top() + 19), title)
    if subtitle:
        painter.setFont(small)
        painter.setPen(QColor("#444444"))
        painter.drawText(QPointF(rect.left() + 10, rect.top() + 35), subtitle)


def _rows(legend: Legend) -> list[tuple[str, object, str]]:
    rows: list[tuple[str, object, str]] = []
    if legend.classes or legend.no_data:
        rows.append(("heading", None, legend.title))
        rows += [("swatch", colour, label) for colour, label in legend.classes]
        if legend.no_data:
            rows.append(("swatch", QColor(NO_DATA_COLOUR), "No children / no plan"))
    if legend.kinds:
        rows.append(("heading", None, "Settings (size = places)"))
        rows += [("kind", kind, KIND_LABELS.get(kind, kind)) for kind in legend.kinds]
    if legend.fill:
        rows.append(("heading", None, "Places filled"))
        rows += [("fill", QColor(colour), label) for _upper, label, colour in FILL_CLASSES]
    if legend.new_places or legend.flows:
        rows.append(("heading", None, "Plan"))
        if legend.new_places:
            rows.append(("ring", None, "New places (year they open)"))
        if legend.flows:
            rows.append(("flow", None, "Children travelling to selected setting"))
    return rows


def paint_legend(painter: QPainter, viewport: QRectF, legend: Legend) -> float:
    """The legend panel at the bottom right of the view; returns its width in pixels."""
    rows = _rows(legend)
    if not rows:
        return 0.0
    text, heading = _font(8), _font(8.5, True)
    fm, fmh = QFontMetricsF(text), QFontMetricsF(heading)
    width = max((fmh if kind == "heading" else fm).horizontalAdvance(label) + (0 if kind == "heading" else 26)
                for kind, _, label in rows) + 22
    row_h = 16.0
    height = sum(row_h + (5 if kind == "heading" and i else 0) for i, (kind, _, _) in enumerate(rows)) + 12
    rect = QRectF(viewport.right() - MARGIN - width, viewport.bottom() - MARGIN - height, width, height)
    _panel(painter, rect)
    y = rect.top() + 6
    x = rect.left() + 10
    for i, (kind, value, label) in enumerate(rows):
        if kind == "heading" and i:
            y += 5
        mid = y + row_h / 2
        if kind == "heading":
            painter.setFont(heading)
            painter.setPen(QColor("#111111"))
            painter.drawText(QPointF(x, mid + 4), label)
            y += row_h
            continue
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if kind == "swatch":
            painter.setPen(QPen(QColor("#FFFFFF"), 0.8))
            painter.setBrush(QBrush(value))
            painter.drawRect(QRectF(x, mid - 6, 18, 12))
        elif kind == "kind":
            painter.translate(x + 9, mid)
            painter.setPen(QPen(QColor("#1A1A1A"), 1.1))
            painter.setBrush(QBrush(QColor("#FFFFFF")))
            painter.drawPath(marker_path(value, 3.0 if value == "mainstream" else 5.5))
        elif kind == "fill":
            painter.setPen(QPen(QColor("#1A1A1A"), 1.0))
            painter.setBrush(QBrush(value))
            painter.drawEllipse(QPointF(x + 9, mid), 5.5, 5.5)
        elif kind == "ring":
            painter.setPen(QPen(QColor(NEW_PLACES_COLOUR), 2.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x + 9, mid), 6.5, 6.5)
        elif kind == "flow":
            painter.setPen(QPen(QColor(0, 114, 178, 200), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(x, mid + 3), QPointF(x + 18, mid - 3))
        painter.restore()
        painter.setFont(text)
        painter.setPen(QColor("#222222"))
        painter.drawText(QPointF(x + 26, mid + 4), label)
        y += row_h
    return width


def nice_length(target_m: float) -> float:
    """The largest 1, 2 or 5 x 10^k metres not above ``target_m`` (at least 1 m)."""
    if target_m <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(target_m))
    for step in (5, 2, 1):
        if step * power <= target_m:
            return float(step * power)
    return float(power)


def paint_scale_bar(painter: QPainter, viewport: QRectF, metres_per_pixel: float) -> None:
    """A black-and-white scale bar in km (or m at street zoom) at the bottom left."""
    if not math.isfinite(metres_per_pixel) or metres_per_pixel <= 0:
        return
    length_m = nice_length(140 * metres_per_pixel)
    pixels = length_m / metres_per_pixel
    unit, divisor = ("km", 1000.0) if length_m >= 1000 else ("m", 1.0)
    left, base = viewport.left() + MARGIN + 8, viewport.bottom() - MARGIN - 10
    _panel(painter, QRectF(left - 8, base - 30, pixels + 44, 40))
    segments = 4
    for i in range(segments):
        painter.setPen(QPen(QColor("#111111"), 1))
        painter.setBrush(QBrush(QColor("#111111") if i % 2 == 0 else QColor("#FFFFFF")))
        painter.drawRect(QRectF(left + i * pixels / segments, base - 6, pixels / segments, 5))
    painter.setFont(_font(7.5))
    painter.setPen(QColor("#111111"))
    for value, x in ((0.0, left), (length_m / 2, left + pixels / 2), (length_m, left + pixels)):
        number = f"{value / divisor:g}"
        label = f"{number} {unit}" if value == length_m else number
        width = QFontMetricsF(painter.font()).horizontalAdvance(number)
        painter.drawText(QPointF(x - width / 2, base - 11), label)


def paint_north_arrow(painter: QPainter, viewport: QRectF) -> None:
    """A north arrow at the top right (grid north: the map is not rotated)."""
    cx, top = viewport.right() - MARGIN - 18, viewport.top() + MARGIN
    _panel(painter, QRectF(cx - 18, top, 36, 50))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    tip, base, half = QPointF(cx, top + 18), top + 44, 8
    left = QPolygonF([tip, QPointF(cx - half, base), QPointF(cx, base - 7)])
    right = QPolygonF([tip, QPointF(cx + half, base), QPointF(cx, base - 7)])
    painter.setPen(QPen(QColor("#111111"), 1))
    painter.setBrush(QBrush(QColor("#111111")))
    painter.drawPolygon(left)
    painter.setBrush(QBrush(QColor("#FFFFFF")))
    painter.drawPolygon(right)
    painter.setFont(_font(8.5, True))
    n = QPainterPath()
    n.addText(QPointF(cx - 4.5, top + 14), painter.font(), "N")
    painter.fillPath(n, QBrush(QColor("#111111")))
    painter.restore()
