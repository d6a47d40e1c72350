"""Importers: a GIAS extract (Windows-1252), boundaries in WGS84, long demand and spreading."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from sufficiency_app.importers.boundaries import read_boundaries, write_areas
from sufficiency_app.importers.demand import read_long_demand, spread_demand
from sufficiency_app.importers.gias import gias_provisions, phases_for_ages
from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.io.folder import read_areas_file


def test_gias_special_schools_and_resourced_provision(gias_csv):
    provisions, problems = gias_provisions(gias_csv, 865)
    table = provisions.set_index("provision_id")
    assert list(table.index) == ["126529", "140001-RB", "140002-RB", "140003"]
    larkrise = table.loc["126529"]
    assert (larkrise["kind"], larkrise["needs"], larkrise["phases"], larkrise["capacity"]) == (
        "special", "SLD;PMLD;ASD", "EY;PRI;SEC;P16", 150)
    primary = table.loc["140001-RB"]
    assert primary["name"] == "Ecole Sainte-Thérèse Academy"  # read from Windows-1252
    assert (primary["kind"], primary["needs"], primary["phases"], primary["capacity"]) == (
        "resource_base", "SLCN", "EY;PRI", 12)
    secondary = table.loc["140002-RB"]
    assert (secondary["kind"], secondary["needs"], secondary["phases"], secondary["capacity"]) == (
        "elp", "SEMH", "SEC;P16", 16)
    assert table.loc["140003", "kind"] == "independent" and table.loc["140003", "needs"] == "SPLD"
    assert (larkrise["easting"], larkrise["urn"]) == (386000.0, "126529")
    assert [(p.severity, p.row, p.value) for p in problems] == [("warning", 3, "Weird - Something new")]


def test_gias_mainstream_rows_on_request(gias_csv):
    provisions, _ = gias_provisions(gias_csv, "865", mainstream=True)
    mainstream = provisions[provisions["kind"] == "mainstream"]
    assert list(mainstream["provision_id"]) == ["140001", "140002", "140006"]  # not the independent school
    assert mainstream["capacity"].tolist() == [420, 1500, 210]


def test_gias_missing_columns_are_problems(tmp_path):
    path = tmp_path / "not_gias.csv"
    path.write_text("a,b\n1,2\n")
    provisions, problems = gias_provisions(path, 865)
    assert provisions.empty and {p.column for p in problems} >= {"URN", "LA (code)"}


def test_phases_from_statutory_ages():
    assert phases_for_ages(4, 11) == ["EY", "PRI"]
    assert phases_for_ages(11, 16) == ["SEC"]
    assert phases_for_ages(11, 19) == ["SEC", "P16"]
    assert phases_for_ages(16, 16) == ["P16"]


def test_boundaries_in_wgs84_are_reprojected(tmp_path):
    squares = gpd.GeoDataFrame({"LSOA21CD": ["E01", "E02"], "LSOA21NM": ["Wiltshire 001A", "Wiltshire 001B"],
                                "pop": [1500, 1600]},
                               geometry=[box(384000, 158000, 386000, 160000), box(386000, 158000, 388000, 160000)],
                               crs="EPSG:27700")
    source = tmp_path / "lsoa.geojson"
    squares.to_crs("EPSG:4326").to_file(source, driver="GeoJSON")
    areas, problems = read_boundaries(source)
    assert problems == [] and list(areas.columns) == ["area_id", "name", "pop", "geometry"]
    assert areas.crs.to_epsg() == 27700
    assert np.allclose(areas.total_bounds, [384000, 158000, 388000, 160000], atol=0.01)
    write_areas(areas, tmp_path / "areas.geojson")
    back, _ = read_areas_file(tmp_path / "areas.geojson", "areas.geojson")
    assert back.crs.to_epsg() == 27700 and back["area_id"].tolist() == ["E01", "E02"]
    _, problems = read_boundaries(source, id_col="missing")
    assert "missing" in problems[0].message


def test_long_demand_with_loose_headers(tmp_path):
    path = tmp_path / "demand.csv"
    path.write_text("Academic Year,LSOA21CD,Primary Need,Phase,Tier,Children\n2025,E01,asc,PRI,special,2.5\n")
    demand = read_long_demand(path)
    assert demand.iloc[0].tolist() == [2025, "E01", "ASD", "PRI", "special", 2.5]
    path.write_text("year,area_id,need,phase,tier,count\n2025,E01,ASD,PRI,special,lots\n")
    with pytest.raises(ScenarioError) as info:
        read_long_demand(path)
    assert (info.value.problems[0].row, info.value.problems[0].column) == (2, "count")


def test_spread_keeps_totals_exact_and_proportional():
    county = pd.DataFrame({"year": [2025, 2025], "need": ["ASD", "SEMH"], "phase": ["PRI", "SEC"],
                           "tier": ["special", "special"], "count": [10.0, 7.0]})
    weights = pd.Series([1.0, 2.0, 2.0], index=["A", "B", "C"])
    spread = spread_demand(county, weights)
    asd = spread[spread["need"] == "ASD"].set_index("area_id")["count"]
    assert asd.to_dict() == pytest.approx({"A": 2.0, "B": 4.0, "C": 4.0})
    whole = spread_demand(county, weights, integer=True)
    semh = whole[whole["need"] == "SEMH"].set_index("area_id")["count"]
    # 7 x (0.2, 0.4, 0.4) = 1.4, 2.8, 2.8: floors 1, 2, 2 leave 2 to the largest remainders B and C
    assert semh.to_dict() == {"A": 1.0, "B": 3.0, "C": 3.0}


def test_spread_by_phase_weights_and_empty_weights():
    county = pd.DataFrame({"year": [2025, 2025], "need": ["ASD", "ASD"], "phase": ["PRI", "SEC"],
                           "tier": ["special", "special"], "count": [6.0, 4.0]})
    weights = pd.DataFrame({"area_id": ["A", "B", "A"], "phase": ["PRI", "PRI", "SEC"], "weight": [1.0, 2.0, 5.0]})
    spread = spread_demand(county, weights)
    assert spread["count"].tolist() == [2.0, 4.0, 4.0]
    with pytest.raises(ScenarioError):
        spread_demand(county, weights[weights["phase"] == "PRI"])


@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(0, 500), min_size=1, max_size=5),
       weights=st.lists(st.floats(0.01, 100.0), min_size=1, max_size=8))
def test_integer_spread_always_sums_to_county_total(counts, weights):
    county = pd.DataFrame({"year": 2025, "need": [f"N{i}" for i in range(len(counts))], "phase": "PRI",
                           "tier": "special", "count": [float(c) for c in counts]})
    spread = spread_demand(county, pd.Series(weights, index=[f"A{i}" for i in range(len(weights))]), integer=True)
    totals = spread.groupby("need")["count"].sum().reindex(county["need"], fill_value=0.0)
    assert totals.tolist() == [float(c) for c in counts]
    assert (spread["count"] == spread["count"].round()).all()
