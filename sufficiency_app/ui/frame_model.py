"""One Qt table model over a pandas DataFrame, for every table in the window.

The model never changes its frame itself: an edit is handed to
``edit_handler(rows, column, text)`` so the owner can make a new immutable
scenario and push an undo command (or refuse the value); the store then
hands the new frame back through :meth:`DataFrameModel.set_frame`. Cells that validation
flagged get a coloured background and the message as a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from . import theme

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def display_text(value: Any) -> str:
    """How a cell reads: blank when missing, no trailing ``.0``, separators from 10,000 (years stay 2025)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
        return f"{value:,.2f}"
    if isinstance(value, (frozenset, set)):
        return ";".join(sorted(value))
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _raw(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    return value


class DataFrameModel(QAbstractTableModel):
    """A table model over a DataFrame; see the module docstring."""

    def __init__(self, frame: pd.DataFrame | None = None, editable: tuple[str, ...] | None = (), parent=None,
                 read_only: tuple[str, ...] = (), headers: Mapping[str, str] | None = None,
                 formats: Mapping[str, Callable[[pd.DataFrame], list[str]]] | None = None):
        super().__init__(parent)
        self._read_only = frozenset(read_only)
        self._headers = dict(headers or {})
        self._formats = dict(formats or {})  # column -> its cells' texts (money in pounds)
        self._frame = pd.DataFrame()
        self._text: list[list[str]] = []
        self._numeric: list[bool] = []
        self._editable = editable  # None = all columns, () = read-only
        self._problems: dict[tuple[int, int], tuple[str, str]] = {}
        self._highlight: dict[tuple[int, int], QColor] = {}
        # (positional rows, column name, text typed) -> accepted?
        self.edit_handler: Callable[[list[int], str, str], bool] | None = None
        if frame is not None:
            self.set_frame(frame)

    # -- contents
    @property
    def frame(self) -> pd.DataFrame:
        return self._frame

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Show ``frame``; same shape and columns keeps selection and sorting (no reset)."""
        same = frame.shape == self._frame.shape and list(frame.columns) == list(self._frame.columns)
        if not same:
            self.beginResetModel()
        old, self._frame = self._frame, frame
        # An edit changes one column: keep the text of the others (156k cells take ~0.5 s to format).
        self._text = [self._text[i] if same and frame[c].equals(old[c]) else
                      list(self._formats[c](frame)) if c in self._formats else
                      [display_text(_raw(v)) for v in frame[c].tolist()] for i, c in enumerate(frame.columns)]
        types = pd.api.types
        self._numeric = [types.is_numeric_dtype(frame[c].dtype) and not types.is_bool_dtype(frame[c].dtype)
                         for c in frame.columns]
        if same:
            if frame.shape[0] and frame.shape[1]:
                self.dataChanged.emit(self.index(0, 0), self.index(frame.shape[0] - 1, frame.shape[1] - 1))
        else:
            self.endResetModel()

    def set_problems(self, problems: dict[tuple[int, str], tuple[str, str]]) -> None:
        """Mark cells: ``{(row, column): (severity, message)}``; a row-wide problem uses column ''."""
        cols = {c: i for i, c in enumerate(self._frame.columns)}
        marked: dict[tuple[int, int], tuple[str, str]] = {}
        for (row, column), (severity, message) in problems.items():
            targets = [cols[column]] if column in cols else range(len(cols))
            for c in targets:
                old = marked.get((row, c))
                text = message if old is None else f"{old[1]}\n{message}"
                worst = "error" if "error" in (severity, old[0] if old else "") else severity
                marked[(row, c)] = (worst, text)
        self._problems = marked
        self._emit_all()

    def set_highlight(self, cells: dict[tuple[int, int], QColor]) -> None:
        """Colour cells regardless of problems (the compare view marks differences)."""
        self._highlight = dict(cells)
        self._emit_all()

    def _emit_all(self) -> None:
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    # -- Qt interface
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text[c][r]
        if role == Qt.ItemDataRole.EditRole:
            value = _raw(self._frame.iat[r, c])
            return "" if isinstance(value, float) and math.isnan(value) else str(value)
        if role == SORT_ROLE:
            value = _raw(self._frame.iat[r, c])
            if self._numeric[c]:
                return -math.inf if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
            return self._text[c][r]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if self._numeric[c] else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if (r, c) in self._problems:
                return QBrush(theme.ERROR_BG if self._problems[(r, c)][0] == "error" else theme.WARNING_BG)
            if (r, c) in self._highlight:
                return QBrush(self._highlight[(r, c)])
        if role == Qt.ItemDataRole.ToolTipRole and (r, c) in self._problems:
            return self._problems[(r, c)][1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = str(self._frame.columns[section])
            return self._headers.get(name, name.replace("_", " "))
        return str(section + 1)

    def column_name(self, column: int) -> str:
        return str(self._frame.columns[column])

    def is_editable(self, column: int) -> bool:
        name = self.column_name(column)
        return name not in self._read_only and (self._editable is None or name in self._editable)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and self.is_editable(index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.is_editable(index.column()):
            return False
        if str(value) == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        handler = self.edit_handler
        return bool(handler and handler([index.row()], self.column_name(index.column()), str(value)))
