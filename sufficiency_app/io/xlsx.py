"""One Excel workbook per scenario, one sheet per table.

Sheets: Parameters (key/value rows: nested TOML keys dotted, lists as JSON
text), Areas (area_id, name, optional centroids, extras, and the polygon as
WKT in ``geometry_wkt``), Demand, Provisions, Options, Travel, Finance,
History. Sheet names and headers match case-insensitively. A polygon whose
WKT is longer than an Excel cell (32,767 characters) continues in
``geometry_wkt_2``, ``geometry_wkt_3``... so nothing is simplified away.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..infra.atomic import atomic_path
from ..infra.errors import Problem
from ..infra.formula_guard import guard_cell
from ..model.scenario import Scenario
from .assemble import FREE_TABLES, TABLES, RawScenario
from .folder import saved_tables
from .parameters import flatten, scenario_tree, unflatten
from .tables import BNG, header_key, too_big, unique_headers

SHEETS = {"parameters": "Parameters", "areas": "Areas", **{t: t.capitalize() for t in TABLES + FREE_TABLES}}
CELL_LIMIT = 32_767
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
WKT = "geometry_wkt"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def sheet_rows(sheet: Any, label: str) -> tuple[list[tuple] | None, list[Problem]]:
    """The rows of a read-only sheet, streamed, at most ``MAX_SHEET_ROWS`` of them whatever its dimension says.

    openpyxl stops where the sheet's ``<dimension>`` element says the data
    ends, and a crafted sheet can claim 3,000 rows and hold 3,000,000 (or
    claim none): the dimension is ignored, rows are counted as they are
    read, and a sheet whose rows disagree with its dimension is a warning.
    """
    declared = sheet.max_row  # None without a dimension element
    sheet.reset_dimensions()
    rows: list[tuple] = []
    for row in sheet.iter_rows(values_only=True):
        if len(rows) >= MAX_SHEET_ROWS:
            return None, [Problem("error", label, None, None, f"over {MAX_SHEET_ROWS:,} rows",
                                  f"at most {MAX_SHEET_ROWS:,} rows", f"{label} holds more than {MAX_SHEET_ROWS:,} "
                                  "rows, the most an Excel sheet can have: the file is damaged or not a sheet "
                                  "the planner wrote")]
        rows.append(tuple(row))
    if declared is not None and declared > 1 and declared != len(rows):
        return rows, [Problem("warning", label, None, None, f"{declared:,} rows", f"{len(rows):,} rows",
                              f"{label} says it has {declared:,} rows (its dimension) but holds {len(rows):,}: "
                              f"all {len(rows):,} were read; save it again in Excel to repair it")]
    return rows, []


def sheet_frame(rows: list[tuple]) -> pd.DataFrame:
    """Text cells of a sheet; trailing blank rows dropped, blank rows inside kept (and reported)."""
    if not rows:
        return pd.DataFrame()
    headers = unique_headers([_cell_text(h) for h in rows[0]])
    body = [tuple(_cell_text(v) for v in r) for r in rows[1:]]
    while body and not any(body[-1]):
        body.pop()
    width = len(headers)
    body = [(r + ("",) * width)[:width] for r in body]
    return pd.DataFrame(body, columns=headers, dtype=object)


def _areas_from_sheet(frame: pd.DataFrame, label: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    keys = {header_key(c): c for c in frame.columns}
    parts = [keys[k] for k in [WKT] + [f"{WKT}_{i}" for i in range(2, 100)] if k in keys]
    problems: list[Problem] = []
    shapes = []
    text = frame[parts].astype(str).agg("".join, axis=1) if parts else pd.Series("", index=frame.index)
    for pos, wkt in enumerate(text):
        if not wkt.strip():
            shapes.append(None)
            continue
        try:
            shapes.append(shapely.from_wkt(wkt))
        except Exception as exc:  # shapely GEOS errors on user text
            shapes.append(None)
            problems.append(Problem("error", label, pos + 2, parts[0], wkt[:40], "a polygon as WKT",
                                    f"cannot read the polygon: {exc}"))
    rest = frame.drop(columns=parts)
    return gpd.GeoDataFrame(rest, geometry=gpd.GeoSeries(shapes, index=rest.index), crs=BNG), problems


def read_workbook(path: Path) -> RawScenario:
    """Collect the sheets of a workbook; problems for missing or unreadable ones."""
    book_name = path.name
    raw = RawScenario(labels={t: f"{book_name} [{s}]" for t, s in SHEETS.items()})
    big = too_big(path, book_name)
    if big is not None:
        raw.problems.append(big)
        raw.labels = {t: book_name for t in raw.labels}
        return raw
    try:
        data = path.read_bytes()
        raw.source_hashes[book_name] = hashlib.sha256(data).hexdigest()
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            wanted = {header_key(sheet): table for table, sheet in SHEETS.items()}
            sheets = {}
            for name in book.sheetnames:  # only the planner's sheets are read, one row at a time
                if header_key(name) in wanted and header_key(name) not in sheets:
                    sheets[header_key(name)], problems = sheet_rows(book[name], raw.labels[wanted[header_key(name)]])
                    raw.problems += problems
        finally:
            book.close()
    except Exception as exc:  # zip, XML and openpyxl errors on user files
        raw.problems.append(Problem("error", book_name, None, None, "", "an Excel .xlsx workbook",
                                    f"cannot read {book_name}: {exc}"))
        raw.labels = {t: book_name for t in raw.labels}
        return raw
    for table, sheet in SHEETS.items():
        rows = sheets.get(header_key(sheet))
        if rows is None:
            if header_key(sheet) in sheets:  # read, but refused
                raw.tables[table] = None
            continue
        frame = sheet_frame(rows)
        label = raw.labels[table]
        if table == "parameters":
            pairs = [(r[0], r[1] if len(r) > 1 else None) for r in rows[1:] if r and r[0] not in (None, "")]
            raw.parameters, problems = unflatten(pairs, label)
            raw.problems += problems
        elif table == "areas":
            raw.areas, problems = _areas_from_sheet(frame, label)
            raw.problems += problems
        else:
            raw.tables[table] = frame
    return raw


def _value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def _append(sheet: Any, values: Iterable[Any]) -> None:
    cells = []
    for value in values:
        value = _value(value)
        if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
            raise ValueError(f"sheet {sheet.title}: the text {value[:40]!r} holds control characters that "
                             "Excel cannot store; remove them or save as a folder")
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text stays text, even '=...'
            cells.append(guard_cell(cell))  # and Excel will not run it if the cell is edited
        else:
            cells.append(value)
    sheet.append(cells)


def _write_table(book: Workbook, title: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(title)
    _append(sheet, [str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        _append(sheet, row)


def _areas_table(areas: gpd.GeoDataFrame) -> pd.DataFrame:
    areas = areas.to_crs(BNG) if areas.crs is not None else areas
    wkt = [("" if g is None or g.is_empty else shapely.to_wkt(g, rounding_precision=-1)) for g in areas.geometry]
    pieces = max(1, max((math.ceil(len(w) / CELL_LIMIT) for w in wkt), default=1))
    frame = pd.DataFrame(areas.drop(columns=areas.geometry.name))
    for i in range(pieces):
        name = WKT if i == 0 else f"{WKT}_{i + 1}"
        frame[name] = [w[i * CELL_LIMIT:(i + 1) * CELL_LIMIT] for w in wkt]
    return frame


def write_workbook(scenario: Scenario, path: Path) -> None:
    """Write a scenario as one workbook, atomically (temporary file, then rename)."""
    book = Workbook(write_only=True)
    params = book.create_sheet(SHEETS["parameters"])
    _append(params, ["key", "value"])
    for key, value in flatten(scenario_tree(scenario)):
        _append(params, [key, value])
    _write_table(book, SHEETS["areas"], _areas_table(scenario.areas))
    for table, frame in saved_tables(scenario).items():
        _write_table(book, SHEETS[table], frame)
    with atomic_path(path) as temp:
        book.save(temp)
