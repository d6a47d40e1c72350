"""Primary and secondary suppression on hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from sufficiency_app.report.suppression import LOW, WITHHELD, describe, suppress


def _settings() -> pd.DataFrame:
    return pd.DataFrame({
        "setting": ["Oak", "Ash", "Elm", "Yew"],
        "y2025": [12.0, 3.0, 9.0, 20.0],
        "y2026": [14.0, 6.0, 0.0, 2.0],
    })


def test_primary_only_without_published_totals():
    out = suppress(_settings(), ["y2025", "y2026"], "lt5")
    assert out["y2025"].tolist() == [12.0, LOW, 9.0, 20.0]
    assert out["y2026"].tolist() == [14.0, 6.0, 0.0, LOW]


def test_secondary_hides_next_smallest_in_column_with_total_row():
    out = suppress(_settings(), ["y2025", "y2026"], "lt5", total_row="Total", label="setting")
    # 2025: Ash (3) is hidden; the total (44) would reveal it, so the next
    # smallest, Elm (9), is withheld as well.
    assert out["y2025"].tolist() == [12.0, LOW, WITHHELD, 20.0, 44.0]
    # 2026: Yew (2) hidden; next smallest positive is Ash (6), not the zero.
    assert out["y2026"].tolist() == [14.0, WITHHELD, 0.0, LOW, 22.0]
    assert out["setting"].tolist()[-1] == "Total"


def test_secondary_in_rows_with_row_total():
    table = pd.DataFrame({"group": ["ASD PRI", "SEMH SEC", "HI SEC"],
                          "places": [10.0, 2.0, 3.0], "gap": [7.0, 8.0, 1.0]})
    out = suppress(table, ["places", "gap"], "lt5", row_total="demand")
    # Row 1: nothing small. Row 2: places 2 hidden, the only other inner cell
    # (gap 8) is withheld, demand 10 stays. Row 3: demand 4 is itself small.
    assert out.loc[0, ["places", "gap", "demand"]].tolist() == [10.0, 7.0, 17.0]
    assert out.loc[1, ["places", "gap", "demand"]].tolist() == [LOW, WITHHELD, 10.0]
    assert out.loc[2, ["places", "gap", "demand"]].tolist() == [LOW, LOW, LOW]


def test_secondary_cascades_across_rows_and_columns():
    # One small cell in a 2x2 table with both margins published: hiding it
    # forces its row and its column neighbour, and then the opposite corner.
    table = pd.DataFrame({"name": ["a", "b"], "x": [2.0, 10.0], "y": [20.0, 30.0]})
    out = suppress(table, ["x", "y"], "lt5", row_total="total", total_row="Total", label="name")
    inner = out.loc[:1, ["x", "y"]].to_numpy().tolist()
    assert inner == [[LOW, WITHHELD], [WITHHELD, WITHHELD]]
    # Every protected line now has 0 or at least 2 hidden cells.
    hidden = out[["x", "y", "total"]].isin([LOW, WITHHELD])
    assert all(n != 1 for n in hidden.sum(axis=1)) and all(n != 1 for n in hidden.sum(axis=0))


def test_round5_rounds_cells_and_totals_independently():
    out = suppress(_settings(), ["y2025", "y2026"], "round5", total_row="Total", label="setting")
    assert out["y2025"].tolist() == [10.0, 5.0, 10.0, 20.0, 45.0]
    assert out["y2026"].tolist() == [15.0, 5.0, 0.0, 0.0, 20.0]


def test_no_rule_keeps_numbers_and_adds_totals():
    out = suppress(_settings(), ["y2025"], None, total_row="Total", label="setting")
    assert out["y2025"].tolist() == [12.0, 3.0, 9.0, 20.0, 44.0]


def test_fractional_forecasts_below_five_are_small():
    out = suppress(pd.DataFrame({"n": [0.4, 4.6, 5.0, 0.0]}), ["n"], "lt5")
    assert out["n"].tolist() == [LOW, LOW, 5.0, 0.0]


def test_rule_is_stated_and_unknown_rule_refused():
    assert "<5" in describe("lt5") and "nearest 5" in describe("round5")
    with pytest.raises(ValueError, match="lt5, round5"):
        suppress(_settings(), ["y2025"], "lt10")
