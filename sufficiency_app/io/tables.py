"""From tables as typed by people to the canonical tables of :mod:`sufficiency_app.model.scenario`.

Both readers (folder and workbook) hand this module plain text tables; it
matches headers loosely (case, spaces), puts the canonical columns first
(extra columns kept after them, headers as written), tidies codes, turns
``lon``/``lat`` into British National Grid and, once validation has passed,
gives each column its canonical type.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

from ..infra.cells import as_text, blank_mask, map_unique, parse_flags, parse_numbers
from ..infra.errors import Problem
from ..model.codes import normalise_need, split_list
from ..model.scenario import AREA_COLUMNS, DEMAND_COLUMNS, OPTION_COLUMNS, PROVISION_COLUMNS, TRAVEL_COLUMNS, Scenario

MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 5_000_000  # rows of one CSV table; with MAX_BYTES this bounds the memory a table takes
MAX_FIELD = 32_767  # characters in one cell: Excel's own limit, so no real cell is longer
MAX_BAD_ROWS = 20  # rows with too many values listed one by one
MAX_NAME = 200  # characters of a name or an id (as of the scenario's name in scenario.toml)
BNG = "EPSG:27700"
CANONICAL: dict[str, tuple[str, ...]] = {
    "areas": AREA_COLUMNS + ("centroid_easting", "centroid_northing"),
    "demand": DEMAND_COLUMNS,
    "provisions": PROVISION_COLUMNS,
    "options": OPTION_COLUMNS,
    "travel": TRAVEL_COLUMNS,
}
# Version 2 columns (docs/model.md readings 16-18): matched and typed like the canonical ones, but
# never added when the file lacks them, so a version 1 table is written back exactly as it was.
V2_COLUMNS: dict[str, tuple[str, ...]] = {"provisions": ("in_county",), "options": ("build_years",),
                                          "travel": ("km",)}
# Version 3 columns (docs/model.md readings 19 and 22), the same way.
V3_COLUMNS: dict[str, tuple[str, ...]] = {"provisions": ("place_funding",), "options": ("place_funding", "fill_years")}
KNOWN = {table: columns + V2_COLUMNS.get(table, ()) + V3_COLUMNS.get(table, ()) for table, columns in CANONICAL.items()}
# Columns that may be left out of the file; they are added blank.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "areas": ("centroid_easting", "centroid_northing"),
    "provisions": ("urn",),
    "options": ("provision_id", "name", "kind", "needs", "phases", "easting", "northing", "fixed_capital",
                "earliest_year", "cost_per_place"),
}
_INTEGER = {"demand": ("year",), "provisions": ("capacity",),
            "options": ("module_places", "max_modules", "earliest_year")}
_FLOAT = {"areas": ("centroid_easting", "centroid_northing"), "demand": ("count",),
          "provisions": ("easting", "northing", "cost_per_place", "place_funding"),
          "options": ("easting", "northing", "capital_per_module", "fixed_capital", "cost_per_place", "place_funding"),
          "travel": ("minutes", "km")}
_WHOLE_OR_BLANK = ("build_years", "fill_years")  # int64 when every cell is filled, else float64 with NaN for blanks
_FLAG = ("in_county",)  # True / False / None
_CODES = {"need": normalise_need, "phase": str.upper, "tier": str.lower, "kind": str.lower}
_LON = ("lon", "long", "longitude", "lng")
_LAT = ("lat", "latitude")


@cache
def _wgs84_to_bng() -> Transformer:
    """Made when lon/lat are first converted: making it reads PROJ's database (0.03 CPU-s, 0.14 s of a busy
    machine's clock), which a scenario given in eastings and northings never needs."""
    return Transformer.from_crs("EPSG:4326", BNG, always_xy=True)


