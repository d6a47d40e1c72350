"""The report as a PDF, laid out with ReportLab's platypus.

A4 portrait, with landscape pages for the wide sufficiency table, headers
that repeat when a table runs over a page, and a footer that carries the
date, the page number and what is withheld, so any single printed page
says how its numbers were treated.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from .content import METHOD, Figure, Report, Table
from .layout import column_widths, font_size, printed_cells
from .suppression import footer as footer_text

MARGIN = 16 * mm
HEAD_BG = colors.HexColor("#1f3f6b")
ZEBRA = colors.HexColor("#f1f4f8")

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("title", parent=_styles["Title"], fontSize=22, leading=26, alignment=0, spaceAfter=4 * mm)
H1 = ParagraphStyle("h1", parent=_styles["Heading1"], fontSize=16, leading=19, textColor=HEAD_BG)
H2 = ParagraphStyle("h2", parent=_styles["Heading2"], fontSize=12, leading=15, textColor=HEAD_BG, spaceBefore=3 * mm)
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=10, leading=13.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555"))
LEAD = ParagraphStyle("lead", parent=BODY, fontSize=11, leading=15, spaceBefore=2 * mm, spaceAfter=2 * mm)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_style(size: float, right: bool, bold: bool = False, white: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        f"cell{size}{right}{bold}{white}", parent=BODY, fontSize=size, leading=size * 1.2,
        alignment=TA_RIGHT if right else 0, fontName="Helvetica-Bold" if bold else "Helvetica",
        textColor=colors.white if white else colors.black,
    )


def table_flowable(table: Table, width: float) -> RLTable:
    """A repeating-header table that fits ``width``: text columns share what numbers leave."""
    cols = list(table.frame.columns)
    size = font_size(table, width)
    is_text = [table.is_text(c) for c in cols]
    body = printed_cells(table)
    widths = column_widths(table, width, size)
    head = [Paragraph(_esc(str(c)), _cell_style(size, not t, bold=True, white=True)) for c, t in zip(cols, is_text)]
    rows = [head]
    for r in body:
        bold = r[0] == "Total" or r[0].startswith("Total ")
        rows.append([Paragraph(_esc(v), _cell_style(size, not t, bold=bold)) for v, t in zip(r, is_text)])
    pad = 0.8 if size < 7 else 1.5  # the dense wide table keeps one page per county
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d1dc")),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows), 2)]
    return RLTable(rows, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT")


def _image(fig: Figure, width: float, max_height: float) -> Image:
    w, h = ImageReader(io.BytesIO(fig.png)).getSize()
    scale = min(width / w, max_height / h)
    return Image(io.BytesIO(fig.png), width=w * scale, height=h * scale, hAlign="LEFT")


KEEP_WHOLE = 20  # rows: a table this short is never split across pages


def _table_block(table: Table, width: float) -> list:
    # The note goes under the title, so a long table can never leave it alone on a page.
    note = [Paragraph(_esc(table.note), SMALL), Spacer(1, 1.5 * mm)] if table.note else []
    block = [Paragraph(_esc(table.title), H2), *note, table_flowable(table, width)]
    if len(table.frame) <= KEEP_WHOLE:
        return [KeepTogether(block), Spacer(1, 3 * mm)]
    return [CondPageBreak(45 * mm), *block, Spacer(1, 3 * mm)]


def write_pdf(report: Report, path: str | Path) -> None:
    """Lay ``report`` out as an A4 PDF at ``path``."""
    portrait_w, portrait_h = A4
    land_w, land_h = landscape(A4)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        w, _ = canvas._pagesize
        canvas.drawString(MARGIN, 9 * mm, f"{report.title} | {report.date_text}")
        canvas.drawRightString(w - MARGIN, 9 * mm, f"Page {doc.page}")
        canvas.drawCentredString(w / 2, 9 * mm, footer_text(report.rule))
        canvas.restoreState()

    doc = BaseDocTemplate(str(path), pagesize=A4, title=report.title, author="SEND Sufficiency Planner",
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    doc.addPageTemplates([
        PageTemplate("portrait", [Frame(MARGIN, MARGIN, portrait_w - 2 * MARGIN, portrait_h - 2 * MARGIN)],
                     onPage=footer, pagesize=A4),
        PageTemplate("landscape", [Frame(MARGIN, MARGIN, land_w - 2 * MARGIN, land_h - 2 * MARGIN)],
                     onPage=footer, pagesize=landscape(A4)),
    ])
    width, land_width = portrait_w - 2 * MARGIN, land_w - 2 * MARGIN
    story: list = [
        Paragraph(_esc(report.title), TITLE),
        Paragraph(_esc(", ".join(s.name for s in report.sections)), H1),
        Paragraph(report.date_text, BODY),
        Spacer(1, 2 * mm),
        Paragraph(_esc(report.rule_text), SMALL),
    ]
    if report.comparison is not None:
        story += _table_block(report.comparison, width)
    for i, sec in enumerate(report.sections):
        if i or report.comparison is not None:
            story.append(PageBreak())
        if len(report.sections) > 1:
            story.append(Paragraph(_esc(sec.name), H1))
        story += [Paragraph(_esc(text), LEAD) for text in (sec.recommendation, sec.summary) if text]
        story += [Paragraph(_esc(sec.plan), BODY), Spacer(1, 2 * mm)]
        for table in sec.opening:
            story += [table_flowable(table, width), Paragraph(_esc(table.note), SMALL), Spacer(1, 2 * mm)]
        map_fig, *charts = sec.figures
        story.append(KeepTogether([Paragraph(_esc(map_fig.title), H2), _image(map_fig, width, 150 * mm),
                                   Paragraph(_esc(map_fig.caption), SMALL)]))
        for fig in charts:
            caption = [Paragraph(_esc(fig.caption), SMALL)] if fig.caption else []
            story.append(KeepTogether([Paragraph(_esc(fig.title), H2), _image(fig, width, 70 * mm), *caption]))
        for table in sec.later:
            if table.wide:  # the next page break (if any) returns to portrait
                story += [NextPageTemplate("landscape"), PageBreak(), *_table_block(table, land_width),
                          NextPageTemplate("portrait")]
            else:
                story += _table_block(table, width)
    story += [PageBreak(), Paragraph(METHOD, H1)]
    for sec in report.sections:
        if len(report.sections) > 1:
            story.append(Paragraph(_esc(sec.name), H2))
        story += [Paragraph(_esc(text), BODY) for text in sec.method]
        story.append(Paragraph(_esc(sec.provenance), SMALL))
    doc.build(story)
