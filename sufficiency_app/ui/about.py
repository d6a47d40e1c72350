"""The About dialog: versions of everything that matters for a bug report, one click to copy."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from .. import __version__
from ..infra import appdirs


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def diagnostics() -> str:
    """Plain text a user can paste into an e-mail to support."""
    lines = [
        f"SEND Sufficiency Planner {__version__}",
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})",
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"HiGHS (highspy) {_version('highspy')}",
        f"GeoPandas {_version('geopandas')}, pandas {_version('pandas')}, Shapely {_version('shapely')}",
        f"pyqtgraph {_version('pyqtgraph')}",
        f"System {platform.platform()}",
        f"Frozen build: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
        f"Log file: {appdirs.log_dir() / appdirs.LOG_FILE}",
        f"Settings folder: {appdirs.config_dir()}",
    ]
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About the SEND Sufficiency Planner")
        title = QLabel(f"<h2>SEND Sufficiency Planner {__version__}</h2>"
                       "<p>Plans where, when and how many specialist school places to create, "
                       "so fewer children travel far or go to independent schools.</p>")
        title.setWordWrap(True)
        self.text = QPlainTextEdit(diagnostics())
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy diagnostics", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())
