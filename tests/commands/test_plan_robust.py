"""``sufficiency plan-robust``: one plan, and what low, central and high demand would see under it."""

import pandas as pd
import pytest
from small_scenarios import write_projection_folder

from sufficiency_app.cli import main
from sufficiency_app.io.results import read_results


@pytest.fixture
def folder(tmp_path):
    return write_projection_folder(tmp_path / "county")


def test_each_future_is_reported_under_the_one_plan(folder, tmp_path, capsys):
    provisions = pd.read_csv(folder / "provisions.csv")
    provisions["capacity"] = 20  # short of places, so futures differ in independent placements
    provisions.to_csv(folder / "provisions.csv", index=False)
    out = tmp_path / "robust"
    assert main(["plan-robust", str(folder), "--runs", "200", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = {ln.split()[0]: ln.split() for ln in lines if ln.split() and ln.split()[0] in ("low", "central", "high")}
    assert list(table) == ["low", "central", "high"]
    independent = {k: float(v[3].replace(",", "")) for k, v in table.items()}
    demand = {k: float(v[2].replace(",", "")) for k, v in table.items()}
    assert demand["low"] <= demand["central"] <= demand["high"]
    assert independent["low"] <= independent["central"] <= independent["high"]
    assert independent["high"] > 0
    for name in table:  # the printed figures are the written results, rounded to whole children
        assert abs(read_results(out / name).independent - independent[name]) <= 0.5
