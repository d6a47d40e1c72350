"""The map legend keeps to its share of a small view (the workshop at 1280x720) and shows everything on a desk."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from sufficiency_app.ui.map_overlay import LEGEND_SHARE, Legend, paint_legend


def _legend() -> Legend:
    return Legend(title="Demand (children)", classes=[(QColor("#eeeeee"), f"{i} to {i + 4}") for i in range(0, 25, 5)],
                  kinds=["special", "resource_base", "elp", "independent"], fill=True, new_places=True,
                  sizes=[(10.0, 6.0), (50.0, 8.2), (200.0, 12.5)])


def _paint(width: int, height: int) -> QRectF:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        return paint_legend(painter, QRectF(0, 0, width, height), _legend(), top=60)
    finally:
        painter.end()


def test_small_view_legend_drops_optional_parts_to_leave_the_county_room(qapp):
    small, desk = _paint(870, 330), _paint(1060, 660)
    assert small.width() <= 870 * LEGEND_SHARE
    # On a desk every row fits one column: the size key and fill classes stay (22 rows, about 400 px).
    assert desk.width() <= 1060 * LEGEND_SHARE and desk.height() > 380
    assert desk.bottom() <= 660 and small.bottom() <= 330