def header_key(name: object) -> str:
    """``" Provision ID "`` -> ``provision_id``: how headers are matched."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lstrip("\ufeff").lower())


def too_big(path: Path, label: str) -> Problem | None:
    """Refuse files over 200 MB (or missing ones) before reading a byte of them."""
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        return Problem("error", label, None, None, "", "a readable file",
                       f"cannot open {label}: {exc.strerror or exc}")
    if size <= MAX_BYTES:
        return None
    return Problem("error", label, None, None, f"{size / 1e6:.0f} MB", "a file under 200 MB",
                   f"{label} is {size / 1e6:.0f} MB, more than the 200 MB the planner reads: "
                   "split it or aggregate it first")


def decode_text(data: bytes, label: str) -> tuple[str | None, list[Problem]]:
    """Text of a file as people save it: UTF-8 (BOM tolerated), UTF-16 with a BOM, else Windows-1252.

    Excel's "Unicode text" is UTF-16 with a byte-order mark; it is read,
    with a warning. UTF-16 without one (NUL bytes between letters) cannot
    be told apart reliably and is refused with a sentence saying what to do.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return None, [Problem("error", label, None, None, "", "UTF-8 or Windows-1252 text",
                                  f"{label} is saved as UTF-16 but is damaged ({exc.reason}): "
                                  "save it as UTF-8 or Windows-1252 (in Excel: 'CSV UTF-8')")]
        return text, [Problem("warning", label, None, None, "UTF-16", "UTF-8 text",
                              f"{label} is saved as UTF-16; read as such. In Excel use 'Save as: CSV UTF-8'")]
    if b"\x00" in data[:4096]:
        return None, [Problem("error", label, None, None, "", "UTF-8 or Windows-1252 text",
                              f"{label} holds NUL bytes: it looks saved as UTF-16 (or is not text); "
                              "save it as UTF-8 or Windows-1252 (in Excel: 'CSV UTF-8')")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return data.decode("cp1252", errors="replace"), [
            Problem("warning", label, None, None, "", "UTF-8 text",
                    f"{label} is not UTF-8 ({exc.reason} at byte {exc.start}); read as Windows-1252. "
                    "In Excel use 'Save as: CSV UTF-8'")]


@dataclass(frozen=True)
class BadRow:
    """A CSV line with more values than the header has columns (most often an unquoted comma in a name)."""

    line: int  # 1-based line of the file, the header being line 1
    expected: int
    saw: int
    text: str

    def problem(self, label: str, severity: str = "error", why: str = "") -> Problem:
        return Problem(severity, label, self.line, None, _clip_text(self.text), f"{self.expected} values",
                       f"row {self.line} has {self.saw} values but the header has {self.expected} columns "
                       f"(a comma in a name that is not in quotes?){why}")


def _clip_text(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def unique_headers(headers: list[str]) -> list[str]:
    """Header names made unique the way pandas does it (``a``, ``a.1``; a blank one is ``Unnamed: 2``)."""
    names: list[str] = []
    taken: set[str] = set()
    for i, header in enumerate(headers):
        name = header if header.strip() else f"Unnamed: {i}"
        base, n = name, 1
        while name in taken:
            name, n = f"{base}.{n}", n + 1
        names.append(name)
        taken.add(name)
    return names


_SKIPPED = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


def parse_csv_text(text: str, label: str) -> tuple[pd.DataFrame | None, list[BadRow], list[Problem]]:
    """CSV text as text cells, in time and memory linear in its size.

    Rows and fields are capped (``MAX_ROWS``, ``MAX_FIELD``) with a named
    error. A row with more values than the header is left out and returned
    as a :class:`BadRow`, so the caller decides whether it is an error or a
    warning: it is never shifted into the wrong columns. Shorter rows are
    padded with blanks. Tab-separated text (Excel's "Unicode text") is accepted.
    """
    lines = text.count("\n") + 1
    if lines > MAX_ROWS + 1:
        return None, [], [Problem("error", label, None, None, f"{lines:,} lines", f"at most {MAX_ROWS:,} rows",
                                  f"{label} has {lines:,} lines, more than the {MAX_ROWS:,} rows the planner reads: "
                                  "split it or aggregate it first")]
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    sep = "\t" if "\t" in header and "," not in header else ","  # Excel's "Unicode text" is tabbed
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                              skip_blank_lines=True, sep=sep, header=None, on_bad_lines="warn")
    except Exception as exc:  # any parser failure on user bytes becomes a Problem
        return None, [], [Problem("error", label, None, None, "", "comma-separated values with one header row",
                                  f"cannot read {label} as CSV: {_clip_text(str(exc), 200)}")]
    skipped = [tuple(map(int, m)) for w in caught for m in _SKIPPED.findall(str(w.message))]
    if skipped:
        physical = text.split("\n")
        bad = [BadRow(n, e, saw, physical[n - 1] if n <= len(physical) else "") for n, e, saw in skipped]
    else:
        bad = []
    longest = raw.apply(lambda c: c.str.len().max()) if len(raw) else pd.Series(dtype=float)
    if len(longest) and longest.max() > MAX_FIELD:
        column = int(longest.to_numpy().argmax())
        row = int(raw[column].str.len().to_numpy().argmax())
        name = str(raw.iat[0, column])[:40] if row else f"column {column + 1}"
        return None, bad, [Problem("error", label, row + 1, name, f"{int(longest.max()):,} characters",
                                   f"a cell of at most {MAX_FIELD:,} characters",
                                   f"a cell of {int(longest.max()):,} characters; at most {MAX_FIELD:,} are read "
                                   "(a quote left open?)")]
    if raw.empty:
        return pd.DataFrame(), bad, []
    frame = raw.iloc[1:].reset_index(drop=True)
    frame.columns = unique_headers([str(h) for h in raw.iloc[0]])
    return frame, bad, []


def read_csv_bytes(data: bytes, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV bytes as text cells (encodings: :func:`decode_text`; caps and rows: :func:`parse_csv_text`).

    A row with more values than the header is an error naming the row, and the table is not read.
    """
    text, problems = decode_text(data, label)
    if text is None:
        return None, problems
    if not text.strip():
        problems.append(Problem("error", label, None, None, "", "a header row and data rows", f"{label} is empty"))
        return None, problems
    frame, bad, found = parse_csv_text(text, label)
    problems += found + [row.problem(label) for row in bad[:MAX_BAD_ROWS]]
    if len(bad) > MAX_BAD_ROWS:
        problems.append(Problem("error", label, None, None, f"{len(bad):,} rows", "rows as wide as the header",
                                f"and {len(bad) - MAX_BAD_ROWS:,} more rows with too many values"))
    return (None if bad else frame), problems


def read_csv_file(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one CSV file (size-checked) as text cells."""
    big = too_big(path, label)
    if big is not None:
        return None, [big]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem("error", label, None, None, "", "a readable file", f"cannot open {label}: {exc}")]
    return read_csv_bytes(data, label)


def canonical_frame(raw: pd.DataFrame, table: str, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Rename headers to canonical names, add blank optional columns, order, tidy codes.

    Missing required columns are left missing: validation reports them once.
    """
    canonical = KNOWN[table]
    rename, seen, problems = _header_names(raw, canonical, label)
    frame = raw.loc[:, [c for c in raw.columns if c in rename or header_key(c) not in seen]]
    frame = frame.rename(columns=rename)
    for column in OPTIONAL.get(table, ()):
        if column not in frame.columns:
            frame[column] = ""
    order = [c for c in canonical if c in frame.columns]
    frame = frame[order + [c for c in frame.columns if c not in canonical]]
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if column not in canonical and column != "geometry":
            frame[column] = as_text(frame[column])
    for column in ("area_id", "provision_id", "option_id"):
        if column in canonical and column in frame.columns:
            frame[column] = as_text(frame[column], strip=True)
    for column in ("area_id", "provision_id", "option_id", "name"):
        if column in canonical and column in frame.columns and table != "demand":
            problems += _too_long(as_text(frame[column]), label, column)
    for column, tidy in _CODES.items():
        if column in canonical and column in frame.columns:
            frame[column] = map_unique(as_text(frame[column], strip=True), lambda v, tidy=tidy: tidy(v) if v else v)
    for column in ("needs", "phases"):
        if column in frame.columns:
            tidy = normalise_need if column == "needs" else str.upper
            frame[column] = map_unique(
                as_text(frame[column]), lambda v, tidy=tidy: ";".join(dict.fromkeys(tidy(p) for p in split_list(v))))
    return frame, problems


def _header_names(raw: pd.DataFrame, canonical, label: str) -> tuple[dict, dict, list[Problem]]:
    """``(original -> canonical name, canonical name -> first original, problems)``: a column given twice is an error."""
    rename, seen, problems = {}, {}, []
    for original in raw.columns:
        key = header_key(original)
        if key in canonical:
            if key in seen:
                problems.append(Problem("error", label, 1, str(original), str(original), "each column once",
                                        f"column {key!r} appears twice ({seen[key]!r} and {original!r})"))
                continue
            seen[key] = original
            rename[original] = key
    return rename, seen, problems


def _too_long(values: pd.Series, label: str, column: str) -> list[Problem]:
    """Names and ids longer than ``MAX_NAME``: no real one is, and a report cannot lay them out."""
    lengths = values.str.len()
    return [Problem("error", label, int(pos) + 2, column, _clip_text(values.iloc[pos], 40),
                    f"at most {MAX_NAME} characters",
                    f"{column} of {int(lengths.iloc[pos]):,} characters; at most {MAX_NAME} are read")
            for pos in np.flatnonzero((lengths > MAX_NAME).to_numpy())[:MAX_BAD_ROWS]]


def lonlat_to_grid(frame: pd.DataFrame, label: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Fill blank easting/northing from ``lon``/``lat`` (WGS84); lon/lat stay as extra columns."""
    keys = {header_key(c): c for c in frame.columns}
    lon = next((keys[k] for k in _LON if k in keys), None)
    lat = next((keys[k] for k in _LAT if k in keys), None)
    if lon is None or lat is None:
        return frame, []
    problems: list[Problem] = []
    x, bad_x = parse_numbers(frame[lon])
    y, bad_y = parse_numbers(frame[lat])
    for column, bad in ((lon, bad_x), (lat, bad_y)):
        for pos in np.flatnonzero(bad.to_numpy()):
            problems.append(Problem("error", label, int(pos) + 2, column, str(frame[column].iloc[pos]),
                                    "degrees (WGS84)", f"{frame[column].iloc[pos]!r} is not a number"))
    out = (y.abs() > 90) | (x.abs() > 180)
    for pos in np.flatnonzero(out.to_numpy()):
        problems.append(Problem("error", label, int(pos) + 2, lon, f"{x.iloc[pos]}, {y.iloc[pos]}",
                                "longitude -180..180 and latitude -90..90",
                                "lon/lat are not degrees (are they eastings/northings?)"))
    if "easting" not in frame.columns:
        frame = frame.assign(easting="")
    if "northing" not in frame.columns:
        frame = frame.assign(northing="")
    fill = blank_mask(frame["easting"]) & blank_mask(frame["northing"]) & x.notna() & y.notna() & ~out
    if fill.any():
        e, n = _wgs84_to_bng().transform(x[fill].to_numpy(), y[fill].to_numpy())
        frame = frame.assign(
            easting=frame["easting"].astype(object).where(~fill, pd.Series(e, index=x[fill].index).map(repr)),
            northing=frame["northing"].astype(object).where(~fill, pd.Series(n, index=x[fill].index).map(repr)),
        )
    return frame, problems


def reorder(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Canonical columns first, in canonical order; extras after, as found."""
    canonical = [c for c in KNOWN[table] if c in frame.columns]
    return frame[canonical + [c for c in frame.columns if c not in KNOWN[table]]]


def typed(frame: pd.DataFrame, table: str, base_year: int) -> pd.DataFrame:
    """Canonical dtypes, once validation found no errors: ints, floats, flags, text with '' for blank."""
    changes: dict[str, pd.Series] = {}
    for column in KNOWN[table]:
        if column not in frame.columns:
            continue
        if column in _FLAG:
            changes[column] = parse_flags(frame[column])[0]
        elif column in _WHOLE_OR_BLANK:
            numbers = parse_numbers(frame[column])[0]
            changes[column] = numbers.astype("int64") if numbers.notna().all() else numbers
        elif column in _INTEGER.get(table, ()):
            numbers = parse_numbers(frame[column])[0]
            if column == "earliest_year":
                numbers = numbers.fillna(base_year)
            changes[column] = numbers.astype("int64")
        elif column in _FLOAT.get(table, ()):
            changes[column] = parse_numbers(frame[column])[0].astype("float64")
        elif column != "name":
            changes[column] = as_text(frame[column], strip=True)
        else:
            changes[column] = as_text(frame[column])
    return frame.assign(**changes)


def typed_free_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Finance/history tables: a column becomes numeric when every filled cell is a plain number.

    Whole numbers with no blanks become int64 (a workbook cannot tell 3 from
    3.0, so this is the only rule both formats agree on); codes with leading
    zeros (``007``) stay text so nothing is lost.
    """
    changes = {}
    for column in frame.columns:
        values = frame[column]
        text = as_text(values)
        filled = text[text != ""].str.strip()
        numbers = pd.to_numeric(filled.astype(object), errors="coerce")
        if (filled.empty or filled.str.match(r"^-?0\d").any() or numbers.isna().any()
                or not np.all(np.isfinite(numbers.astype(float)))):
            changes[column] = text
            continue
        full = pd.to_numeric(values.astype(object).where(~blank_mask(values), None), errors="coerce")
        whole = full.dropna().eq(full.dropna().round()).all()
        changes[column] = full.astype("int64") if whole and full.notna().all() else full.astype("float64")
    return frame.assign(**changes) if changes else frame


def finalise(scenario: Scenario) -> Scenario:
    """The scenario with canonical dtypes (call only after validation passed)."""
    base = scenario.parameters.base_year
    return Scenario(
        parameters=scenario.parameters,
        areas=typed(scenario.areas, "areas", base),
        demand=typed(scenario.demand, "demand", base),
        provisions=typed(scenario.provisions, "provisions", base),
        options=typed(scenario.options, "options", base),
        travel=typed(scenario.travel, "travel", base),
        finance=None if scenario.finance is None else typed_free_table(scenario.finance),
        history=None if scenario.history is None else typed_free_table(scenario.history),
        source_hashes=scenario.source_hashes,
    )
