"""Saving a graphics view as it looks on screen: PNG at twice the resolution (for print) or SVG.

Shared by the map and the charts so their exports match. Rendering the
view (rather than grabbing pixels) keeps text and lines sharp at any scale
and includes what the view paints in its foreground (legend, scale bar).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView

PNG_SCALE = 2


def export_view(view: QGraphicsView, path: str | Path, title: str = "", description: str = "") -> Path:
    """Write ``view``'s visible area to ``path``; the suffix (.png or .svg) picks the format.

    Raises ValueError for another suffix and OSError when the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    size = view.viewport().size()
    target = QRectF(0, 0, size.width(), size.height())
    if suffix == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(target)
        generator.setResolution(view.logicalDpiX())  # fonts in points come out the size they are on screen
        generator.setTitle(title)
        generator.setDescription(description)
        painter = QPainter(generator)
        view.render(painter, target, view.viewport().rect())
        painter.end()
        if not path.exists():
            raise OSError(f"could not write {path}")
    elif suffix == ".png":
        image = QImage(size * PNG_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(PNG_SCALE)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        view.render(painter, target, view.viewport().rect())
        painter.end()
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
    else:
        raise ValueError(f"save the image as .png or .svg, not {path.suffix or 'a file without suffix'}")
    return path
