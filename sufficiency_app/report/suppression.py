"""Small-number suppression, so a published report cannot identify a child.

Counts of children at area or setting level follow the DfE statistical
disclosure convention: with rule ``lt5`` a count of 1 to 4 is shown as
``<5`` (primary suppression), and where a published total would let a
reader work a suppressed cell out, the next smallest cell in the same row
or column is withheld too and shown as ``c`` (secondary suppression). With
rule ``round5`` every count and every total is rounded to the nearest 5
instead, independently, which needs no secondary step.

Everything here is a pure function on DataFrames; renderers format what
comes back (numbers stay numbers, suppressed cells become the two markers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

Rule = Literal["lt5", "round5"]
RULES: tuple[str, ...] = ("lt5", "round5")
LOW = "<5"
WITHHELD = "c"


def describe(rule: Rule | None) -> str:
    """The sentence a report prints to say which rule it applied."""
    if rule is None:
        return "Small numbers are not suppressed: this report is for internal use only."
    if rule == "round5":
        return ("Counts of children are rounded to the nearest 5, each total independently, "
                "so figures may not add up.")
    return ("Counts of children from 1 to 4 are shown as <5; where a total would reveal such a "
            "count, the next smallest count in the same row or column is withheld and shown as c "
            "(DfE statistical disclosure convention).")


def footer(rule: Rule | None) -> str:
    """The rule in a page footer's words, so a single printed page still says what is withheld."""
    if rule is None:
        return "Small numbers not withheld: for internal use only"
    if rule == "round5":
        return "Counts of children are rounded to the nearest 5"
    return "Counts of 1 to 4 children are withheld"


def primary_mask(values: pd.DataFrame) -> pd.DataFrame:
    """Cells that are 1 to 4 children (any positive count under 5 for forecasts)."""
    return (values > 0) & (values < 5)


def secondary_mask(
    values: pd.DataFrame, mask: pd.DataFrame, *, rows: bool = True, columns: bool = True,
    totals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Widen ``mask`` until no protected row or column has exactly one hidden cell.

    A row (or column) whose sum is published is protected: if only one of
    its cells is hidden, the smallest visible cell of that line is hidden
    too, preferring a positive count to a zero and an inner cell to a
    total (``totals`` marks total cells). Repeats until nothing changes,
    since hiding a cell can expose another line.
    """
    v = values.to_numpy(dtype=float)
    m = mask.to_numpy(dtype=bool).copy()
    is_total = np.zeros_like(m) if totals is None else totals.to_numpy(dtype=bool)
    lines = []
    if rows:
        lines += [(i, slice(None)) for i in range(v.shape[0])]
    if columns:
        lines += [(slice(None), j) for j in range(v.shape[1])]
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden, vals, tot = m[line], v[line], is_total[line]
            if hidden.sum() != 1 or hidden.size < 2:
                continue
            candidates = np.flatnonzero(~hidden)
            if not len(candidates):
                continue
            # Order: totals last, zeros after positive counts, then smallest value.
            key = np.lexsort((vals[candidates], vals[candidates] <= 0, tot[candidates]))
            pick = candidates[key[0]]
            if isinstance(line[0], int):
                m[line[0], pick] = True
            else:
                m[pick, line[1]] = True
            changed = True
    return pd.DataFrame(m, index=values.index, columns=values.columns)


def round_to_5(values: pd.DataFrame) -> pd.DataFrame:
    """Every count to the nearest multiple of 5 (halves away from zero)."""
    return (np.floor(values.astype(float) / 5 + 0.5) * 5).astype(float)


def derived(values: pd.Series, rule: Rule | None) -> pd.Series:
    """A column worked from counts (a share of a total, a difference) made safe like a count.

    Under ``lt5`` a value above 0 and under 5 becomes ``<5``; under
    ``round5`` numbers are rounded to 5; markers already there stay.
    """
    numbers = pd.to_numeric(values, errors="coerce")
    out = values.astype(object).copy()
    if rule == "lt5":
        out[(numbers > 0) & (numbers < 5)] = LOW
    elif rule == "round5":
        known = numbers.notna()
        out[known] = round_to_5(numbers[known].to_frame()).iloc[:, 0]
    return out


def suppress(
    table: pd.DataFrame,
    columns: Sequence[str],
    rule: Rule | None = "lt5",
    *,
    row_total: str | None = None,
    total_row: str | None = None,
    label: str | None = None,
) -> pd.DataFrame:
    """``table`` with its count ``columns`` made safe to publish.

    Parameters
    ----------
    table
        One row per area, setting or group; other columns are copied as they are.
    columns
        The columns that count children.
    rule
        ``lt5``, ``round5`` or None (no suppression, totals still added).
    row_total
        If given, a column of that name is added holding each row's sum of
        ``columns``, and rows are protected (a hidden cell cannot be worked
        out from the row total).
    total_row
        If given, a row of column sums is appended with this text in column
        ``label``, and columns are protected.

    Returns
    -------
    pandas.DataFrame
        Count cells are numbers, or ``"<5"`` (primary) / ``"c"``
        (secondary) under ``lt5``; totals are computed from the true counts.
    """
    out = table.reset_index(drop=True).copy()
    counts = list(columns)
    values = out[counts].astype(float)
    if row_total is not None:
        values[row_total] = values[counts].sum(axis=1)
        counts.append(row_total)
    totals = pd.DataFrame(False, index=values.index, columns=values.columns)
    if row_total is not None:
        totals[row_total] = True
    if total_row is not None:
        values = pd.concat([values, values.sum(axis=0).to_frame().T], ignore_index=True)
        totals = pd.concat([totals, pd.DataFrame(True, index=[0], columns=totals.columns)], ignore_index=True)
        extra = {c: "" for c in out.columns if c not in counts}
        if label is not None:
            extra[label] = total_row
        out = pd.concat([out, pd.DataFrame([extra])], ignore_index=True)
    if rule == "round5":
        shown = round_to_5(values).astype(object)
    elif rule == "lt5":
        primary = primary_mask(values)
        hidden = secondary_mask(values, primary, rows=row_total is not None,
                                columns=total_row is not None, totals=totals)
        shown = values.astype(object).mask(hidden, WITHHELD).mask(primary, LOW)
    elif rule is None:
        shown = values.astype(object)
    else:
        raise ValueError(f"unknown suppression rule {rule!r}; expected one of {', '.join(RULES)}")
    for c in counts:
        out[c] = shown[c].to_numpy()
    return out
