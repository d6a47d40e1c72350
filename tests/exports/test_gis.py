"""The GeoPackage of a saved plan: read back it equals the plan, small numbers hidden, styles QGIS reads."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pyogrio
import pytest

from sufficiency_app.exports import saved_plan
from sufficiency_app.exports.gis import GEOMETRY, LAYERS, export_gis
from sufficiency_app.model.codes import INDEPENDENT, LOCAL
from sufficiency_app.present.map_data import area_measure
from sufficiency_app.present.symbols import SYMBOLS


@pytest.fixture(scope="module")
def saved(saved_plan_dir):
    return saved_plan(saved_plan_dir)


@pytest.fixture(scope="module")
def exact(saved, tmp_path_factory):
    path = tmp_path_factory.mktemp("gpkg") / "exact.gpkg"
    export_gis(saved.scenario, saved.plan, path, flow_threshold=0, rule=None)
    return path


@pytest.fixture(scope="module")
def published(saved, tmp_path_factory):
    path = tmp_path_factory.mktemp("gpkg") / "plan.gpkg"
    export_gis(saved.scenario, saved.plan, path)
    return path


def read(path, layer):
    return gpd.read_file(path, layer=layer, engine="pyogrio")


def test_every_layer_is_in_british_national_grid(exact):
    for layer in LAYERS:
        assert read(exact, layer).crs.to_epsg() == 27700, layer


def test_areas_read_back_equal_the_plan(exact, saved):
    areas = read(exact, "areas").set_index("area_id")
    # by hand from the export county: 20 ASD primary children per area, plus 1 SEMH in A0 and 3 resourced in A3
    assert areas["demand_2025"].to_dict() == {"A0": 21.0, "A1": 20.0, "A2": 20.0, "A3": 23.0}
    assert areas.loc["A0", "name"] == "Area 0"
    alloc = saved.plan.allocation
    for year in (2025, 2026):
        rows = alloc.loc[alloc["year"] == year]
        independent = rows.loc[rows["provision_id"] == INDEPENDENT].groupby("area_id")["count"].sum()
        assert areas[f"independent_{year}"].to_dict() == independent.reindex(areas.index, fill_value=0.0).to_dict()
        assert areas[f"independent_{year}"].sum() == 21.0  # 20 ASD beyond the 60 special places, the SEMH child
        for measure in ("mean_minutes", "independent_share"):  # as the map shows them
            shown = area_measure(saved.scenario, saved.plan, year, measure)
            np.testing.assert_allclose(areas[f"{measure}_{year}"], shown.reindex(areas.index))
    assert areas.geometry.area.round().tolist() == [1e8] * 4  # the 10 km squares, unchanged


def test_settings_options_and_flows_read_back_equal_the_plan(exact, saved):
    settings = read(exact, "settings").set_index("setting_id")
    assert settings.loc["P1", ["kind", "needs", "phases", "urn", "in_county"]].tolist() == [
        "special", "SLD;ASD", "PRI;SEC", "100001", True]
    # the plan builds one 20-place module of O1 and the 8-place unit O2 in 2025 (capital 1.5m)
    assert settings["capacity_2025"].to_dict() == {"P1": 40.0, "O1": 20.0, "O2": 8.0}
    assert settings["added_2025"].to_dict() == {"P1": 0.0, "O1": 20.0, "O2": 8.0}
    assert settings["added_2026"].sum() == 0.0
    assert (settings.geometry.x.to_dict(), settings.geometry.y["O2"]) == (
        {"P1": 405000.0, "O1": 435000.0, "O2": 437000.0}, 104000.0)

    options = read(exact, "options").set_index("option_id")
    schedule = saved.plan.schedule.set_index("option_id")
    assert options[["year", "places", "capital"]].to_dict() == schedule[["year", "places", "capital"]].to_dict()
    assert options.geometry.x.to_dict() == {"O1": 435000.0, "O2": 437000.0}

    flows = read(exact, "flows")
    alloc = saved.plan.allocation
    placed = alloc.loc[~alloc["provision_id"].isin([INDEPENDENT, LOCAL])]
    expected = placed.pivot_table(index=["area_id", "provision_id"], columns="year", values="count", aggfunc="sum")
    got = flows.set_index(["area_id", "setting_id"])[["children_2025", "children_2026"]]
    assert got.sort_index().to_numpy().tolist() == expected.sort_index().to_numpy().tolist()
    a3 = flows.loc[(flows["area_id"] == "A3") & (flows["setting_id"] == "O2")].geometry.iloc[0]
    assert list(a3.coords) == [(435000.0, 105000.0), (437000.0, 104000.0)]  # area centre to the unit


def test_published_layers_hide_counts_of_one_to_four(published, exact):
    areas, flows = read(published, "areas"), read(published, "flows")
    for table in (areas, flows):
        counts = table.filter(regex=r"^(demand|independent|children)_\d{4}$")
        assert not ((counts > 0) & (counts < 5)).any().any()
    a0 = areas.set_index("area_id").loc["A0"]
    assert np.isnan(a0["independent_2025"]) and np.isnan(a0["independent_share_2025"])  # 1 child
    # the county total would give the lone 1 away, so a second count (A2's 20) is hidden with it
    assert areas["independent_2025"].isna().sum() == 2
    assert read(exact, "areas")["independent_2025"].notna().all()
    # flows below the default threshold of 5 children (A3 to the 8-place unit: 3) are not drawn
    assert ("A3", "O2") not in set(zip(flows["area_id"], flows["setting_id"]))
    assert ("A3", "O2") in set(zip(read(exact, "flows")["area_id"], read(exact, "flows")["setting_id"]))


def test_each_layer_has_a_default_qgis_style_in_the_planners_symbols(published):
    with sqlite3.connect(published) as db:
        rows = db.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles").fetchall()
        geometry_columns = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
    assert sorted(r[0] for r in rows) == sorted(LAYERS)
    for name, column, default, qml in rows:
        assert column == geometry_columns[name] and default == 1
        ET.fromstring(qml.split("\n", 1)[1])  # well-formed XML after the DOCTYPE line
    qml = {r[0]: ET.fromstring(r[3].split("\n", 1)[1]) for r in rows}
    settings = qml["settings"].find("renderer-v2")
    assert settings.get("type") == "categorizedSymbol" and settings.get("attr") == "kind"
    symbols = {s.get("name"): s for s in settings.iter("symbol")}
    for category in settings.iter("category"):
        if category.get("value") in SYMBOLS:
            sym = SYMBOLS[category.get("value")]
            props = {o.get("name"): o.get("value") for o in symbols[category.get("symbol")].iter("Option")}
            assert props["name"] == sym.shape
            assert props["color"] == ",".join(str(int(sym.colour[i:i + 2], 16)) for i in (1, 3, 5)) + ",255"
    areas = qml["areas"].find("renderer-v2")
    assert areas.get("attr") == 'coalesce("demand_2026", 0)'
    assert [r.get("label") for r in areas.iter("range")] == [
        "Fewer than 5", "5 to 9", "10 to 19", "20 to 49", "50 or more"]


def test_a_plan_that_builds_nothing_still_has_typed_layers(saved, tmp_path):
    nothing = dataclasses.replace(saved.plan, schedule=saved.plan.schedule.iloc[:0])
    path = export_gis(saved.scenario, nothing, tmp_path / "nothing.gpkg", flow_threshold=1e6)
    layers = dict(pyogrio.list_layers(path))
    assert {name: layers[name] for name in LAYERS} == GEOMETRY
    assert len(read(path, "options")) == len(read(path, "flows")) == 0
    assert read(path, "settings")["added_2025"].sum() == 0.0


def test_a_failed_write_leaves_the_previous_file(saved, tmp_path, monkeypatch):
    path = tmp_path / "plan.gpkg"
    export_gis(saved.scenario, saved.plan, path)
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("sufficiency_app.exports.gis.pyogrio.write_dataframe", broken)
    with pytest.raises(OSError):
        export_gis(saved.scenario, saved.plan, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.gpkg"]


def test_gdal_ogrinfo_reads_every_layer(published):
    """GDAL's own command line (Debian gdal-bin, installed by .ci/run) on the file."""
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "ogrinfo not found: install GDAL's command line (Debian: apt-get install gdal-bin)"
    counts = {name: len(read(published, name)) for name in LAYERS}
    for name in LAYERS:
        out = subprocess.run([ogrinfo, "-ro", "-so", str(published), name], capture_output=True, text=True,
                             check=True).stdout
        assert f"Feature Count: {counts[name]}" in out, out
        assert 'ID["EPSG",27700]' in out, out
    styles = subprocess.run([ogrinfo, "-ro", "-q", str(published), "-sql",
                             "SELECT f_table_name FROM layer_styles WHERE useAsDefault = 1"],
                            capture_output=True, text=True, check=True).stdout
    assert sorted(line.split("=")[1].strip() for line in styles.splitlines() if "f_table_name (String)" in line) \
        == sorted(LAYERS)
