"""Planning areas from an ONS (or any) boundary file.

Reads GeoJSON, GeoPackage or Shapefile in any coordinate reference system
and returns the ``areas`` table of the exchange format in EPSG:27700. The id
and name columns are found by name when not given (LSOA21CD, LSOA11CD,
WD24CD, areacode... and the matching NM / areaname columns); the other
columns are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd

from ..infra.atomic import atomic_write_bytes
from ..infra.errors import Problem
from ..io.folder import geojson_bytes, read_areas_file
from ..io.tables import header_key

ID_PATTERNS = (r"area_id", r"(lsoa|msoa|oa|wd|lad|ctyua|utla|ltla)\d{2}cd", r"area_?code", r"code", r"geo_?code",
               r"id")
NAME_PATTERNS = (r"name", r"(lsoa|msoa|oa|wd|lad|ctyua|utla|ltla)\d{2}nm", r"area_?name", r"geo_?name", r"label")


def _find(columns: list[str], patterns: tuple[str, ...]) -> str | None:
    for pattern in patterns:
        for column in columns:
            if re.fullmatch(pattern, header_key(column)):
                return column
    return None


def read_boundaries(path: str | Path, id_col: str | None = None,
                    name_col: str | None = None) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Areas (``area_id``, ``name``, other columns, geometry) in EPSG:27700, or None with the problems."""
    path = Path(path)
    label = path.name
    areas, problems = read_areas_file(path, label)
    if areas is None:
        return None, problems
    if areas.empty:
        return None, problems + [Problem("error", label, None, None, "", "at least one area",
                                         f"{label} holds no areas: nothing to write")]
    columns = [c for c in areas.columns if c != areas.geometry.name]
    chosen = {}
    for role, given, patterns in (("area_id", id_col, ID_PATTERNS), ("name", name_col, NAME_PATTERNS)):
        if given is not None:
            match = next((c for c in columns if header_key(c) == header_key(given)), None)
        else:
            match = _find(columns, patterns)
        if match is None:
            wanted = f"a column named {given!r}" if given else f"an {role} column (e.g. LSOA21CD)"
            problems.append(Problem("error", label, None, given or role, "", wanted,
                                    f"cannot find {wanted}; columns are: {', '.join(columns)} "
                                    f"(name it with --{'id' if role == 'area_id' else 'name'}-col)"))
        chosen[role] = match
    if any(v is None for v in chosen.values()):
        return None, problems
    ids = areas[chosen["area_id"]].astype(str).str.strip()
    duplicated = ids[ids.duplicated()]
    for pos in duplicated.index:
        problems.append(Problem("error", label, int(pos) + 2, chosen["area_id"], ids[pos], "unique area ids",
                                f"area id {ids[pos]!r} appears more than once"))
    if len(duplicated):
        return None, problems
    rest = [c for c in columns if c not in chosen.values() and header_key(c) not in ("area_id", "name")]
    out = gpd.GeoDataFrame(
        {"area_id": ids, "name": areas[chosen["name"]].astype(str), **{c: areas[c] for c in rest}},
        geometry=areas.geometry.to_numpy(), crs=areas.crs,
    )
    return out, problems


def write_areas(areas: gpd.GeoDataFrame, path: str | Path) -> None:
    """Save areas as exchange-format GeoJSON (EPSG:27700, CRS named in the file), atomically."""
    atomic_write_bytes(path, geojson_bytes(areas))
