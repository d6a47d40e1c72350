"""The zoomable, pannable map canvas: a QGraphicsView with map furniture painted on top.

Wheel zooms about the mouse, dragging pans, a click without a drag reports
the area or setting under the mouse. Until the user zooms or pans, the
view keeps the whole county in sight when resized.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from .map_items import ROLE_ID, ROLE_KIND
from .map_overlay import MARGIN, Legend, paint_legend, paint_north_arrow, paint_scale_bar, paint_title

BACKGROUND = QColor("#F2F1ED")
CLICK_SLOP = 4  # pixels the mouse may move and still count as a click


class MapCanvas(QGraphicsView):
    """The view of the map scene; emits ``clicked(kind, id)`` for areas and settings."""

    clicked = Signal(str, str)
    viewChanged = Signal()  # noqa: N815 (Qt naming): zoomed, panned, resized or the furniture moved

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(BACKGROUND)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.legend = Legend()
        self.title = ""
        self.subtitle = ""
        self._extent = QRectF()
        self._auto_fit = True
        self._press: QPoint | None = None
        self._legend_width = 0.0
        self.furniture: list[QRectF] = []  # title, legend, scale bar and north arrow as last painted
        self.text_scale = 1.0

    def set_extent(self, rect: QRectF) -> None:
        """The county's bounding box in scene coordinates; the scene may be panned beyond it."""
        self._extent = QRectF(rect)
        # Room to pan, and to centre the county beside the legend even when the view is wide.
        pad = max(rect.width(), rect.height()) * 2.0
        self.setSceneRect(rect.adjusted(-pad, -pad, pad, pad))
        self.fit()

    def fit(self) -> None:
        """Show the whole county in the part of the view the legend leaves free (its column on the right)."""
        if self._extent.isEmpty():
            return
        self._auto_fit = True
        margin = max(self._extent.width(), self._extent.height()) * 0.05
        box = self._extent.adjusted(-margin, -margin, margin, margin)
        view = self.viewport().rect()
        room = self._legend_width + 2 * MARGIN if self._legend_width else 0.0
        free = max(view.width() - room, view.width() * 0.4)
        scale = min(free / box.width(), view.height() / box.height())
        if scale <= 0:
            return
        self.resetTransform()
        self.scale(scale, scale)
        self.centerOn(box.center() + QPointF((view.width() - free) / 2 / scale, 0))
        self.viewChanged.emit()

    def metres_per_pixel(self) -> float:
        scale = self.transform().m11()
        return 1.0 / scale if scale else float("nan")

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt name)
        steps = event.angleDelta().y() / 120.0
        factor = 1.2 ** steps
        mpp = self.metres_per_pixel() / factor
        if 0.5 <= mpp <= 2000:
            self._auto_fit = False
            self.scale(factor, factor)
            self.viewChanged.emit()
        event.accept()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        self.viewChanged.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None and (event.position().toPoint() - self._press).manhattanLength() > CLICK_SLOP:
            self._auto_fit = False
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        pos, press = event.position().toPoint(), self._press
        self._press = None
        if event.button() == Qt.MouseButton.LeftButton and press is not None \
                and (pos - press).manhattanLength() <= CLICK_SLOP:
            hit = self.hit(pos)
            if hit is not None:
                self.clicked.emit(*hit)

    def hit(self, pos: QPoint) -> tuple[str, str] | None:
        """The setting or area under a viewport point (settings win), or None."""
        for item in self.items(pos):
            while item is not None and item.data(ROLE_KIND) is None:
                item = item.parentItem()
            if item is not None and item.isVisible():
                return str(item.data(ROLE_KIND)), str(item.data(ROLE_ID))
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()
        self.viewChanged.emit()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """Paint the furniture in viewport pixels, also when rendering to an image or SVG at any scale."""
        inverse, ok = self.viewportTransform().inverted()
        if not ok:
            return
        painter.save()
        painter.setWorldTransform(inverse * painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        viewport = QRectF(self.viewport().rect())
        self.legend.scale = self.text_scale
        title = paint_title(painter, viewport, self.title, self.subtitle, self.text_scale)
        arrow = paint_north_arrow(painter, viewport)
        bar = paint_scale_bar(painter, viewport, self.metres_per_pixel(), self.text_scale)
        legend = paint_legend(painter, viewport, self.legend, top=arrow.bottom() + 6)
        painter.restore()
        furniture = [r for r in (title, arrow, bar, legend) if not r.isEmpty()]
        if furniture != self.furniture:
            self.furniture = furniture
            self.viewChanged.emit()
        if legend.width() != self._legend_width:
            self._legend_width = legend.width()
            if self._auto_fit:
                self.fit()
