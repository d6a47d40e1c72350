"""The report as a Word document, with python-docx.

Officers paste sections of it into Cabinet papers, so it uses Word's own
heading and table styles (they take on the council's template when pasted),
real tables rather than pictures of tables, and a landscape section for
the wide sufficiency table.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor

from .content import METHOD, Report, Table
from .layout import WORD_FONT_ALLOWANCE, WORD_PADDING, column_widths, font_size, printed_cells
from .suppression import footer as footer_text

GREY = RGBColor(0x55, 0x55, 0x55)
WORD_JOINER = "\u2060"  # no break here: Word and LibreOffice otherwise break a header after "/"
FONT = "Arial"  # on every council laptop, and Helvetica's metrics, which the column widths assume


def _repeat_header(row) -> None:
    """Mark a row as the table's header, repeated on every page (no python-docx API for it)."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _no_wrap(cell) -> None:
    """Keep a number on one line (a minus sign is otherwise a place to break)."""
    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def _small(paragraph, text: str, size: float = 8) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = GREY


def _set_orientation(section, landscape: bool) -> None:
    w, h = section.page_width, section.page_height
    if landscape != (w > h):
        section.page_width, section.page_height = h, w
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def add_table(doc, table: Table, width: int) -> None:
    """``table`` under its title, columns sized as in the PDF (``width`` in EMU)."""
    doc.add_heading(table.title, level=2)
    if table.note:
        _small(doc.add_paragraph(), table.note)
    cols = list(table.frame.columns)
    points = font_size(table, Emu(width).pt, WORD_PADDING, WORD_FONT_ALLOWANCE)
    size = Pt(points)
    widths = [Pt(w) for w in column_widths(table, Emu(width).pt, points, WORD_PADDING, WORD_FONT_ALLOWANCE)]
    grid = doc.add_table(rows=1, cols=len(cols))
    grid.autofit = False
    grid.style = "Light List Accent 1"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    _repeat_header(grid.rows[0])
    for c, name in zip(grid.rows[0].cells, cols):
        c.text = ""
        run = c.paragraphs[0].add_run(str(name).replace("/", "/" + WORD_JOINER))  # "2025/26" never breaks
        run.bold, run.font.size = True, size
        if not table.is_text(name):
            c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in printed_cells(table):
        cells = grid.add_row().cells
        bold = row[0].startswith("Total")
        for c, name, text in zip(cells, cols, row):
            run = c.paragraphs[0].add_run(text)
            run.font.size, run.bold = size, bold
            if not table.is_text(name):
                c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _no_wrap(c)
    for column, w in zip(grid.columns, widths):  # Word reads cell widths, LibreOffice column widths
        column.width = w
        for c in column.cells:
            c.width = w


def write_docx(report: Report, path: str | Path) -> None:
    """Write ``report`` as a .docx at ``path``."""
    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = "SEND Sufficiency Planner"
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for s in (section,):
        s.left_margin = s.right_margin = s.top_margin = s.bottom_margin = Cm(1.8)
    footer = section.footer.paragraphs[0]
    _small(footer, f"{report.title} | {report.date_text} | {footer_text(report.rule)}", 7)
    doc.styles["Normal"].font.size = Pt(10)
    for style in ("Normal", "Title", "Heading 1", "Heading 2"):
        doc.styles[style].font.name = FONT

    doc.add_heading(report.title, level=0)
    doc.add_heading(", ".join(s.name for s in report.sections), level=1)
    doc.add_paragraph(report.date_text)
    _small(doc.add_paragraph(), report.rule_text)
    text_width = section.page_width - section.left_margin - section.right_margin
    land_width = section.page_height - section.left_margin - section.right_margin
    if report.comparison is not None:
        add_table(doc, report.comparison, text_width)
    landscape = False
    for i, sec in enumerate(report.sections):
        if landscape:
            _set_orientation(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
            landscape = False
        elif i or report.comparison is not None:
            doc.add_page_break()
        if len(report.sections) > 1:
            doc.add_heading(sec.name, level=1)
        for text in filter(None, (sec.recommendation, sec.summary)):
            doc.add_paragraph(text).runs[0].font.size = Pt(11)
        doc.add_paragraph(sec.plan)
        for table in sec.opening:
            add_table(doc, table, text_width)
        for n, fig in enumerate(sec.figures):
            doc.add_heading(fig.title, level=2)
            doc.add_picture(io.BytesIO(fig.png), width=int(text_width * (0.95 if n == 0 else 0.9)))
            if fig.caption:
                _small(doc.add_paragraph(), fig.caption)
        for table in sec.later:
            if table.wide != landscape:
                _set_orientation(doc.add_section(WD_SECTION.NEW_PAGE), landscape=table.wide)
                landscape = table.wide
            add_table(doc, table, land_width if table.wide else text_width)
    if landscape:
        _set_orientation(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    else:
        doc.add_page_break()
    _method(doc, report)
    doc.save(str(path))


def _method(doc, report: Report) -> None:
    """The closing Method section: how the figures were worked out, then the input files."""
    doc.add_heading(METHOD, level=1)
    for sec in report.sections:
        if len(report.sections) > 1:
            doc.add_heading(sec.name, level=2)
        for text in sec.method:
            doc.add_paragraph(text)
        _small(doc.add_paragraph(), sec.provenance, 7.5)
