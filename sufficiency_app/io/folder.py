"""The exchange-format folder: ``scenario.toml``, ``areas.geojson`` and CSV tables.

Writes are atomic per file (a temporary file in the same folder, flushed
to disk, then renamed over the old one), so a crash or a full disk never
leaves a half-written table behind.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import tomli_w

from ..atomic import atomic_write_bytes
from ..errors import Problem
from ..scenario import Scenario
from .assemble import FREE_TABLES, TABLES, RawScenario
from .parameters import parameters_to_tree
from .tables import BNG, read_csv_bytes, too_big

AREA_FILES = ("areas.geojson", "areas.gpkg", "areas.shp")
LABELS = {"parameters": "scenario.toml", **{t: f"{t}.csv" for t in TABLES + FREE_TABLES}}


def _read_bytes(path: Path, raw: RawScenario) -> bytes | None:
    label = path.name
    big = too_big(path, label)
    if big is not None:
        raw.problems.append(big)
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raw.problems.append(Problem("error", label, None, None, "", "a readable file", f"cannot open {label}: {exc}"))
        return None
    raw.source_hashes[label] = hashlib.sha256(data).hexdigest()
    return data


def read_areas_file(path: Path, label: str) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read a boundary file (any CRS) and reproject it to British National Grid."""
    big = too_big(path, label)
    if big is not None:
        return None, [big]
    try:
        areas = gpd.read_file(path)
    except Exception as exc:  # pyogrio/GDAL errors on user files become Problems
        return None, [Problem("error", label, None, None, "", "a GeoJSON, GeoPackage or Shapefile",
                              f"cannot read {label}: {exc}")]
    if areas.crs is None:
        return None, [Problem("error", label, None, None, "", "a coordinate reference system",
                              f"{label} has no coordinate reference system (for a Shapefile, the .prj file "
                              "is missing): save it again with its CRS, e.g. EPSG:27700")]
    try:
        areas = areas.to_crs(BNG)
    except Exception as exc:  # pyproj errors
        return None, [Problem("error", label, None, None, str(areas.crs), "a CRS that converts to EPSG:27700",
                              f"cannot reproject {label} from {areas.crs}: {exc}")]
    return areas, []


def read_folder(folder: Path) -> RawScenario:
    """Collect the files of a scenario folder; problems for missing or unreadable ones."""
    raw = RawScenario(labels=dict(LABELS, areas="areas.geojson"))
    toml_path = folder / "scenario.toml"
    if toml_path.is_file():
        data = _read_bytes(toml_path, raw)
        if data is not None:
            try:
                raw.parameters = tomllib.loads(data.decode("utf-8-sig"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raw.problems.append(Problem("error", "scenario.toml", None, None, "", "valid TOML",
                                            f"cannot read scenario.toml: {exc}"))
    found = [name for name in AREA_FILES if (folder / name).is_file()]
    if found:
        name = found[0]
        raw.labels["areas"] = name
        if len(found) > 1:
            raw.problems.append(Problem("warning", name, None, None, ", ".join(found), "one areas file",
                                        f"several areas files ({', '.join(found)}): using {name}"))
        if _read_bytes(folder / name, raw) is not None:
            areas, problems = read_areas_file(folder / name, name)
            raw.areas, raw.problems = areas, raw.problems + problems
    for table in TABLES + FREE_TABLES:
        path = folder / f"{table}.csv"
        if not path.is_file():
            continue
        data = _read_bytes(path, raw)
        if data is None:
            raw.tables[table] = None
            continue
        frame, problems = read_csv_bytes(data, path.name)
        raw.problems += problems
        raw.tables[table] = frame
    return raw


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV, blanks for missing values, floats at full precision."""
    return frame.to_csv(index=False, na_rep="", lineterminator="\n").encode("utf-8")


def _json_value(value: object) -> object:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def geojson_bytes(areas: gpd.GeoDataFrame) -> bytes:
    """GeoJSON with a named CRS member, so GDAL reads it back in EPSG:27700 unchanged."""
    areas = areas.to_crs(BNG) if areas.crs is not None else areas.set_crs(BNG)
    properties = pd.DataFrame(areas.drop(columns=areas.geometry.name))
    geometry = json.loads(gpd.GeoSeries(areas.geometry).to_json())["features"]
    features = []
    for (_, row), shape in zip(properties.iterrows(), geometry):
        features.append({"type": "Feature", "properties": {k: _json_value(v) for k, v in row.items()},
                         "geometry": shape["geometry"]})
    collection = {"type": "FeatureCollection",
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
                  "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def write_folder(scenario: Scenario, folder: Path) -> None:
    """Write a scenario as an exchange-format folder (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(folder / "scenario.toml", tomli_w.dumps(parameters_to_tree(scenario.parameters)).encode("utf-8"))
    atomic_write_bytes(folder / "areas.geojson", geojson_bytes(scenario.areas))
    for table in TABLES:
        atomic_write_bytes(folder / f"{table}.csv", csv_bytes(getattr(scenario, table)))
    for table in FREE_TABLES:
        frame = getattr(scenario, table)
        path = folder / f"{table}.csv"
        if frame is not None:
            atomic_write_bytes(path, csv_bytes(frame))
        elif path.exists():
            path.unlink()  # the folder must read back as this scenario
