"""Reading a road-links layer and giving every link a class, a speed and minutes.

Councils hold roads as OS Open Roads (GeoPackage or Shapefile, British
National Grid) or as an OpenStreetMap extract (GeoJSON in WGS84); both come
here and leave as one GeoDataFrame in EPSG:27700 with ``road_class``,
``speed_kmh`` and ``minutes`` per single-part LineString.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely

from ..infra.errors import Problem, ScenarioError
from .speeds import CLASS_COLUMNS, LIMIT_COLUMNS, SPEED_COLUMNS, RoadSettings, parse_maxspeed, road_class

CRS = "EPSG:27700"
LINK_COLUMNS = ("road_class", "speed_kmh", "length_m", "minutes", "geometry")
_PREFERRED_LAYERS = ("road_link", "roadlink", "links", "roads", "lines")


def _error(file: str, value: str, expected: str, message: str, column: str | None = None) -> ScenarioError:
    return ScenarioError([Problem("error", file, None, column, value, expected, message)])


def _no_type_column(file: str, fields: Sequence[str]) -> ScenarioError:
    return _error(file, ", ".join(fields), "a column " + ", ".join(CLASS_COLUMNS + SPEED_COLUMNS),
                  "the road links have no road-type column (OS Open Roads road_classification/function, "
                  "OSM highway) and no speed_kmh column")


def _no_crs(file: str) -> ScenarioError:
    return _error(file, "", "a layer with a coordinate reference system",
                  "the road file has no CRS; save it with one (EPSG:27700 for British National Grid)")


def _pick_layer(path: Path) -> str | None:
    """The line layer to read: OS Open Roads' ``road_link`` if present, else the first line layer."""
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises DataSourceError and friends
        raise _error(path.name, "", "a GeoPackage, Shapefile or GeoJSON of road links",
                     f"cannot open the road file: {exc}") from exc
    lines = [str(name) for name, kind in layers if kind is None or "line" in str(kind).lower()]
    for wanted in _PREFERRED_LAYERS:
        for name in lines:
            if name.lower() == wanted:
                return name
    if not lines:
        raise _error(path.name, ", ".join(str(n) for n, _ in layers), "a layer of LineStrings",
                     "the road file has no line layer")
    return lines[0]


def _match(fields: Sequence[str], wanted: Sequence[str]) -> list[str]:
    lower = {f.lower(): f for f in fields}
    return [lower[w] for w in wanted if w in lower]


def read_links(path: str | Path, settings: RoadSettings,
               bbox: tuple[float, float, float, float] | None = None) -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """Read road links, reproject to EPSG:27700 and price each link in minutes.

    Parameters
    ----------
    path
        GeoPackage, Shapefile or GeoJSON of road links in any CRS.
    settings
        Speeds per class (see :mod:`sufficiency_app.roads.speeds`).
    bbox
        Optional (minx, miny, maxx, maxy) in EPSG:27700: only links touching it are read.

    Returns
    -------
    links, dropped
        ``links`` has :data:`LINK_COLUMNS` plus the attribute columns used;
        ``dropped`` counts links left out (``not_for_cars``: footpaths,
        cycleways and links with no usable road type or speed;
        ``no_geometry``: empty or zero-length).

    Raises
    ------
    ScenarioError
        The file cannot be read, has no CRS, or has no road-type or speed column.
    """
    path = Path(path)
    name = path.name
    if not path.exists():
        raise _error(name, str(path), "an existing file", "the road file does not exist")
    layer = _pick_layer(path)
    info = pyogrio.read_info(path, layer=layer)
    fields = [str(f) for f in info["fields"]]
    class_cols = _match(fields, CLASS_COLUMNS)
    speed_cols = _match(fields, SPEED_COLUMNS)
    limit_cols = _match(fields, LIMIT_COLUMNS)
    if not class_cols and not speed_cols:
        raise _no_type_column(name, fields)
    if not info.get("crs"):
        raise _no_crs(name)
    layer_bbox = None
    if bbox is not None:
        layer_bbox = pyproj.Transformer.from_crs(CRS, info["crs"], always_xy=True).transform_bounds(*bbox)
    try:
        raw = pyogrio.read_dataframe(path, layer=layer, columns=class_cols + speed_cols + limit_cols,
                                     bbox=layer_bbox, force_2d=True)
    except Exception as exc:
        raise _error(name, "", "a readable road-links layer", f"cannot read the road links: {exc}") from exc
    return price_links(raw.to_crs(CRS), settings, name)


def price_links(raw: gpd.GeoDataFrame, settings: RoadSettings,
                name: str = "road links") -> tuple[gpd.GeoDataFrame, dict[str, int]]:
    """Class, speed and minutes of every link of an in-memory layer (any CRS).

    The attribute columns are found as in :func:`read_links`; see there for
    what is returned.
    """
    fields = [str(c) for c in raw.columns if c != raw.geometry.name]
    class_cols = _match(fields, CLASS_COLUMNS)
    speed_cols = _match(fields, SPEED_COLUMNS)
    limit_cols = _match(fields, LIMIT_COLUMNS)
    if not class_cols and not speed_cols:
        raise _no_type_column(name, fields)
    if raw.crs is None:
        raise _no_crs(name)
    raw = raw.to_crs(CRS).explode(index_parts=False, ignore_index=True)
    total = len(raw)
    is_line = raw.geom_type.isin(["LineString", "LinearRing"]).to_numpy() & ~raw.geometry.is_empty.to_numpy()
    length = np.where(is_line, shapely.length(raw.geometry.to_numpy()), 0.0)
    usable = is_line & (length > 0)

    cls = pd.Series(None, index=raw.index, dtype="object")
    for col in class_cols:
        cls = cls.combine_first(raw[col].map(road_class))
    speed = cls.map(lambda c: settings.speeds_kmh.get(c, np.nan) if isinstance(c, str) else np.nan).astype(float)
    for col in limit_cols:
        limit = raw[col].map(parse_maxspeed).astype(float)
        speed = speed.where(speed.isna() | limit.isna() | (speed <= limit), limit)  # a limit only slows a car road
    for col in speed_cols:
        given = pd.to_numeric(raw[col], errors="coerce")
        speed = given.where(given > 0).combine_first(speed)
    for_cars = speed.notna().to_numpy() & (speed.to_numpy() > 0)

    keep = usable & for_cars
    links = gpd.GeoDataFrame(
        {"road_class": cls[keep].fillna("").astype(str).to_numpy(),
         "speed_kmh": speed[keep].to_numpy(),
         "length_m": length[keep]},
        geometry=raw.geometry[keep].to_numpy(), crs=CRS,
    )
    links["minutes"] = links["length_m"] / 1000.0 / links["speed_kmh"] * 60.0
    source_cols = [c for c in class_cols + limit_cols if c not in LINK_COLUMNS]  # speed_kmh is already there
    for col in source_cols:
        links[col] = raw.loc[keep, col].to_numpy()
    links = links[[*LINK_COLUMNS[:-1], *source_cols, "geometry"]]
    dropped = {"read": total, "no_geometry": int((~usable).sum()), "not_for_cars": int((usable & ~for_cars).sum())}
    return links, dropped
