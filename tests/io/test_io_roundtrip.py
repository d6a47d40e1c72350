"""Folder and workbook readers/writers: lossless round trips and tolerant reading."""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon

from sufficiency_app.io import read_scenario, scenario_sha256, write_scenario
from sufficiency_app.model.scenario import Scenario

TABLES = ("demand", "provisions", "options", "travel")


def assert_same(a: Scenario, b: Scenario) -> None:
    assert a.parameters == b.parameters
    pd.testing.assert_frame_equal(pd.DataFrame(a.areas.drop(columns="geometry")),
                                  pd.DataFrame(b.areas.drop(columns="geometry")))
    assert all(x.equals(y) for x, y in zip(a.areas.geometry, b.areas.geometry))
    assert a.areas.crs == b.areas.crs
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))
    for table in ("finance", "history"):
        x, y = getattr(a, table), getattr(b, table)
        assert (x is None) == (y is None)
        if x is not None:
            pd.testing.assert_frame_equal(x, y)


def test_folder_round_trip_is_lossless(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "a")
    first = read_scenario(tmp_path / "a")
    assert first.areas.loc[0, "name"] == "Ysgol Bryn Môr – Ōtautahi"
    assert list(first.provisions.columns)[-1] == "notes"  # extra column kept after the canonical ones
    assert first.provisions.loc[2, "notes"] == 'x,y "quoted"'
    assert first.demand["count"].tolist() == [3.5, 2.0, 4.25, 1.0, 0.1]
    assert np.isnan(first.options.loc[0, "cost_per_place"])  # blank stays NaN, not 0
    assert first.options.loc[1, "provision_id"] == ""  # blank text stays ""
    assert first.parameters.extra["roads"] == {"profile": "car"}
    write_scenario(first, tmp_path / "b")
    assert_same(first, read_scenario(tmp_path / "b"))
    for name in ("scenario.toml", "areas.geojson", "demand.csv", "provisions.csv", "options.csv", "travel.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert not [p for p in (tmp_path / "b").iterdir() if p.name.startswith(".")]  # no temp files left


def assert_workbook_round_trip(first, folder) -> None:
    """``first`` (read from a folder) survives a workbook and a folder again, unchanged."""
    write_scenario(first, folder / "book.xlsx")
    from_book = read_scenario(folder / "book.xlsx")
    assert_same(first, from_book)
    write_scenario(from_book, folder / "c")
    assert_same(first, read_scenario(folder / "c"))


def test_folder_xlsx_folder_round_trip(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "a")
    assert_workbook_round_trip(read_scenario(tmp_path / "a"), tmp_path)


def test_finance_and_history_kept_typed(scenario, tmp_path):
    finance = pd.DataFrame({"year": [2025, 2026], "line": ["HNB income", "Top-ups"],
                            "amount": [70.5e6 + 0.25, -1.25e6]})
    history = pd.DataFrame({"year": [2023, 2024], "la_code": ["007", "007"], "ehcps": [10, np.nan]})
    write_scenario(scenario.replace(finance=finance, history=history), tmp_path / "f")
    back = read_scenario(tmp_path / "f")
    pd.testing.assert_frame_equal(back.finance, finance)
    assert back.history["la_code"].tolist() == ["007", "007"]  # leading zeros stay text
    assert back.history["ehcps"].iloc[0] == 10 and np.isnan(back.history["ehcps"].iloc[1])
    write_scenario(back, tmp_path / "f.xlsx")
    assert_same(back, read_scenario(tmp_path / "f.xlsx"))
    write_scenario(back.replace(finance=None), tmp_path / "f")
    assert read_scenario(tmp_path / "f").finance is None


def test_tolerant_headers_bom_lonlat_and_asc(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    demand = "\ufeff Year ,AREA_ID,Need,phase, Tier ,COUNT\n2025,A1,asc,pri,Special,2\n"
    (tmp_path / "s" / "demand.csv").write_text(demand, encoding="utf-8")
    provisions = (
        "Provision ID,name,kind,needs,phases,capacity,lon,lat,cost_per_place\n"
        "P1,Larkrise,special,asc;SLD,pri,\"1,200\",-2.2,51.32,\"£23,000\"\n"
    )
    (tmp_path / "s" / "provisions.csv").write_text(provisions, encoding="utf-8")
    (tmp_path / "s" / "options.csv").write_text("option_id,module_places,max_modules,capital_per_module\n")
    (tmp_path / "s" / "travel.csv").unlink()
    back = read_scenario(tmp_path / "s")
    assert back.demand.iloc[0].tolist() == [2025, "A1", "ASD", "PRI", "special", 2.0]
    p = back.provisions.iloc[0]
    assert (p["needs"], p["phases"], p["capacity"], p["cost_per_place"]) == ("ASD;SLD", "PRI", 1200, 23000.0)
    # lon/lat -2.2, 51.32 is near Trowbridge: about (385900, 158100) on the National Grid
    assert abs(p["easting"] - 385_900) < 500 and abs(p["northing"] - 158_150) < 500
    assert list(back.provisions.columns)[-2:] == ["lon", "lat"]
    assert len(back.travel) == 0 and back.options.empty


def test_areas_in_another_crs_are_reprojected(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    (tmp_path / "s" / "areas.geojson").unlink()
    scenario.areas.to_crs("EPSG:4326").to_file(tmp_path / "s" / "areas.gpkg", driver="GPKG")
    back = read_scenario(tmp_path / "s")
    assert back.areas.crs.to_epsg() == 27700
    x0, y0, _, _ = back.areas.total_bounds
    assert abs(x0 - 384_000) < 0.01 and abs(y0 - 158_000) < 0.01


def test_long_polygon_wkt_is_split_across_cells(scenario, tmp_path):
    ring = [(384_000 + 1000 * np.cos(t) + 0.123456789, 158_000 + 1000 * np.sin(t))
            for t in np.linspace(0, 2 * np.pi, 2500, endpoint=False)]
    areas = scenario.areas.copy()
    areas.loc[0, "geometry"] = Polygon(ring)
    big = scenario.replace(areas=gpd.GeoDataFrame(areas, geometry="geometry", crs="EPSG:27700"))
    write_scenario(big, tmp_path / "big.xlsx")
    back = read_scenario(tmp_path / "big.xlsx")
    assert back.areas.geometry.iloc[0].equals_exact(Polygon(ring), 0)


def test_scenario_hash_follows_content(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    read = read_scenario(tmp_path / "s")
    assert set(read.source_hashes) == {"scenario.toml", "areas.geojson", "demand.csv", "provisions.csv",
                                       "options.csv", "travel.csv"}
    assert scenario_sha256(read) == scenario_sha256(scenario)  # same bytes, same hash
    edited = scenario.replace(demand=scenario.demand.assign(count=scenario.demand["count"] + 1))
    assert scenario_sha256(edited) != scenario_sha256(scenario)
    assert len(scenario_sha256(edited)) == 64


def test_written_files_are_not_private(scenario, tmp_path):
    write_scenario(scenario, tmp_path / "s")
    assert os.stat(tmp_path / "s" / "demand.csv").st_mode & 0o044  # readable by others, like any saved file


def test_unknown_suffix_is_refused(scenario, tmp_path):
    with pytest.raises(ValueError, match="xlsx"):
        write_scenario(scenario, tmp_path / "s.ods")
