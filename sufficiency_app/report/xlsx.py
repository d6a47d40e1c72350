"""The report as an Excel workbook, with openpyxl: one table per sheet, real numbers.

Finance officers re-use these figures in their own models, so numbers stay
numbers (with £ and thousands-separator formats rather than text), headers
are frozen and columns sized; only suppressed cells are text. Text that
Excel could run as a formula is written as plain text (``formula_guard``).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..infra.formatting import COUNT, DECIMALS, INTEGER, MINUTES, MONEY, PERCENT, TEXT, cell
from ..infra.formula_guard import guard_workbook
from .content import METHOD, Report, Table

NUMBER_FORMATS = {MONEY: "£#,##0;-£#,##0", COUNT: "#,##0", INTEGER: "#,##0", MINUTES: "0.0", PERCENT: "0.0%"}
HEAD_FILL = PatternFill("solid", fgColor="1F3F6B")
HEAD_FONT = Font(bold=True, color="FFFFFF")
# Short tab names (Excel allows 31 characters); the full title heads the About sheet list.
SHEET_NAMES = {
    "schedule": "Schedule", "sufficiency": "Sufficiency", "placements": "Placements by setting",
    "finance": "DSG position", "revenue": "Revenue by kind", "capital": "Capital",
    "areas": "Areas", "assumptions": "Assumptions", "comparison": "Scenarios", "key": "Key figures",
    "dashboard": "SEND dashboard", "required": "Independent by need",
}
INVALID = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = title.translate(INVALID).strip()[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write_table(ws, table: Table, first_row: int = 1) -> None:
    cols = list(table.frame.columns)
    for j, name in enumerate(cols, start=1):
        c = ws.cell(row=first_row, column=j, value=str(name))
        c.fill, c.font = HEAD_FILL, HEAD_FONT
        c.alignment = Alignment(wrap_text=True, vertical="top",
                                horizontal="left" if table.is_text(name) else "right")
    widths = [min(max(len(str(n)), 8), 40) for n in cols]
    for n, row in enumerate(table.frame.itertuples(index=False)):
        i = first_row + 1 + n
        bold = str(row[0]).startswith("Total")
        for j, (name, value) in enumerate(zip(cols, row), start=1):
            kind = table.kind(n, name)
            if kind == TEXT or isinstance(value, str):
                c = ws.cell(row=i, column=j, value="" if value is None else str(value))
                if kind != TEXT:
                    c.alignment = Alignment(horizontal="right")
            else:
                c = ws.cell(row=i, column=j, value=round(float(value), DECIMALS.get(kind, 6)) + 0.0)
                c.number_format = NUMBER_FORMATS[kind]
            if bold:
                c.font = Font(bold=True)
            widths[j - 1] = min(max(widths[j - 1], len(cell(value, kind)) + 2), 60)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w + 1
    ws.freeze_panes = ws.cell(row=first_row + 1, column=1)
    if table.note:
        ws.cell(row=first_row + len(table.frame) + 2, column=1, value=table.note).font = Font(italic=True)


def write_xlsx(report: Report, path: str | Path) -> None:
    """Write ``report`` as an .xlsx workbook at ``path``."""
    wb = Workbook()
    about = wb.active
    about.title = "About"
    taken = {"about"}
    lines = [(report.title, Font(bold=True, size=14)), (report.date_text, None), (report.rule_text, Font(bold=True))]
    for sec in report.sections:
        lines += [("", None), (sec.name, Font(bold=True, size=12))]
        lines += [(text, None) for text in (sec.recommendation, sec.summary, sec.plan) if text]
    lines += [("", None), (METHOD, Font(bold=True))]
    for sec in report.sections:
        lines += [(text, None) for text in sec.method] + [(f"{sec.name}: {sec.provenance}", Font(size=8))]
    for i, (text, font) in enumerate(lines, start=1):
        c = about.cell(row=i, column=1, value=text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            c.font = font
    about.column_dimensions["A"].width = 120
    row = len(lines) + 2
    about.cell(row=row, column=1, value="Sheets").font = Font(bold=True)
    tables = [(0, report.comparison)] if report.comparison is not None else []
    tables += [(n, t) for n, sec in enumerate(report.sections, start=1) for t in sec.tables if t.in_workbook]
    several = len(report.sections) > 1
    for n, table in tables:
        short = SHEET_NAMES.get(table.key, table.title)
        name = _sheet_name(f"{n} {short}" if several and n else short, taken)
        _write_table(wb.create_sheet(name), table)
        row += 1
        scenario = f" ({report.sections[n - 1].name})" if several and n else ""
        about.cell(row=row, column=1, value=f"{name}: {table.title}{scenario}")
    guard_workbook(wb)  # names and notes are user text: never live formulas
    wb.save(str(path))
