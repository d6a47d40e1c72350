"""scenario.toml and the Parameters sheet: defaults, one-number budgets, bad values, extra keys."""

from __future__ import annotations

import tomllib

from sufficiency_app.io.parameters import flatten, parameters_from_tree, parameters_to_tree, unflatten
from sufficiency_app.model.scenario import Parameters

TOML = """
name = "Wiltshire 2025 baseline"
base_year = 2025
horizon = 3
[travel]
max_minutes = { PRI = 45, SEC = 75 }
[budget]
capital = 8_000_000
[projection]
method = "cohort"
"""


def test_one_number_budget_and_defaults():
    p, problems = parameters_from_tree(tomllib.loads(TOML), "scenario.toml")
    assert problems == []
    assert p.capital == (8e6, 8e6, 8e6) and p.carry_forward is False and p.speed_kmh == 40.0
    assert p.max_minutes_for("PRI") == 45 and p.max_minutes_for("P16") == float("inf")
    assert p.extra == {"projection": {"method": "cohort"}}
    again, _ = parameters_from_tree(parameters_to_tree(p), "scenario.toml")
    assert again == p


def test_bad_values_are_named():
    tree = {"base_year": 2025.5, "horizon": 2, "travel": {"speed_kmh": -1, "max_minutes": {"KS2": 45}},
            "budget": {"capital": [1, 2, 3], "carry_forward": "maybe"}}
    _, problems = parameters_from_tree(tree, "scenario.toml")
    assert [p.column for p in problems] == ["base_year", "travel.speed_kmh", "budget.carry_forward",
                                            "travel.max_minutes", "budget.capital"]
    assert "exactly horizon = 2" in problems[-1].expected


def test_sheet_rows_round_trip_and_text_cells():
    p = Parameters(name="X", horizon=2, capital=(1.0, 2.0), extra={"roads": {"profile": "car", "ids": [1, 2]}})
    rows = flatten(parameters_to_tree(p))
    assert ("travel.max_minutes.PRI", 45.0) in rows and ("budget.capital", "[1.0, 2.0]") in rows
    tree, problems = unflatten(rows, "book.xlsx [Parameters]")
    assert problems == [] and parameters_from_tree(tree, "x")[0] == p
    typed_as_text = [("horizon", "2"), ("base_year", "2026"), ("budget.capital", "[5, 6]"),
                     ("budget.carry_forward", "TRUE")]
    tree, _ = unflatten(typed_as_text, "book.xlsx [Parameters]")
    parsed, problems = parameters_from_tree(tree, "x")
    assert problems == [] and (parsed.horizon, parsed.base_year, parsed.capital) == (2, 2026, (5.0, 6.0))
    assert parsed.carry_forward is True
    _, problems = unflatten([("budget.capital", "[1, 2")], "book.xlsx [Parameters]")
    assert problems[0].row == 2 and problems[0].column == "value"
