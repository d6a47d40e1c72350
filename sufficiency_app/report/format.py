"""British number and date wording for every report format.

Cabinet papers write "23 November 2026", academic years as "2026/27",
money with a pound sign and thousands separators; keeping the wording in one
place makes the PDF, the Word document and the summary text agree.
"""

from __future__ import annotations

import datetime as dt
import math

from .suppression import LOW, WITHHELD

MONEY = "money"
COUNT = "count"
INTEGER = "int"
MINUTES = "minutes"
TEXT = "text"
FORMATS = (MONEY, COUNT, INTEGER, MINUTES, TEXT)


def long_date(day: dt.date) -> str:
    """``23 November 2026``."""
    return f"{day.day} {day:%B %Y}"


def academic_year(year: int) -> str:
    """``2026`` -> ``2026/27``."""
    return f"{year}/{(year + 1) % 100:02d}"


def september(year: int) -> str:
    """When places of academic year ``year`` open: ``September 2026``."""
    return f"September {year}"


def money(value: float) -> str:
    """``£1,234,567`` (whole pounds, minus sign before the pound sign)."""
    sign = "-" if value < -0.5 else ""
    return f"{sign}£{abs(value):,.0f}"


def millions(value: float) -> str:
    """``£18.2m`` for summary sentences; under a million as ``£450k``."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 999_500:
        return f"{sign}£{v / 1e6:,.1f}m"
    return f"{sign}£{v / 1e3:,.0f}k"


def count(value: float) -> str:
    """Whole children with separators: forecasts are fractional, reports are not."""
    return f"{value:,.0f}"


def cell(value: object, kind: str) -> str:
    """One table cell as printed; suppression markers and text pass through."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)  # type: ignore[arg-type]
    if kind == MONEY:
        return money(v)
    if kind in (COUNT, INTEGER):
        return count(v)
    if kind == MINUTES:
        return f"{v:,.1f}"
    return str(value)


def is_marker(value: object) -> bool:
    """True for a suppressed cell (``<5`` or ``c``)."""
    return isinstance(value, str) and value in (LOW, WITHHELD)
