"""XLSX row-cap benchmark: how fast a sheet of millions of rows is refused (issue 22).

Writes demand workbooks whose sheet holds ``--rows`` rows with no
``<dimension>`` element, or one that claims 40 rows, streamed straight into
the zip (openpyxl would take minutes to write them), and reads each with
``import-demand``'s reader (``importers.demand.load_long_demand``). A sheet
over the cap must stop at once (the rows are counted in the XML before any
cell is parsed); one under it is read whole, with a warning when its
dimension lies.

    python benchmarks/xlsx_rows_bench.py --rows 3000000 200000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sufficiency_app.importers.demand import load_long_demand  # noqa: E402

HEADER = ("year", "area_id", "need", "phase", "tier", "count")
SHEET = "xl/worksheets/sheet1.xml"


def demand_book(path: Path, rows: int, dimension: str | None) -> Path:
    """A one-sheet demand workbook of ``rows`` rows (plus the header), its sheet XML written by hand."""
    Workbook().save(path)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist() if n != SHEET}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open(SHEET, "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                      b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                out.write(f'<dimension ref="{dimension}"/>'.encode())
            out.write(b"<sheetData>")
            cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER)
            out.write(f'<row r="1">{cells}</row>'.encode())
            block = []
            for i in range(2, rows + 2):
                block.append(f'<row r="{i}"><c><v>2025</v></c><c t="inlineStr"><is><t>A{i % 50}</t></is></c>'
                             '<c t="inlineStr"><is><t>ASD</t></is></c><c t="inlineStr"><is><t>PRI</t></is></c>'
                             '<c t="inlineStr"><is><t>special</t></is></c><c><v>2</v></c></row>')
                if len(block) == 10_000:
                    out.write("".join(block).encode())
                    block = []
            out.write("".join(block).encode() + b"</sheetData></worksheet>")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[3_000_000, 200_000])
    args = parser.parse_args(argv)
    print(f"{'rows':>10} {'dimension':>10} {'MB':>6} {'wall s':>7} {'CPU s':>6}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            for dimension in (None, "A1:F40"):
                path = demand_book(Path(tmp) / f"d{rows}.xlsx", rows, dimension)
                wall, cpu = time.perf_counter(), time.process_time()
                demand, problems = load_long_demand(path)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                said = problems[0].message if problems else "no problem"
                outcome = (f"{len(demand):,} rows read" if demand is not None else "refused") + f": {said[:90]}"
                print(f"{rows:>10,} {dimension or 'none':>10} {path.stat().st_size / 1e6:>6.1f} {wall:>7.1f} "
                      f"{cpu:>6.1f}  {outcome}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
