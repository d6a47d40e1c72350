"""The window's look in one place: colours, fonts, spacing and the style sheet.

Colours are the Okabe-Ito set, which people with the common colour-vision
deficiencies can tell apart; state (error, warning, better, worse) is never
shown by colour alone: a sign, an icon or a tooltip says it too.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from ..infra import resources

BLUE = QColor("#0072B2")
SKY = QColor("#56B4E9")
VERMILLION = QColor("#D55E00")
PURPLE = QColor("#CC79A7")
INK = QColor("#1B2A3A")
MUTED = QColor("#5B6B7C")
NAVY = QColor("#17365D")
SURFACE = QColor("#F4F6F9")
CARD = QColor("#FFFFFF")
LINE = QColor("#D5DCE4")

ERROR_BG = QColor("#F8D3C0")     # light vermillion
WARNING_BG = QColor("#FCEBB6")   # light orange
CHANGED_BG = QColor("#CFE6F7")   # light sky: "differs from the first scenario"

BETTER = BLUE       # blue/orange instead of green/red, readable by most colour-blind users
WORSE = VERMILLION

BASE_POINT_SIZE = 10
ASSETS = (resources.root() / "sufficiency_app" / "assets").as_posix()


STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {SURFACE.name()}; }}
QToolBar {{ background: {CARD.name()}; border: none; border-bottom: 1px solid {LINE.name()};
           spacing: 4px; padding: 4px 8px; }}
QToolBar QToolButton {{ padding: 4px 5px; border-radius: 4px; color: {INK.name()}; }}
QToolBar QToolButton#qt_toolbar_ext_button {{ padding: 0px; min-width: 18px; }}
QToolBar QToolButton:hover {{ background: #E6EEF6; }}
QToolButton#solveButton {{ background: {BLUE.name()}; color: white; font-weight: 600; padding: 5px 14px; }}
QToolButton#solveButton:hover {{ background: #005F94; }}
QToolButton#solveButton:disabled {{ background: #9DB8CC; }}
QTabWidget::pane {{ border: 1px solid {LINE.name()}; background: {CARD.name()}; border-radius: 4px; top: -1px; }}
QTabBar::tab {{ background: transparent; color: {MUTED.name()}; padding: 7px 16px; border: none;
               border-bottom: 3px solid transparent; font-weight: 600; }}
QTabBar::tab:selected {{ color: {NAVY.name()}; border-bottom: 3px solid {BLUE.name()}; }}
QTabBar::tab:hover {{ color: {INK.name()}; }}
QDockWidget {{ font-weight: 600; color: {NAVY.name()}; }}
QDockWidget::title {{ background: {SURFACE.name()}; padding: 6px 8px; }}
QListWidget, QTreeWidget, QTableView {{ background: {CARD.name()}; border: 1px solid {LINE.name()};
           border-radius: 4px; selection-background-color: #CFE3F3; selection-color: {INK.name()}; }}
QTableView {{ gridline-color: #E7ECF1; alternate-background-color: #F8FAFC; }}
QHeaderView::section {{ background: #EEF2F6; color: {INK.name()}; border: none;
           border-right: 1px solid {LINE.name()}; border-bottom: 1px solid {LINE.name()}; padding: 5px 6px;
           font-weight: 600; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox {{ background: white; border: 1px solid {LINE.name()};
           border-radius: 4px; padding: 4px 6px; }}
QLineEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QComboBox:focus {{ border: 1px solid {BLUE.name()}; }}
/* With a style-sheet border Fusion draws no arrows on a spin box: its buttons and arrows are drawn here. */
QSpinBox::up-button, QDoubleSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::down-button {{
           subcontrol-origin: border; width: 18px; border-left: 1px solid {LINE.name()}; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button, QDoubleSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QDoubleSpinBox::up-button:hover, QSpinBox::down-button:hover,
QDoubleSpinBox::down-button:hover {{ background: #E6EEF6; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url("{ASSETS}/spin-up.svg"); width: 10px; height: 6px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ image: url("{ASSETS}/spin-down.svg"); width: 10px; height: 6px; }}
QPushButton {{ background: white; border: 1px solid {LINE.name()}; border-radius: 4px; padding: 5px 12px; }}
QPushButton:hover {{ border-color: {BLUE.name()}; }}
QPushButton[primary="true"] {{ background: {BLUE.name()}; color: white; border: none; font-weight: 600; }}
QFrame#card {{ background: {CARD.name()}; border: 1px solid {LINE.name()}; border-radius: 6px; }}
QLabel#cardValue {{ color: {NAVY.name()}; font-weight: 700; }}
QLabel#cardCaption {{ color: {MUTED.name()}; }}
QLabel#sectionTitle {{ color: {NAVY.name()}; font-weight: 700; }}
QLabel#banner {{ background: {WARNING_BG.name()}; border-radius: 4px; padding: 6px 10px; color: {INK.name()}; }}
QStatusBar {{ background: {CARD.name()}; border-top: 1px solid {LINE.name()}; color: {MUTED.name()}; }}
QProgressBar {{ border: 1px solid {LINE.name()}; border-radius: 4px; background: white; text-align: center;
               min-height: 14px; max-height: 14px; }}
QProgressBar::chunk {{ background: {SKY.name()}; border-radius: 3px; }}
"""


def apply(app: QApplication) -> None:
    """Give the application the planner's style, palette and font (idempotent)."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, SURFACE)
    palette.setColor(QPalette.ColorRole.WindowText, INK)
    palette.setColor(QPalette.ColorRole.Base, CARD)
    palette.setColor(QPalette.ColorRole.Text, INK)
    palette.setColor(QPalette.ColorRole.Highlight, BLUE)
    palette.setColor(QPalette.ColorRole.ToolTipBase, CARD)
    palette.setColor(QPalette.ColorRole.ToolTipText, INK)
    app.setPalette(palette)
    font = QFont(app.font())
    font.setFamilies(["Segoe UI", "Noto Sans", "DejaVu Sans", "Arial"])
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def icon(widget: QWidget, name: str) -> QIcon:
    """A standard icon by its short name (``SP_`` names of :class:`QStyle`)."""
    return widget.style().standardIcon(getattr(QStyle.StandardPixmap, f"SP_{name}"))


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font at ``factor`` times the base size (large type for cards and workshop)."""
    font = QFont(widget.font())
    font.setPointSizeF(BASE_POINT_SIZE * factor)
    font.setBold(bold)
    return font
