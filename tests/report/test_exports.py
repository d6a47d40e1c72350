"""The PDF, Word and Excel files: they open, say the right things, and convert."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from small_scenarios import finance_baseline, finance_county, finance_plan

from sufficiency_app.report import content
from sufficiency_app.report.docx import write_docx
from sufficiency_app.report.export import format_for, write_report
from sufficiency_app.report.pdf import write_pdf
from sufficiency_app.report.xlsx import write_xlsx

DAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """One report in every format (drawing the figures once for the module)."""
    folder = tmp_path_factory.mktemp("exports")
    report = content.build([content.Run(finance_county(), finance_plan(), finance_baseline())], "lt5", DAY)
    paths = {"pdf": folder / "r.pdf", "docx": folder / "r.docx", "xlsx": folder / "r.xlsx"}
    write_pdf(report, paths["pdf"])
    write_docx(report, paths["docx"])
    write_xlsx(report, paths["xlsx"])
    return paths


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_says_what_a_cabinet_paper_needs(files):
    text = _pdf_text(files["pdf"])
    for expected in ("SEND sufficiency plan", "Test county", "23 November 2026", "September 2026",
                     "2027/28", "£1.7m", "The plan creates 12 places across 2 settings",
                     "Method: how the figures were worked out", "Proven best plan", "shown as <5",
                     "Counts of 1 to 4 children are withheld", "Assumptions",
                     "Sufficiency by phase and need", "High Needs Block (DSG) position"):
        assert expected in text, expected


def test_docx_has_headings_tables_and_pictures(files):
    doc = Document(str(files["docx"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "23 November 2026" in text and "The plan creates 12 places" in text
    titles = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Schedule of new places" in titles and "Map of the plan" in titles
    assert len(doc.inline_shapes) == 4
    key, schedule = doc.tables[:2]
    assert [c.text for c in key.rows[0].cells] == ["Measure", "Plan", "No new places"]
    assert [c.text for c in schedule.rows[0].cells][:2] == ["Option", "Setting"]
    assert schedule.rows[-1].cells[-1].text == "£1.7m"
    # The wide sufficiency table prints a few years a table, each on a portrait page that holds it.
    assert "Sufficiency by phase and need, 2025/26 to 2027/28" in titles
    assert all(s.page_width < s.page_height for s in doc.sections)


def test_xlsx_numbers_are_numbers(files):
    wb = load_workbook(files["xlsx"])
    assert wb.sheetnames[0] == "About"
    finance = wb["DSG position"]
    assert finance.freeze_panes == "A2"
    assert finance["A1"].value == "Line" and finance["B1"].value == "2025/26"
    saving = next(r for r in finance.iter_rows(min_row=2) if r[0].value == "Revenue saving of the plan")
    assert [c.value for c in saving[1:]] == [240_000, 520_000, 560_000]
    assert saving[1].number_format == "£#,##0;-£#,##0"
    schedule = wb["Schedule"]
    assert schedule["F2"].value == 4 and schedule["F2"].number_format == "#,##0"
    assert schedule.column_dimensions["B"].width > 10
    # Suppressed area counts are the only text among counts.
    areas = wb["Areas"]
    column = [areas.cell(row=r, column=3).value for r in range(2, 6)]
    assert column == [10, "<5", "c", 22]


NUMBER_AS_TEXT = re.compile(r"[\u2212-]?£?\d[\d,]*(\.\d+)?[%km]?")


def test_no_sheet_stores_a_number_as_text(files):
    wb = load_workbook(files["xlsx"])
    key = {r[0].value: r[1] for r in wb["Key figures"].iter_rows(min_row=2) if r[0].value}
    assert key["Capital used"].value == 1_700_000 and key["Capital used"].number_format == "£#,##0;-£#,##0"
    within = key["State places within the travel limit"]
    assert isinstance(within.value, (int, float)) and within.number_format == "0.0%"
    for sheet in wb.worksheets[1:]:  # the About sheet is prose
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str) and sheet.title != "Assumptions":
                    assert not NUMBER_AS_TEXT.fullmatch(c.value.strip()), (sheet.title, c.coordinate, c.value)


def test_format_from_suffix_and_default_rules(tmp_path):
    assert format_for("out.PDF") == "pdf" and format_for("x.bin", "xlsx") == "xlsx"
    with pytest.raises(ValueError, match="pdf, docx, xlsx"):
        format_for("out.txt")
    run = content.Run(finance_county(), finance_plan(), finance_baseline())
    # Every format leaves the building: suppressed unless asked otherwise, the rule on the first sheet.
    wb = load_workbook(write_report([run], tmp_path / "default.xlsx", today=DAY))
    assert [wb["Areas"].cell(row=r, column=3).value for r in range(2, 5)] == [10, "<5", "c"]
    assert "shown as <5" in wb["About"]["A3"].value
    wb = load_workbook(write_report([run], tmp_path / "exact.xlsx", rule=None, today=DAY))
    areas = wb["Areas"]
    assert [areas.cell(row=r, column=3).value for r in range(2, 5)] == [10, 3, 9]
    assert "not suppressed" in wb["About"]["A3"].value


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui "
                           "and libreoffice-calc-nogui")
def test_libreoffice_converts_docx_and_xlsx(files, tmp_path):
    for key in ("docx", "xlsx"):
        out = tmp_path / key
        done = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(out), str(files[key])],
            capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        pdf = out / "r.pdf"
        assert pdf.exists() and pdf.stat().st_size > 5_000
        assert pdf.read_bytes().startswith(b"%PDF")
