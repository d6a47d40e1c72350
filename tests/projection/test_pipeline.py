"""History to planner demand: forecast(), demand_scenarios() and the command line, end to end."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from small_scenarios import steady_history

from sufficiency_app.cli import main
from sufficiency_app.projection import Levers, demand_scenarios, forecast
from sufficiency_app.projection.mapping import to_groups

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "wiltshire"


def test_forecast_covers_the_scenario_years_and_keeps_county_totals(scenario):
    history = steady_history(range(2020, 2027), scale=3)  # last census 2026 = academic year 2025
    result = forecast(scenario, history)
    demand = result.demand
    assert list(demand.columns) == ["year", "area_id", "need", "phase", "tier", "count"]
    assert sorted(demand["year"].unique()) == [2025, 2026, 2027]
    observed = to_groups(history[history["year"] == 2026].assign(joiners=0.0))
    assert demand[demand["year"] == 2025]["count"].sum() == pytest.approx(observed["count"].sum())
    county = result.county.groupby("year")["count"].sum()
    assert demand.groupby("year")["count"].sum().to_dict() == pytest.approx(county.loc[[2025, 2026, 2027]].to_dict())
    assert set(demand["area_id"]) == {"A1", "A2", "A3"}
    assert result.bands.empty and result.simulation is None


def test_percentile_and_demand_scenarios(scenario):
    history = steady_history(range(2020, 2027), scale=3)
    with pytest.raises(ValueError, match="runs"):
        forecast(scenario, history, percentile=80)
    p80 = forecast(scenario, history, runs=200, seed=1, percentile=80)
    expected = forecast(scenario, history)
    assert p80.demand[p80.demand["year"] == 2027]["count"].sum() > \
        expected.demand[expected.demand["year"] == 2027]["count"].sum()
    cases = demand_scenarios(scenario, history, runs=200, seed=1, levers=Levers(growth=0.05))
    assert list(cases) == ["low", "central", "high"]
    assert sum(w for w, _ in cases.values()) == pytest.approx(1.0)
    totals = [d[d["year"] == 2027]["count"].sum() for _, d in cases.values()]
    assert totals[0] < totals[1] < totals[2]
    observed = [d[d["year"] == 2025]["count"].sum() for _, d in cases.values()]
    assert observed == pytest.approx([observed[0]] * 3)  # the observed year is the same in all three


def test_cli_forecast_writes_demand_the_reader_and_solver_accept(folder, tmp_path, capsys):
    from sufficiency_app.io import read_scenario
    from sufficiency_app.solver import solve
    out, bands, returns = tmp_path / "demand.csv", tmp_path / "bands.csv", tmp_path / "returns.xlsx"
    code = main(["forecast", str(folder), "--out", str(out), "--bands", str(bands), "--runs", "200",
                 "--percentile", "80", "--growth", "5", "--statutory-out", str(returns)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "cohort model: net flows" in printed and "+5.0% a year" in printed
    assert returns.exists() and set(pd.read_csv(bands).columns) == {"year", "need", "tier", "p5", "p50", "p95"}
    shutil.copy(out, folder / "demand.csv")
    scenario = read_scenario(folder)
    assert scenario.demand["count"].sum() == pytest.approx(pd.read_csv(out)["count"].sum())
    result = solve(scenario)
    assert result.status == "optimal"
    assert result.summary["demand"].sum() == pytest.approx(scenario.demand["count"].sum())


def test_cli_reports_bad_history_by_row_and_column(folder, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("year,ncy,need,setting,count\n2024,1,ASD,special,1\n2025,2,ASD,castle,1\n", encoding="utf-8")
    assert main(["forecast", str(folder), "--history", str(bad), "--out", str(tmp_path / "d.csv")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv, row 3, column setting" in err
    assert main(["forecast", str(folder), "--ceiling", "0.05", "--out", str(tmp_path / "d.csv")]) == 2
    assert "population" in capsys.readouterr().err


def test_cli_backtest_prints_the_mape_table(folder, capsys):
    assert main(["backtest", str(folder / "history.csv"), "--fit-to", "2023"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "fitted on censuses up to 2023, compared with 2024, 2025, 2026"
    assert lines[2].split() == ["need", "mainstream", "resourced", "special", "ALL"]
    assert main(["backtest", str(folder), "--fit-to", "2026"]) == 2


@pytest.mark.skipif(not (SAMPLE / "history.csv").exists(), reason="sample county not built")
def test_sample_history_projects_into_a_demand_file_the_reader_accepts(tmp_path):
    from sufficiency_app.io import read_scenario
    county = tmp_path / "wiltshire"
    shutil.copytree(SAMPLE, county)
    assert main(["forecast", str(county), "--out", str(county / "demand.csv"), "--ceiling", "0.0622"]) == 0
    scenario = read_scenario(county)
    sample = read_scenario(SAMPLE)
    base = scenario.parameters.base_year
    assert sorted(scenario.demand["year"].unique()) == list(scenario.parameters.years)
    mine = scenario.demand[scenario.demand["year"] == base].groupby(["need", "phase", "tier"])["count"].sum()
    theirs = sample.demand[sample.demand["year"] == base].groupby(["need", "phase", "tier"])["count"].sum()
    pd.testing.assert_series_equal(mine, theirs, check_dtype=False, atol=1e-6)

