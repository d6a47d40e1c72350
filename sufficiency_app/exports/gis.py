"""A saved plan as one GeoPackage of GIS layers (EPSG:27700) for QGIS and ArcGIS Pro.

Layers (docs/formats.md lists every field):

- ``areas``: polygons with every per-area measure the map shows
  (``map_data.MEASURES``), one field per measure and year;
- ``settings``: points with kind, needs, phases, in or out of county, and
  capacity and places added per year;
- ``options``: the plan's choices as points, one per option and year;
- ``flows``: lines from home area to setting with the children placed
  each year, for pairs with at least ``flow_threshold`` children in a year.

Counts of children are suppressed as in the reports (``report.suppression``,
rule ``lt5``): a suppressed count is left empty (NULL), since a GIS field
holds numbers, and the layer's description says so. Each layer carries a
default QGIS style (``styles``) in the ``layer_styles`` table.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from shapely.geometry import LineString

from ..infra.atomic import atomic_path
from ..model.codes import INDEPENDENT, LOCAL, NEEDS, PHASES, join_codes
from ..model.plan import PlanResult
from ..model.provision_settings import effective_settings, option_targets, setting_urns
from ..model.scenario import Scenario
from ..model.travel import area_points
from ..present.map_data import MEASURES, SMALL_NUMBER, area_measure, capacity_by_year, new_places_by_year
from ..present.symbols import kind_label
from ..report.suppression import Rule, suppress
from . import DEFAULT_FLOW_THRESHOLD, styles

CRS = "EPSG:27700"
GEOMETRY = {"areas": "Polygon", "settings": "Point", "options": "Point", "flows": "LineString"}
LAYERS = tuple(GEOMETRY)
COUNT_MEASURES = tuple(m.name for m in MEASURES.values() if m.unit == "children")
STYLE_TABLE = "layer_styles"
GPKG_VERSION = "1.2"  # read by every QGIS 3 and ArcGIS Pro; newer GDALs would write 1.4


def _field(name: str, year: int) -> str:
    return f"{name}_{year}"


def _suppressed(frame: pd.DataFrame, columns: list[str], rule: Rule | None) -> pd.DataFrame:
    """``frame`` with its count ``columns`` safe to publish, hidden cells empty (column totals protected).

    A county total of each column is published in the reports, so a lone
    hidden cell in a column is protected by a second one, as there.
    """
    if rule is None or not columns or frame.empty:
        return frame
    safe = suppress(frame, columns, rule, total_row="Total").iloc[:-1]
    out = frame.copy()
    for column in columns:
        out[column] = pd.to_numeric(safe[column].to_numpy(), errors="coerce")
    return out


def areas_layer(scenario: Scenario, plan: PlanResult, rule: Rule | None) -> gpd.GeoDataFrame:
    """Every area with each map measure in each plan year (fields ``<measure>_<year>``)."""
    areas = scenario.areas
    out = pd.DataFrame({"area_id": areas["area_id"].astype(str).to_numpy(),
                        "name": areas["name"].astype(str).to_numpy()})
    counts = []
    for year in scenario.years:
        for measure in MEASURES:
            values = area_measure(scenario, plan, year, measure)
            out[_field(measure, year)] = values.reindex(out["area_id"]).to_numpy(dtype=float)
            if measure in COUNT_MEASURES:
                counts.append(_field(measure, year))
    safe = _suppressed(out, counts, rule)
    for year in scenario.years:  # a share beside a hidden count would give the count away
        hidden = safe[_field("independent", year)].isna() & out[_field("independent", year)].notna()
        safe.loc[hidden, _field("independent_share", year)] = np.nan
    return gpd.GeoDataFrame(safe, geometry=areas.geometry.to_numpy(), crs=CRS)


def settings_layer(scenario: Scenario, plan: PlanResult) -> gpd.GeoDataFrame:
    """Every setting, with capacity (existing plus places added so far) and places added in each year."""
    settings = effective_settings(scenario)
    ids = settings["setting_id"].astype(str)
    urns = setting_urns(scenario)
    out = pd.DataFrame({
        "setting_id": ids.to_numpy(), "name": settings["name"].astype(str).to_numpy(),
        "kind": settings["kind"].astype(str).to_numpy(),
        "kind_label": [kind_label(k) for k in settings["kind"].astype(str)],
        "tier": settings["tier"].astype(str).to_numpy(),
        "needs": [join_codes(n, NEEDS) for n in settings["needs"]],
        "phases": [join_codes(p, PHASES) for p in settings["phases"]],
        "in_county": settings["in_county"].astype(bool).to_numpy(),
        "source": settings["source"].astype(str).to_numpy(),
        "urn": [urns.get(i, "") for i in ids],
        "base_capacity": settings["capacity"].astype(float).to_numpy(),
    })
    capacity = capacity_by_year(scenario, plan).pivot(index="setting_id", columns="year", values="capacity")
    added = new_places_by_year(scenario, plan).pivot_table(index="setting_id", columns="year", values="places",
                                                           aggfunc="sum")
    for year in scenario.years:
        out[_field("capacity", year)] = capacity[year].reindex(ids).to_numpy(dtype=float)
    for year in scenario.years:
        column = added[year] if year in added.columns else pd.Series(dtype=float)
        out[_field("added", year)] = column.reindex(ids).fillna(0.0).to_numpy(dtype=float)
    points = gpd.points_from_xy(settings["easting"].astype(float), settings["northing"].astype(float))
    return gpd.GeoDataFrame(out, geometry=points, crs=CRS)


def options_layer(scenario: Scenario, plan: PlanResult) -> gpd.GeoDataFrame:
    """The options the plan chose: one point per option and year, at the setting it adds places to."""
    schedule = plan.schedule.loc[plan.schedule["places"].astype(float) > 0]
    targets = option_targets(scenario)
    settings = effective_settings(scenario).set_index("setting_id")
    names = dict(zip(scenario.options["option_id"].astype(str), scenario.options["name"].astype(str)))
    ids = schedule["option_id"].astype(str)
    where = settings.reindex(ids.map(targets))
    out = pd.DataFrame({
        "option_id": ids.to_numpy(), "name": ids.map(names).to_numpy(),
        "setting_id": ids.map(targets).to_numpy(), "kind": where["kind"].astype(str).to_numpy(),
        "year": schedule["year"].astype(int).to_numpy(), "modules": schedule["modules"].astype(float).to_numpy(),
        "places": schedule["places"].astype(float).to_numpy(), "capital": schedule["capital"].astype(float).to_numpy(),
    })
    points = gpd.points_from_xy(where["easting"].astype(float), where["northing"].astype(float))
    return gpd.GeoDataFrame(out, geometry=points, crs=CRS)


def flows_layer(scenario: Scenario, plan: PlanResult, threshold: float, rule: Rule | None) -> gpd.GeoDataFrame:
    """Lines from each home area to each setting its children are placed at, children per year.

    A pair is kept when it has at least ``threshold`` children in some
    year. Children met locally and the independent fallback (no place on a
    map) have no line.
    """
    alloc = plan.allocation
    alloc = alloc.loc[~alloc["provision_id"].astype(str).isin((LOCAL, INDEPENDENT)) & (alloc["count"] > 0)]
    alloc = alloc.assign(area_id=alloc["area_id"].astype(str), setting_id=alloc["provision_id"].astype(str),
                         year=alloc["year"].astype(int), minutes=pd.to_numeric(alloc["minutes"], errors="coerce"))
    wide = alloc.pivot_table(index=["area_id", "setting_id"], columns="year", values="count", aggfunc="sum")
    wide = wide.reindex(columns=list(scenario.years)).fillna(0.0)
    wide = wide.loc[(wide.max(axis=1) >= threshold) & (wide.max(axis=1) > 0)]
    minutes = alloc.groupby(["area_id", "setting_id"])["minutes"].mean().reindex(wide.index)
    keys = wide.index.to_frame(index=False)
    out = keys.assign(minutes=minutes.to_numpy(dtype=float))
    counts = []
    for year in scenario.years:
        out[_field("children", year)] = wide[year].to_numpy(dtype=float)
        counts.append(_field("children", year))
    homes = area_points(scenario).set_index("area_id")
    settings = effective_settings(scenario).set_index("setting_id")
    area_names = dict(zip(scenario.areas["area_id"].astype(str), scenario.areas["name"].astype(str)))
    out.insert(1, "area_name", out["area_id"].map(area_names))
    out.insert(3, "setting_name", out["setting_id"].map(settings["name"].astype(str)))
    lines = [LineString([(homes.at[a, "x"], homes.at[a, "y"]),
                         (settings.at[s, "easting"], settings.at[s, "northing"])])
             for a, s in zip(out["area_id"], out["setting_id"])]
    return gpd.GeoDataFrame(_suppressed(out, counts, rule), geometry=gpd.GeoSeries(lines, crs=CRS), crs=CRS)


def gis_layers(scenario: Scenario, plan: PlanResult, flow_threshold: float = DEFAULT_FLOW_THRESHOLD,
               rule: Rule | None = "lt5") -> dict[str, gpd.GeoDataFrame]:
    """The four layers of a plan (``LAYERS``), counts suppressed by ``rule`` (None: exact)."""
    return {
        "areas": areas_layer(scenario, plan, rule),
        "settings": settings_layer(scenario, plan),
        "options": options_layer(scenario, plan),
        "flows": flows_layer(scenario, plan, flow_threshold, rule),
    }


def _descriptions(scenario: Scenario, source: str, rule: Rule | None, threshold: float) -> dict[str, str]:
    years = f"{scenario.years[0]}-{scenario.years[-1]}"
    hidden = ("Counts of 1 to 4 children, and a second count where a county total would give one away, are "
              "left empty (NULL)." if rule else "Exact counts, small numbers not suppressed: internal use only.")
    return {
        "areas": f"{scenario.name} ({source}): per-area measures for {years}, one field per measure and year. {hidden}",
        "settings": f"{scenario.name} ({source}): settings with capacity and places added per year, {years}.",
        "options": f"{scenario.name} ({source}): the options the plan chose, one point per option and year.",
        "flows": (f"{scenario.name} ({source}): children placed from each home area at each setting, pairs with "
                  f"at least {threshold:g} children in a year. {hidden}"),
    }


def style_table(scenario: Scenario, rule: Rule | None) -> pd.DataFrame:
    """The ``layer_styles`` rows: one default QML style per layer, as QGIS's "Save as default" writes."""
    floor = SMALL_NUMBER if rule else None
    qml = {
        "areas": styles.areas_qml(_field("demand", scenario.years[-1]), floor),
        "settings": styles.settings_qml(),
        "options": styles.options_qml(),
        "flows": styles.flows_qml(),
    }
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return pd.DataFrame({
        "f_table_catalog": "", "f_table_schema": "", "f_table_name": list(qml), "f_geometry_column": "geom",
        "styleName": [f"{name} (planner)" for name in qml], "styleQML": list(qml.values()), "styleSLD": "",
        "useAsDefault": True, "description": "The SEND Sufficiency Planner's colours and symbols",
        "owner": "", "ui": "", "update_time": now,
    })


