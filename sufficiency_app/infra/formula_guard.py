"""Text that a spreadsheet must show, never run: the defence against formula injection.

A setting or area named ``=HYPERLINK("http://..."&A1, "Click")`` or
``=cmd|' /C calc'!A0`` would run when a workbook or CSV export is opened in
Excel. Following the OWASP guidance on CSV/formula injection, every text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is written so that Excel treats it as text: in a workbook as a string cell
with Excel's own "quote prefix" (the value itself is unchanged, so the
planner reads it back as written), in a CSV meant for Excel with a leading
apostrophe.

Exchange-format CSVs (scenario folders, results) are data files the
planner reads back; they are written as they are. Other CSVs the planner
reads back (a stress test's tables) are guarded and read through
:func:`csv_unguard`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """True for text that Excel could take as a formula."""
    return isinstance(value, str) and value.startswith(TRIGGERS)


def guard_cell(cell: Any) -> Any:
    """Mark an openpyxl cell holding formula-like text as plain text; returns the cell."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def guard_workbook(book: Any) -> None:
    """Apply :func:`guard_cell` to every cell of an openpyxl workbook (not write-only)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                guard_cell(cell)


def _guarded(value: Any) -> bool:
    """True for text that :func:`csv_text` wrote with an apostrophe in front of formula-like text."""
    return isinstance(value, str) and value.startswith("'") and formula_like(value.lstrip("'"))


def csv_text(value: Any) -> Any:
    """``value`` for a CSV meant for Excel: formula-like text gets a leading apostrophe.

    Text that already looks guarded (``'=1``) gets one more, so :func:`csv_unguard`
    gives back exactly what was written.
    """
    return "'" + value if formula_like(value) or _guarded(value) else value


def csv_unguard(value: Any) -> Any:
    """The text :func:`csv_text` was given, for a planner that reads its own CSV back."""
    return value[1:] if _guarded(value) else value


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for a CSV meant for Excel: headers and text cells through :func:`csv_text`."""
    out = frame.rename(columns=lambda c: csv_text(str(c)))
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(csv_text)
    return out
