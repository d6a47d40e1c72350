"""Help > User guide (F1): ``docs/user-guide.md`` shown in a window beside the planner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..infra import resources


class UserGuideDialog(QDialog):
    """The guide in a text browser; modeless, so it can stay open while the planner is used."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("User guide — SEND Sufficiency Planner")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        path = resources.user_guide_path()
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.browser.setPlainText(f"The user guide could not be read from {path}: {exc.strerror or exc}.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 820)
