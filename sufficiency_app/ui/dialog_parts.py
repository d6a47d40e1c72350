"""Pieces the forecast, road and report dialogs share: a file row, a message line and a task strip.

The task strip is the dialogs' face of :class:`~sufficiency_app.ui.worker.TaskRunner`:
a progress bar, a status text and a Cancel button for one long task at a
time. Cancel takes effect in the window at once (a late result is
ignored); the task itself stops at its next check of the cancel flag.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from . import theme
from .worker import TaskFunction, TaskHandle, TaskRunner

MESSAGE_COLOURS = {"info": "#E3EEF8", "warning": theme.WARNING_BG.name(), "error": theme.ERROR_BG.name(),
                   "done": "#D4EDE4"}
MESSAGE_SIGNS = {"info": "", "warning": "\u26a0 ", "error": "\u2716 ", "done": "\u2714 "}


class FileRow(QWidget):
    """A path box with a Browse… button: an existing file to open, or a file to save."""

    changed = Signal(str)

    def __init__(self, caption: str, file_filter: str, save: bool = False, placeholder: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.caption, self.file_filter, self.save = caption, file_filter, save
        self.edit = QLineEdit(placeholderText=placeholder)
        self.edit.textChanged.connect(self.changed)
        browse = QPushButton("Browse\u2026")
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    @property
    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def set_path(self, path: str | Path | None) -> None:
        self.edit.setText("" if path is None else str(path))

    def _browse(self) -> None:
        start = self.edit.text().strip()
        if self.save:
            path, _ = QFileDialog.getSaveFileName(self, self.caption, start, self.file_filter)
        else:
            path, _ = QFileDialog.getOpenFileName(self, self.caption, start, self.file_filter)
        if path:
            self.edit.setText(path)


class MessageLine(QLabel):
    """One line (or a few) telling the user what happened: info, warning, error or done, each with a sign."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.setText(MESSAGE_SIGNS[kind] + text)
        self.setStyleSheet(f"background: {MESSAGE_COLOURS[kind]}; color: {theme.INK.name()}; "
                           "border-radius: 4px; padding: 6px 10px;")
        self.show()

    def clear_message(self) -> None:
        self.kind = ""
        self.clear()
        self.hide()


class TaskStrip(QWidget):
    """Progress bar, status and Cancel for one task at a time on a private :class:`TaskRunner`.

    Progress events may be ``(done, total, text)`` tuples (a determinate
    bar); anything else keeps the bar busy. ``busyChanged(bool)`` lets the
    dialog disable its buttons while a task runs.
    """

    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.handle: TaskHandle | None = None
        self._finished: Callable[[Any], None] = lambda _r: None
        self._failed: Callable[[str], None] = lambda _m: None
        self._cancelled: Callable[[], None] = lambda: None
        self.status = QLabel()
        self.status.setStyleSheet(f"color: {theme.MUTED.name()};")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop this task")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        self._show_busy(False)

    @property
    def busy(self) -> bool:
        return self.handle is not None

    def run(self, name: str, fn: TaskFunction, finished: Callable[[Any], None], failed: Callable[[str], None],
            cancelled: Callable[[], None] = lambda: None, status: str = "Working\u2026") -> TaskHandle:
        """Start ``fn(progress, cancel)``; exactly one of the three callbacks follows, in the GUI thread."""
        self._finished, self._failed, self._cancelled = finished, failed, cancelled
        self.handle = self.runner.submit(name, fn)
        self.handle.progress.connect(self._on_progress)
        self.handle.finished.connect(self._on_finished)
        self.handle.failed.connect(self._on_failed)
        self.handle.cancelled.connect(self._on_cancelled)
        self.status.setText(status)
        self.bar.setRange(0, 0)
        self._show_busy(True)
        return self.handle

    def cancel(self) -> None:
        """Stop the task now as far as the dialog is concerned; its late result is dropped."""
        if self.handle is None:
            return
        self.handle.cancel()
        self._end()
        self._cancelled()

    def shutdown(self) -> None:
        """Cancel anything running (the dialog is closing)."""
        self.runner.cancel_all()
        self.handle = None

    def _current(self) -> bool:
        return self.handle is not None and self.sender() is self.handle

    def _on_progress(self, event: object) -> None:
        if self._current() and isinstance(event, tuple) and len(event) == 3:
            done, total, text = event
            self.bar.setRange(0, max(int(total), 1))
            self.bar.setValue(int(done))
            self.status.setText(str(text))

    def _on_finished(self, result: object) -> None:
        if self._current():
            self._end()
            self._finished(result)

    def _on_failed(self, message: str) -> None:
        if self._current():
            self._end()
            self._failed(message)

    def _on_cancelled(self) -> None:
        if self._current():
            self._end()
            self._cancelled()

    def _end(self) -> None:
        self.handle = None
        self._show_busy(False)

    def _show_busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.status.setVisible(busy)
        if not busy:
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
        self.busyChanged.emit(busy)
