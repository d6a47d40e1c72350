"""Backtest: a county that does not change is forecast exactly; errors are percentages of actuals."""

import pytest
from small_scenarios import steady_history

from sufficiency_app.projection import backtest, format_backtest


def test_steady_county_backtests_to_zero_error():
    """Big enough that the data outweigh the priors (10 children) on setting moves."""
    table = backtest(steady_history(scale=50), fit_to=2021)
    assert list(table.columns) == ["need", "tier", "years", "actual", "forecast", "mape"]
    assert set(table["years"]) == {3}
    assert table["mape"].max() < 0.5
    total = table[(table["need"] == "ALL") & (table["tier"] == "ALL")].iloc[0]
    assert total["actual"] == pytest.approx(3 * steady_history(scale=50)[lambda d: d["year"] == 2024]["count"].sum())


def test_mape_is_mean_absolute_percentage_of_actuals():
    history = steady_history(scale=50)
    grown = history.assign(count=history["count"].where(history["year"] <= 2022, history["count"] * 1.25))
    table = backtest(grown, fit_to=2022, horizon=2)
    total = table[(table["need"] == "ALL") & (table["tier"] == "ALL")].iloc[0]
    # forecast stays at the old level: |1 - 1.25| / 1.25 = 20% in both years
    assert total["mape"] == pytest.approx(20.0, abs=1.5)
    text = format_backtest(table)
    assert text.splitlines()[1].split() == ["need", "mainstream", "resourced", "special", "ALL"]
    assert text.splitlines()[-1].startswith("ALL")


def test_nothing_to_compare():
    with pytest.raises(ValueError, match="no census after 2024"):
        backtest(steady_history(), fit_to=2024)
