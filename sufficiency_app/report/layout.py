"""Column widths and font size shared by the PDF and Word tables.

Both formats print the same cells, so they size columns the same way:
numbers never wrap, text columns share what the numbers leave and wrap
between words, never inside one.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..infra.formatting import cell
from .content import Table

FONT = "Helvetica-Bold"  # measure as bold: the widest a cell is printed
PDF_PADDING = 6.0  # points, both sides of a cell together
WORD_PADDING = 12.0  # Word's default cell margins are wider
# Word documents ask for Arial (Helvetica's metrics), but a machine without it
# substitutes a wider face (LibreOffice on Linux: DejaVu Sans), so leave room.
WORD_FONT_ALLOWANCE = 1.3


SIZES = (8.5, 7.5, 6.5, 6.0)


def font_size(table: Table, width: float, padding: float = PDF_PADDING, allowance: float = 1.0) -> float:
    """The largest type at which the number columns take at most four fifths of ``width``."""
    n = len(table.frame.columns)
    start = 2 if n > 12 else (1 if n > 6 else 0)
    body = printed_cells(table)
    cols = [str(c) for c in table.frame.columns]
    numbers = [i for i, c in enumerate(table.frame.columns) if not table.is_text(c)]
    for size in SIZES[start:]:
        need = sum(max(stringWidth(t, FONT, size) for t in [*cols[i].split(), *(r[i] for r in body)]) * allowance
                   + padding for i in numbers)
        if need <= width * 0.8:
            return size
    return SIZES[-1]


def printed_cells(table: Table) -> list[list[str]]:
    """Every body cell as it is printed."""
    cols = list(table.frame.columns)
    return [[cell(v, table.kind(i, c)) for c, v in zip(cols, row)]
            for i, row in enumerate(table.frame.itertuples(index=False))]


def column_widths(table: Table, width: float, size: float, padding: float = PDF_PADDING,
                  allowance: float = 1.0) -> list[float]:
    """Widths in points that add up to ``width``; ``allowance`` widens the measured text."""
    cols = [str(c) for c in table.frame.columns]
    body = printed_cells(table)
    is_text = [table.is_text(c) for c in table.frame.columns]

    def widest(texts) -> float:
        return max([stringWidth(t, FONT, size) for t in texts] or [0.0]) * allowance + padding

    words = [widest([*cols[i].split(), *(w for r in body for w in r[i].split())]) for i in range(len(cols))]
    whole = [widest([*cols[i].split(), *(r[i] for r in body)]) for i in range(len(cols))]
    numbers = sum(w for w, t in zip(whole, is_text) if not t)
    if not any(is_text):
        return [w * width / numbers for w in whole]
    # Numbers keep their width (shrunk only if they alone would overflow); text
    # columns share the rest: short ones get all they need, long ones split what
    # is left in proportion and wrap, each at least its longest word when that fits.
    spare = max(width - numbers, width * 0.2)
    number_scale = min(1.0, (width - spare) / numbers) if numbers else 1.0
    text = sorted((whole[i], i) for i, t in enumerate(is_text) if t)
    given: dict[int, float] = {}
    left = spare
    while text and text[0][0] <= left / len(text):
        need, i = text.pop(0)
        given[i], left = need, left - need
    long_need = sum(n for n, _ in text)
    for need, i in text:
        given[i] = max(left * need / long_need, words[i])
    text_scale = spare / sum(given.values())
    return [given[i] * text_scale if t else n * number_scale for i, (n, t) in enumerate(zip(whole, is_text))]
