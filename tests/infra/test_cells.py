"""Cell parsing: a text column is worked once per distinct cell, with the answers of cell-by-cell work."""

import numpy as np
import pandas as pd
import pytest

from sufficiency_app.infra.cells import _distinct, as_text, blank_mask, is_blank, parse_numbers

CELLS = ["12", " 12 ", "", "   ", None, "£1,200", "1,5", "twelve", "inf", "1e400", "-3", "1_000", "٣", "nan", "12"]


def one_by_one(cells: list) -> tuple[list, list, list, list]:
    """The answers of each cell parsed on its own (a column of one, which has one distinct cell)."""
    parsed = [parse_numbers(pd.Series([c], dtype=object)) for c in cells]
    return ([n.iloc[0] for n, _ in parsed], [b.iloc[0] for _, b in parsed], [is_blank(c) for c in cells],
            ["" if is_blank(c) else str(c).strip() for c in cells])


@pytest.mark.parametrize("dtype", ["str", object])
def test_a_text_column_gives_each_cell_its_own_answer(dtype):
    column = pd.Series(CELLS * 3, index=np.arange(len(CELLS) * 3) * 7, dtype=dtype)
    assert _distinct(column) is not None  # the column is worked per distinct cell
    numbers, bad = parse_numbers(column)
    want_numbers, want_bad, want_blank, want_text = one_by_one(CELLS * 3)
    assert numbers.index.equals(column.index) and bad.index.equals(column.index)
    assert numbers.dtype == float and bad.dtype == bool
    np.testing.assert_array_equal(numbers.to_numpy(), np.array(want_numbers, dtype=float))
    assert bad.tolist() == want_bad
    assert blank_mask(column).tolist() == want_blank
    assert as_text(column, strip=True).tolist() == want_text
    assert (numbers.isna() & ~bad).tolist() == want_blank  # a numeric column's blanks, as validation reads them


def test_mixed_cells_are_not_merged():
    """A workbook's 1, 1.0 and True hash alike; they are worked cell by cell, so True stays a non-number text."""
    column = pd.Series([1, 1.0, True, "1", None], dtype=object)
    assert _distinct(column) is None
    assert as_text(column, strip=True).tolist() == ["1", "1.0", "True", "1", ""]
    assert blank_mask(column).tolist() == [False, False, False, False, True]


def test_empty_and_all_blank_columns():
    for column in (pd.Series([], dtype="str"), pd.Series([None, None], dtype=object),
                   pd.Series([np.nan, np.nan], dtype="str")):
        numbers, bad = parse_numbers(column)
        assert numbers.isna().all() and not bad.any() and len(numbers) == len(column)
        assert blank_mask(column).all() and (as_text(column, strip=True) == "").all()
