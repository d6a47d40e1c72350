"""The validate and import commands: exit codes and what they print."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry import box
from small_scenarios import write_broken

from sufficiency_app.cli import main
from sufficiency_app.io import read_scenario, write_scenario


def test_validate_ok_prints_summary(scenario, tmp_path, capsys):
    write_scenario(scenario, tmp_path / "s")
    assert main(["validate", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "OK: Test county: 4 areas, 5 demand rows, 3 settings, 2 options" in out
    assert "2025: 6, 2026: 5" in out  # 3.5 + 2 + 0.1 and 4.25 + 1, rounded


def test_validate_errors_exit_1_with_table(scenario, tmp_path, capsys):
    write_broken(scenario, tmp_path / "bad")
    assert main(["validate", str(tmp_path / "bad")]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["severity", "file", "row", "column", "value", "message"]
    assert "unknown need code 'XYZ'" in out and "26 error(s), 1 warning(s)" in out


def test_import_gias_writes_a_readable_provisions_table(scenario, gias_csv, tmp_path, capsys):
    write_scenario(scenario, tmp_path / "s")
    out = tmp_path / "s" / "provisions.csv"
    assert main(["import-gias", str(gias_csv), "--la", "865", "--out", str(out)]) == 0
    assert "Wrote 4 settings" in capsys.readouterr().out
    options = tmp_path / "s" / "options.csv"
    options.write_text(options.read_text().replace("P1,", "126529,"))
    (tmp_path / "s" / "travel.csv").write_text("area_id,provision_id,minutes\n")
    read = read_scenario(tmp_path / "s")
    assert read.provisions.loc[1, "name"] == "Ecole Sainte-Thérèse Academy"
    assert "establishment_type" in read.provisions.columns


def test_import_boundaries(tmp_path, capsys):
    source = tmp_path / "wards.gpkg"
    gpd.GeoDataFrame({"WD24CD": ["E05"], "WD24NM": ["Trowbridge"]}, geometry=[box(0, 0, 1, 1)],
                     crs="EPSG:27700").to_file(source, driver="GPKG")
    assert main(["import-boundaries", str(source), "--out", str(tmp_path / "areas.geojson")]) == 0
    assert "Wrote 1 areas" in capsys.readouterr().out
    assert main(["import-boundaries", str(source), "--id-col", "nope", "--out", str(tmp_path / "x.geojson")]) == 1


def test_import_demand_writes_canonical_demand_or_lists_problems(tmp_path, capsys):
    source = tmp_path / "forecast.csv"
    source.write_text("Year,LSOA21CD,Primary need,Phase,Tier,Children\n2025,E01,ASC,PRI,special,3\n"
                      "2026,E01,SEMH,SEC,resourced,1.5\n", encoding="utf-8")
    assert main(["import-demand", str(source), "--out", str(tmp_path / "demand.csv")]) == 0
    assert "2025 3, 2026 2 children" in capsys.readouterr().out
    written = pd.read_csv(tmp_path / "demand.csv")
    assert written.columns.tolist() == ["year", "area_id", "need", "phase", "tier", "count"]
    assert written["need"].tolist() == ["ASD", "SEMH"]
    source.write_text("year,area_id,need,phase,tier,count\n2025,E01,XYZ,PRI,special,1\n", encoding="utf-8")
    assert main(["import-demand", str(source), "--out", str(tmp_path / "d2.csv")]) == 1
    assert "XYZ" in capsys.readouterr().out and not (tmp_path / "d2.csv").exists()