def write_geopackage(layers: dict[str, gpd.GeoDataFrame], styles_table: pd.DataFrame, path: str | os.PathLike,
                     descriptions: dict[str, str] | None = None) -> Path:
    """Write ``layers`` and their styles as one GeoPackage, swapped in whole (``atomic.atomic_path``)."""
    path = Path(path)
    with atomic_path(path) as temp:
        temp.unlink()  # GDAL makes the file itself; an empty file is not a GeoPackage
        for i, (name, layer) in enumerate(layers.items()):
            options = {"DESCRIPTION": (descriptions or {}).get(name, "")}
            pyogrio.write_dataframe(layer, temp, layer=name, driver="GPKG", layer_options=options,
                                    dataset_options={"VERSION": GPKG_VERSION} if i == 0 else None,
                                    geometry_type=GEOMETRY.get(name) if layer.empty else None)  # else inferred
        pyogrio.write_dataframe(styles_table, temp, layer=STYLE_TABLE, driver="GPKG")
    return path


def export_gis(scenario: Scenario, plan: PlanResult, path: str | os.PathLike, *, source: str = "",
               flow_threshold: float = DEFAULT_FLOW_THRESHOLD, rule: Rule | None = "lt5") -> Path:
    """Write the plan's GeoPackage (layers, descriptions, default styles) to ``path``."""
    layers = gis_layers(scenario, plan, flow_threshold, rule)
    return write_geopackage(layers, style_table(scenario, rule), path,
                            _descriptions(scenario, source or scenario.name, rule, flow_threshold))
