"""Reading spreadsheet cells: blanks, text and numbers as people type them.

The readers, validation and importers all parse cells the same way, so a
value one of them accepts the others accept too. Kept below both ``io`` and
``validation`` (it imports neither), so neither imports the other back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

_CURRENCY = r"[£$€]"
# Thousands grouped by three with one kind of separator: "1,200", "1 200", "1_000", "-12,345.5".
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:(?P<sep>[, _\u00a0\u202f])[0-9]{3})(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?")
FLAGS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def is_blank(value: object) -> bool:
    """True for None, NaN and cells holding only spaces."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """``(codes, distinct cells)`` of a column of text cells (code -1 for a missing one), else None.

    A read table is text, and its columns repeat a few values (a demand
    table's 32,000 counts hold 1,200), so a check worked once per distinct
    cell and spread back by the codes costs a fraction of one worked per
    cell. Only all-text columns: a workbook's mixed cells would merge 1,
    1.0 and True, which are written differently.
    """
    if not (pd.api.types.is_string_dtype(values.dtype) and pd.api.types.infer_dtype(values, skipna=True) == "string"):
        return None
    codes, uniques = pd.factorize(values)
    return codes, pd.Series(np.asarray(uniques, dtype=object), dtype=object)


def _spread(codes: np.ndarray, distinct: pd.Series, missing: object, index: pd.Index) -> pd.Series:
    """Values worked once per distinct cell, back on every cell, ``missing`` on the missing ones."""
    values = np.append(distinct.to_numpy(), np.array([missing], dtype=distinct.dtype))
    return pd.Series(values[codes], index=index)  # code -1 takes the appended ``missing``


def blank_mask(values: pd.Series) -> pd.Series:
    """Vectorised :func:`is_blank` for a whole column."""
    missing = values.isna()
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return missing
    distinct = _distinct(values)
    if distinct is not None:
        codes, cells = distinct
        return _spread(codes, cells.str.strip() == "", True, values.index)
    text = values.astype(object).where(~missing, "").astype(str)
    return missing | (text.str.strip() == "")


def as_text(values: pd.Series, strip: bool = False) -> pd.Series:
    """A column as text, ``""`` for blanks (str dtype on pandas 3, object on pandas 2)."""
    distinct = _distinct(values) if strip else None
    if distinct is not None:
        codes, cells = distinct
        return _spread(codes, cells.str.strip().astype(object), "", values.index).astype(str)
    text = values.astype(object).where(~values.isna(), "").astype(str)
    return text.str.strip() if strip else text


def map_unique(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    """``values.map(function)`` computed once per distinct value (codes repeat a lot)."""
    lookup = {v: function(v) for v in pd.unique(values)}
    return values.map(lookup)


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from a column that may still hold text.

    A currency sign may lead and thousands may be grouped by three with
    commas, spaces or underscores (``£1,200`` and ``1_000`` are 1200 and
    1000). Anything else is not a number: ``1,5`` (1.5 or 15?), ``1,20``,
    other scripts' digits (``٣``). Returns the floats (NaN for blank or bad
    cells) and a mask of the cells that hold something that is not a finite
    number; a cell is blank exactly where the float is NaN and the mask False.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype(float)
        return numbers, pd.Series(np.isinf(numbers.to_numpy()), index=values.index)
    distinct = _distinct(values)
    if distinct is not None:
        codes, cells = distinct
        numbers, bad = _parse_numbers(cells)
        return _spread(codes, numbers, np.nan, values.index), _spread(codes, bad, False, values.index)
    return _parse_numbers(values)


def _parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    raw = values.astype(object)
    numbers = pd.to_numeric(raw, errors="coerce").astype(float)
    retry = numbers.isna() & raw.notna()
    if retry.any():  # only the unusual cells pay for the clean-up
        text = as_text(raw[retry]).str.replace(_CURRENCY, "", regex=True).str.strip()
        grouped = text.str.fullmatch(_GROUPED)
        cleaned = text.where(~grouped, text.str.replace(r"[, _\u00a0\u202f]", "", regex=True))
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
