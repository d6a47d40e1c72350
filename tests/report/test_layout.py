"""Table layout: columns fill the page, numbers keep their width, text wraps."""

from __future__ import annotations

import pandas as pd
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from sufficiency_app.report.content import Table
from sufficiency_app.report.layout import FONT, PDF_PADDING, column_widths, font_size


def _table(names: list[str], amounts: list[float]) -> Table:
    frame = pd.DataFrame({"Setting": names, "Capital": amounts})
    return Table("t", "T", frame, {"Setting": "text", "Capital": "money"})


def test_numbers_keep_their_width_and_text_takes_the_rest():
    table = _table(["Oak Special School, a rather long name for a school", "Ash"], [-123_456_789.0, 5.0])
    widths = column_widths(table, 300.0, 8.5)
    assert sum(widths) == pytest.approx(300.0)
    assert widths[1] == pytest.approx(stringWidth("−£123.5m", FONT, 8.5) + PDF_PADDING)


def test_crowded_money_tables_get_smaller_type():
    few = _table(["a"], [1.0])
    wide = Table("t", "T", pd.DataFrame({"Line": ["x"], **{f"y{i}": [-123_456_789.0] for i in range(6)}}),
                 {"Line": "text", **{f"y{i}": "money" for i in range(6)}})
    assert font_size(few, 500.0) == 8.5
    assert font_size(wide, 500.0) == 7.5
    assert font_size(wide, 250.0) == 6.0
