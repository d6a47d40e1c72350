"""Map furniture painted over the view in pixel coordinates: title, legend, scale bar, north arrow.

Painted (not widgets) so that screenshots, PNG and SVG exports carry them
exactly as seen on screen.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from ..present.symbols import kind_label, symbol
from .map_items import marker_path
from .palettes import FILL_CLASSES, NEW_PLACES_COLOUR, NO_DATA_COLOUR

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
    sizes: list[tuple[float, float]] = field(default_factory=list)  # (places, marker radius in pixels)
    scale: float = 1.0  # text and symbol size: 1 on a desk, larger on a projector


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont("Sans Serif")
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _panel(painter: QPainter, rect: QRectF) -> None:
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
    painter.setBrush(QBrush(QColor(255, 255, 255, 235)))
    painter.drawRoundedRect(rect, 4, 4)


def paint_title(painter: QPainter, viewport: QRectF, title: str, subtitle: str, scale: float = 1.0) -> QRectF:
    """Title and subtitle in a panel at the top left; returns the panel (empty when there is no title)."""
    if not title:
        return QRectF()
    big, small = _font(11 * scale, True), _font(8.5 * scale)
    fm_big, fm_small = QFontMetricsF(big), QFontMetricsF(small)
    room = viewport.width() - 2 * MARGIN - 70 * scale  # leave the north arrow free
    subtitle = fm_small.elidedText(subtitle, Qt.TextElideMode.ElideRight, room - 20)
    title = fm_big.elidedText(title, Qt.TextElideMode.ElideRight, room - 20)
    width = max(fm_big.horizontalAdvance(title), fm_small.horizontalAdvance(subtitle)) + 20
    height = fm_big.height() + (fm_small.height() + 4 if subtitle else 0) + 12
    rect = QRectF(viewport.left() + MARGIN, viewport.top() + MARGIN, width, height)
    _panel(painter, rect)
    painter.setPen(QColor("#111111"))
    painter.setFont(big)
    painter.drawText(QPointF(rect.left() + 10, rect.top() + 6 + fm_big.ascent()), title)
    if subtitle:
        painter.setFont(small)
        painter.setPen(QColor("#444444"))
        painter.drawText(QPointF(rect.left() + 10, rect.top() + 10 + fm_big.height() + fm_small.ascent()), subtitle)
    return rect


def _rows(legend: Legend) -> list[tuple[str, object, str]]:
    rows: list[tuple[str, object, str]] = []
    if legend.classes or legend.no_data:
        rows.append(("heading", None, legend.title))
        rows += [("swatch", colour, label) for colour, label in legend.classes]
        if legend.no_data:
            rows.append(("swatch", QColor(NO_DATA_COLOUR), "No children / no plan"))
    if legend.kinds:
        rows.append(("heading", None, "Settings"))
        rows += [("kind", kind, kind_label(kind)) for kind in legend.kinds]
    if legend.sizes:
        rows.append(("heading", None, "Size: places at a setting"))
        rows += [("size", radius, f"{places:,.0f} places") for places, radius in legend.sizes]
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


def _columns(rows: list, heights: list[float], room: float) -> list[list[int]]:
    """Split rows into as few columns as fit ``room`` pixels high, breaking before headings where possible."""
    for count in range(1, 5):
        target = sum(heights) / count
        columns, current, used = [], [], 0.0
        for i, (kind, _, _) in enumerate(rows):
            if current and (used + heights[i] > room or (count > 1 and kind == "heading" and used >= target * 0.85)):
                columns.append(current)
                current, used = [], 0.0
            current.append(i)
            used += heights[i]
        columns.append(current)
        if len(columns) <= count and all(sum(heights[i] for i in c) <= room for c in columns):
            return columns
    return columns


LEGEND_SHARE = 0.42  # the most of the view's width the legend may take before it drops its optional parts


def _measure(legend: Legend, room: float) -> tuple[list, list[float], list[list[int]], list[float], float]:
    """Rows, their heights, the columns they fall into within ``room`` pixels, column widths and row height."""
    rows = _rows(legend)
    k = legend.scale
    fm, fmh = QFontMetricsF(_font(8 * k)), QFontMetricsF(_font(8.5 * k, True))
    row_h = max(16.0 * k, fm.height() + 2)
    heights = [max(row_h, 2 * value + 4) if kind == "size" else row_h + (5 * k if kind == "heading" else 0)
               for kind, value, _ in rows]
    columns = _columns(rows, heights, room) if rows else []
    widths = [max((fmh if rows[i][0] == "heading" else fm).horizontalAdvance(rows[i][2])
                  + (0 if rows[i][0] == "heading" else max(26 * k, 2 * rows[i][1] + 8) if rows[i][0] == "size"
                     else 26 * k) for i in c) + 14 for c in columns]
    return rows, heights, columns, widths, row_h


def paint_legend(painter: QPainter, viewport: QRectF, legend: Legend, top: float = 0.0) -> QRectF:
    """The legend panel at the bottom right of the view, in columns if it is taller than the view.

    In a small view (the workshop at 1280x720) a legend wider than
    ``LEGEND_SHARE`` of the view drops the size key, then the fill classes
    (both also in each marker's tooltip), so the county keeps its room.
    ``top`` is the highest the panel may reach (below the north arrow);
    returns the panel's rectangle (empty when there is nothing to show).
    """
    room = viewport.bottom() - MARGIN - max(top, viewport.top() + MARGIN) - 12
    for shown in (legend, dataclasses.replace(legend, sizes=[]), dataclasses.replace(legend, sizes=[], fill=False)):
        rows, heights, columns, widths, row_h = _measure(shown, room)
        if sum(widths) + 8 <= viewport.width() * LEGEND_SHARE:
            break
    if not rows:
        return QRectF()
    filled_by_ratio = legend.fill  # markers keep their fill colours even when the fill classes are dropped
    k = legend.scale
    text, heading = _font(8 * k), _font(8.5 * k, True)
    fm, fmh = QFontMetricsF(text), QFontMetricsF(heading)
    width = sum(widths) + 8
    height = max(sum(heights[i] for i in c) for c in columns) + 12
    rect = QRectF(viewport.right() - MARGIN - width, viewport.bottom() - MARGIN - height, width, height)
    _panel(painter, rect)
    x = rect.left() + 10
    for column, col_width in zip(columns, widths):
        y = rect.top() + 6
        for i in column:
            kind, value, label = rows[i]
            if kind == "heading" and i != column[0]:
                y += 5 * k
            own = heights[i] if kind == "size" else row_h
            mid = y + own / 2
            if kind == "heading":
                painter.setFont(heading)
                painter.setPen(QColor("#111111"))
                painter.drawText(QPointF(x, mid + fmh.ascent() / 2 - 1), label)
                y += row_h + (5 * k if i == column[0] else 0)
                continue
            _legend_symbol(painter, kind, value, x, mid, k, filled_by_ratio)
            painter.setFont(text)
            painter.setPen(QColor("#222222"))
            indent = 2 * value + 8 if kind == "size" and 2 * value + 8 > 26 * k else 26 * k
            painter.drawText(QPointF(x + indent, mid + fm.ascent() / 2 - 1), label)
            y += own
        x += col_width
    return rect


def _legend_symbol(painter: QPainter, kind: str, value: object, x: float, mid: float, k: float,
                   filled_by_ratio: bool) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if kind == "swatch":
        painter.setPen(QPen(QColor("#FFFFFF"), 0.8))
        painter.setBrush(QBrush(value))
        painter.drawRect(QRectF(x, mid - 6 * k, 18 * k, 12 * k))
    elif kind == "kind":
        painter.translate(x + 9 * k, mid)
        painter.setPen(QPen(QColor("#1A1A1A"), 1.1))
        # Once a plan colours markers by how full they are, the kind is told by shape alone.
        painter.setBrush(QBrush(QColor("#FFFFFF") if filled_by_ratio else QColor(symbol(value).colour)))
        painter.drawPath(marker_path(value, (3.0 if value == "mainstream" else 5.5) * k))
    elif kind == "fill":
        painter.setPen(QPen(QColor("#1A1A1A"), 1.0))
        painter.setBrush(QBrush(value))
        painter.drawEllipse(QPointF(x + 9 * k, mid), 5.5 * k, 5.5 * k)
    elif kind == "size":
        painter.setPen(QPen(QColor("#1A1A1A"), 1.0))
        painter.setBrush(QBrush(QColor("#FFFFFF")))
        painter.drawEllipse(QPointF(x + value, mid), value, value)
    elif kind == "ring":
        painter.setPen(QPen(QColor(NEW_PLACES_COLOUR), 2.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(x + 9 * k, mid), 6.5 * k, 6.5 * k)
    elif kind == "flow":
        painter.setPen(QPen(QColor(0, 114, 178, 200), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(x, mid + 3 * k), QPointF(x + 18 * k, mid - 3 * k))
    painter.restore()


def nice_length(target_m: float) -> float:
    """The largest 1, 2 or 5 x 10^k metres not above ``target_m`` (at least 1 m)."""
    if target_m <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(target_m))
    for step in (5, 2, 1):
        if step * power <= target_m:
            return float(step * power)
    return float(power)


def paint_scale_bar(painter: QPainter, viewport: QRectF, metres_per_pixel: float, scale: float = 1.0) -> QRectF:
    """A black-and-white scale bar in km (or m at street zoom) at the bottom left; returns its panel."""
    if not math.isfinite(metres_per_pixel) or metres_per_pixel <= 0:
        return QRectF()
    length_m = nice_length(140 * metres_per_pixel)
    pixels = length_m / metres_per_pixel
    unit, divisor = ("km", 1000.0) if length_m >= 1000 else ("m", 1.0)
    left, base = viewport.left() + MARGIN + 8, viewport.bottom() - MARGIN - 10
    panel = QRectF(left - 8, base - 20 - 10 * scale, pixels + 36 + 8 * scale, 30 + 10 * scale)
    _panel(painter, panel)
    segments = 4
    for i in range(segments):
        painter.setPen(QPen(QColor("#111111"), 1))
        painter.setBrush(QBrush(QColor("#111111") if i % 2 == 0 else QColor("#FFFFFF")))
        painter.drawRect(QRectF(left + i * pixels / segments, base - 6, pixels / segments, 5))
    painter.setFont(_font(7.5 * scale))
    painter.setPen(QColor("#111111"))
    for value, x in ((0.0, left), (length_m / 2, left + pixels / 2), (length_m, left + pixels)):
        number = f"{value / divisor:g}"
        label = f"{number} {unit}" if value == length_m else number
        width = QFontMetricsF(painter.font()).horizontalAdvance(number)
        painter.drawText(QPointF(x - width / 2, base - 11), label)
    return panel


def paint_north_arrow(painter: QPainter, viewport: QRectF) -> QRectF:
    """A north arrow at the top right (grid north: the map is not rotated); returns its panel."""
    cx, top = viewport.right() - MARGIN - 18, viewport.top() + MARGIN
    panel = QRectF(cx - 18, top, 36, 50)
    _panel(painter, panel)
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
    return panel
