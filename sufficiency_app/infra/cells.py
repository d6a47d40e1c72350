"""Reading spreadsheet cells: blanks, text and numbers as people type them.

The readers, validation and importers all parse cells the same way, so a
value one of them accepts the others accept too. Kept below both ``io`` and
``validation`` (it imports neither), so neither imports the other back.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

_NUMBER_JUNK = r"[,_£$€\s]"
FLAGS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def is_blank(value: object) -> bool:
    """True for None, NaN and cells holding only spaces."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def blank_mask(values: pd.Series) -> pd.Series:
    """Vectorised :func:`is_blank` for a whole column."""
    missing = values.isna()
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return missing
    text = values.astype(object).where(~missing, "").astype(str)
    return missing | (text.str.strip() == "")


def as_text(values: pd.Series, strip: bool = False) -> pd.Series:
    """A column as text, ``""`` for blanks (str dtype on pandas 3, object on pandas 2)."""
    text = values.astype(object).where(~values.isna(), "").astype(str)
    return text.str.strip() if strip else text


def map_unique(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """``values.map(function)`` computed once per distinct value (codes repeat a lot)."""
    lookup = {v: function(v) for v in pd.unique(values)}
    return values.map(lookup)


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from a column that may still hold text.

    Thousands separators, currency signs and spaces are ignored
    (``£1,200`` is 1200). Returns the floats (NaN for blank or bad cells)
    and a mask of the cells that hold something that is not a finite number.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype(float)
        return numbers, pd.Series(np.isinf(numbers.to_numpy()), index=values.index)
    raw = values.astype(object)
    numbers = pd.to_numeric(raw, errors="coerce").astype(float)
    retry = numbers.isna() & raw.notna()
    if retry.any():  # only the unusual cells pay for the clean-up
        cleaned = as_text(raw[retry]).str.replace(_NUMBER_JUNK, "", regex=True)
        numbers[retry] = pd.to_numeric(cleaned.astype(object), errors="coerce").astype(float)
    bad = ~blank_mask(values) & ~np.isfinite(numbers)
    return numbers.where(np.isfinite(numbers)), bad


def flag(value: object) -> bool | None:
    """One cell as True/False (true/false, yes/no, 1/0 in any case; Excel's TRUE/FALSE); None otherwise."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return bool(value) if value in (0, 1) else None
    return None if is_blank(value) else FLAGS.get(str(value).strip().lower())


def parse_flags(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column of :func:`flag` values (object dtype, None for blank or bad) and a mask of the bad cells."""
    flags = pd.Series([flag(v) for v in values.astype(object)], index=values.index, dtype=object)
    return flags, ~blank_mask(values) & flags.isna()
