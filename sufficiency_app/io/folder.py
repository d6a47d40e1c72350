"""The exchange-format folder: ``scenario.toml``, ``areas.geojson`` and CSV tables.

A folder is written beside its final name and swapped in whole
(``atomic.atomic_folder``), so a crash or a full disk leaves the old
scenario or the new one, never a mix of two saves.

GeoJSON is WGS84 unless it names a CRS; a file whose coordinates cannot be
degrees (British National Grid saved without its ``"crs"`` member) is read
as EPSG:27700 with a warning, and validation refuses areas outside Great
Britain. A ring GDAL refuses is reported against its feature.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import tomli_w

from ..infra.atomic import atomic_folder
from ..infra.errors import Problem
from ..model.scenario import Scenario
from .assemble import FREE_TABLES, TABLES, RawScenario
from .parameters import scenario_tree
from .tables import BNG, header_key, read_csv_bytes, reorder, too_big

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


GEOJSON_SUFFIXES = (".geojson", ".json")


def _ring_problem(ring: Any) -> str | None:
    """What is wrong with one GeoJSON linear ring, or None."""
    if not isinstance(ring, list) or len(ring) < 4:
        return "a ring needs at least 4 positions"
    for position in ring:
        if (not isinstance(position, list) or len(position) < 2
                or not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in position)):
            return f"{_clip(position)} is not a position [x, y]"
    if ring[0][:2] != ring[-1][:2]:
        return "the ring is not closed (its last position differs from its first)"
    return None


def _clip(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def geojson_feature_problems(data: bytes, label: str) -> list[Problem]:
    """Features whose polygon rings GDAL refuses, named by feature (row = feature n + 1) and area id."""
    try:
        features = json.loads(data.decode("utf-8-sig")).get("features")
    except (ValueError, AttributeError, RecursionError):
        return []
    problems = []
    for n, feature in enumerate(features if isinstance(features, list) else [], start=1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        coords = geometry.get("coordinates")
        polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
        rings = [ring for polygon in (polygons if isinstance(polygons, list) else [None])
                 for ring in (polygon if isinstance(polygon, list) else [None])]
        reason = next((r for r in map(_ring_problem, rings) if r), None)
        if reason:
            props = feature.get("properties") or {}
            name = next((f" (area {props[k]!r})" for k in props if header_key(k) in ("area_id", "name")), "")
            problems.append(Problem("error", label, n + 1, "geometry", _clip(coords), "a closed polygon ring",
                                    f"feature {n}{name}: {reason}"))
    return problems


def _guess_grid(areas: gpd.GeoDataFrame, path: Path, label: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """GeoJSON is WGS84 unless it says otherwise; coordinates beyond +-180/+-90 cannot be degrees.

    Such a file (most often British National Grid saved without its
    ``"crs"`` member) is read as EPSG:27700 with a warning; validation then
    refuses it if it does not lie in Great Britain. Other formats state
    their CRS, so a contradiction there is an error.
    """
    if not areas.crs.is_geographic or len(areas) == 0:
        return areas, []
    x0, y0, x1, y1 = areas.total_bounds
    if not np.all(np.isfinite([x0, y0, x1, y1])) or (max(abs(x0), abs(x1)) <= 180 and max(abs(y0), abs(y1)) <= 90):
        return areas, []
    found = f"x {x0:,.0f} to {x1:,.0f}, y {y0:,.0f} to {y1:,.0f}"
    if path.suffix.lower() not in GEOJSON_SUFFIXES:
        return areas, [Problem("error", label, None, "geometry", found, "longitude/latitude degrees",
                               f"{label} says its coordinates are degrees ({areas.crs.name}) but they run {found}: "
                               "save it again with its real coordinate reference system")]
    warning = Problem("warning", label, None, "geometry", found, 'a "crs" member naming EPSG:27700',
                      f"{label} has no coordinate reference system and its coordinates ({found}) cannot be "
                      "longitude/latitude: read as British National Grid (EPSG:27700)")
    return areas.set_crs(BNG, allow_override=True), [warning]


def read_areas_file(path: Path, label: str) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read a boundary file (any CRS) and reproject it to British National Grid."""
    big = too_big(path, label)
    if big is not None:
        return None, [big]
    try:
        areas = gpd.read_file(path)
    except Exception as exc:  # pyogrio/GDAL errors on user files become Problems
        named = geojson_feature_problems(path.read_bytes(), label) if path.suffix.lower() in GEOJSON_SUFFIXES else []
        return None, named or [Problem("error", label, None, None, "", "a GeoJSON, GeoPackage or Shapefile",
                                       f"cannot read {label}: {exc}")]
    if not isinstance(areas, gpd.GeoDataFrame) or "geometry" not in areas.columns:  # a CSV, say
        return None, [Problem("error", label, None, None, "", "a GeoJSON, GeoPackage or Shapefile",
                              f"{label} holds no shapes (no geometry): give a boundary file")]
    if areas.crs is None:
        return None, [Problem("error", label, None, None, "", "a coordinate reference system",
                              f"{label} has no coordinate reference system (for a Shapefile, the .prj file "
                              "is missing): save it again with its CRS, e.g. EPSG:27700")]
    areas, problems = _guess_grid(areas, path, label)
    if any(p.severity == "error" for p in problems):
        return None, problems
    try:
        areas = areas.to_crs(BNG)
    except Exception as exc:  # pyproj errors
        return None, [Problem("error", label, None, None, str(areas.crs), "a CRS that converts to EPSG:27700",
                              f"cannot reproject {label} from {areas.crs}: {exc}")]
    return areas, problems


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
            except RecursionError:
                raw.problems.append(Problem("error", "scenario.toml", None, None, "", "valid TOML",
                                            "cannot read scenario.toml: it is nested too deeply"))
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
    """UTF-8 CSV, blanks for missing values, floats at full precision, flags as ``true``/``false``."""
    flags = {c: frame[c].map({True: "true", False: "false"}) for c in frame.columns
             if pd.api.types.infer_dtype(frame[c], skipna=True) == "boolean"}
    return frame.assign(**flags).to_csv(index=False, na_rep="", lineterminator="\n").encode("utf-8")


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


def saved_tables(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The tables a save writes, by name; absent free tables are left out.

    Known columns come first (a version 2 column added last in memory moves
    before the extras), so saving a scenario read back gives the same bytes.
    """
    tables = {t: reorder(getattr(scenario, t), t) for t in TABLES}
    return {**tables, **{t: getattr(scenario, t) for t in FREE_TABLES if getattr(scenario, t) is not None}}


OWNED = ("scenario.toml", "areas.geojson", *(f"{t}.csv" for t in TABLES + FREE_TABLES))


def write_folder(scenario: Scenario, folder: Path) -> None:
    """Write a scenario as an exchange-format folder, swapped in whole (``atomic.atomic_folder``).

    Files of the old folder that are not part of a scenario (notes,
    population.csv, road files) are kept; a finance or history table the
    scenario no longer has is not, so the folder reads back as this scenario.
    """
    with atomic_folder(folder, owned=OWNED) as temp:
        (temp / "scenario.toml").write_bytes(tomli_w.dumps(scenario_tree(scenario)).encode("utf-8"))
        (temp / "areas.geojson").write_bytes(geojson_bytes(scenario.areas))
        for table, frame in saved_tables(scenario).items():
            (temp / f"{table}.csv").write_bytes(csv_bytes(frame))
