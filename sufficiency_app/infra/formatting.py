"""British number and date wording for the window, the command line and every report. No Qt.

Cabinet papers write "23 November 2026", academic years as "2026/27",
money with a pound sign and thousands separators (``£1,234,567``, or
``£18.2m`` / ``£450k`` in a sentence or on a card), whole children, and a
difference of two percentages in points ("+8.5 pp"). Keeping the wording
in one place makes the cards, the CLI and the three report formats agree.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

MONEY = "money"
COUNT = "count"
INTEGER = "int"
MINUTES = "minutes"
TEXT = "text"
FIGURE = "figure"  # a figure already written as text ("£1.7m", "87.5%"), aligned as a number
PERCENT = "share"  # a share 0..1 printed as a percentage ("9.6%"); the workbook keeps the share
FORMATS = (MONEY, COUNT, INTEGER, MINUTES, TEXT, FIGURE, PERCENT)
DECIMALS = {MONEY: 0, COUNT: 0, INTEGER: 0, MINUTES: 1, PERCENT: 4}  # what a stored cell keeps: no 6.99947 children
Unit = Literal["children", "percent", "minutes", "money"]
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
DASH = "–"  # a value that cannot be computed (no children, no baseline)
MINUS = "−"


def long_date(day: dt.date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {day:%B %Y}"


def academic_year(year: int) -> str:
    """``2026`` -> ``2026/27``."""
    return f"{year}/{(year + 1) % 100:02d}"


def september(year: int) -> str:
    """When places of academic year ``year`` open: ``September 2026``."""
    return f"September {year}"


def money(value: float, currency: str = "GBP") -> str:
    """``£1,234,567`` (whole pounds, a true minus sign before the pound sign: ``−£1,500``)."""
    sign = MINUS if value < -0.5 else ""
    return f"{sign}{SYMBOLS.get(currency, '')}{abs(value):,.0f}"


def millions(value: float, currency: str = "GBP") -> str:
    """``£18.2m`` for sentences and cards; under a million ``£450k``; under a thousand ``£640``."""
    sign = MINUS if value < 0 and round(abs(value)) > 0 else ""
    v, symbol = abs(value), SYMBOLS.get(currency, "")
    if v >= 999_500:
        return f"{sign}{symbol}{v / 1e6:,.1f}m"
    if v >= 999.5:
        return f"{sign}{symbol}{v / 1e3:,.0f}k"
    return f"{sign}{symbol}{v:,.0f}"


def count(value: float) -> str:
    """Whole children with separators: forecasts are fractional, displays are not."""
    return f"{value:,.0f}"


def points(value: float) -> str:
    """A difference of two percentages, in percentage points: ``+8.5 pp``."""
    return f"{'+' if value > 0.05 else (MINUS if value < -0.05 else '')}{abs(value):.1f} pp"


def format_value(value: float | None, unit: str, currency: str = "GBP", signed: bool = False) -> str:
    """One figure for a card, a line of the CLI or a key-figures table.

    ``£12.4m``, ``87.5%``, ``34.2 min``, ``1,204``; ``signed`` adds ``+``
    or ``−`` (a difference). A signed difference of percentages is in
    points (:func:`points`), since "+8.5%" would read as a relative change.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    if unit == "percent" and signed:
        return points(value)
    v = abs(value)
    if unit == "money":
        text = millions(v, currency)
    elif unit == "percent":
        text = f"{v:.1f}%"
    elif unit == "minutes":
        text = f"{v:.1f} min"
    else:
        text = count(v)
    shown_zero = text.strip("£€$0.,%kmin ") == ""
    sign = "" if shown_zero else ("+" if signed and value > 0 else (MINUS if value < 0 else ""))
    return sign + text


def cell(value: object, kind: str) -> str:
    """One report table cell as printed; suppression markers and text pass through."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)  # type: ignore[arg-type]
    if kind == MONEY:  # printed tables read like a Cabinet paper's; the workbook keeps whole pounds
        return millions(v)
    if kind in (COUNT, INTEGER):
        return count(v)
    if kind == MINUTES:
        return f"{v:,.1f}"
    if kind == PERCENT:
        return f"{100.0 * v:.1f}%"
    return str(value)
