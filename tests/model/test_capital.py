"""Capital spent by year after the build-years spread, and the budget rule on it (reading 18, rule 4)."""

from __future__ import annotations

from extension_scenarios import build_county, schedule_rows

from sufficiency_app.model.capital import budget_problems, spend_by_year


def spend(sc, *rows):
    return spend_by_year(sc, schedule_rows(*rows)).tolist()


def test_capital_is_spread_evenly_over_the_build_years_and_early_years_fall_on_the_base_year():
    """O1 (build 2 years, £2m) opening 2026: £1m in 2025 and 2026; opening 2025: 2024's half is
    charged to the base year, so all £2m falls in 2025. O2 (built in a year, £2.5m) stays in its year."""
    sc = build_county()
    assert spend(sc, ("O1", 2026, 1, 2, 2e6)) == [1e6, 1e6]
    assert spend(sc, ("O1", 2025, 1, 2, 2e6)) == [2e6, 0.0]
    assert spend(sc, ("O1", 2025, 1, 2, 2e6), ("O2", 2026, 1, 2, 2.5e6)) == [2e6, 2.5e6]
    assert spend(sc) == [0.0, 0.0]


def test_without_build_years_capital_is_spent_as_scheduled():
    sc = build_county(1)
    assert "build_years" not in sc.options.columns
    assert spend(sc, ("O1", 2026, 1, 2, 2e6)) == [0.0, 2e6]
    blank = sc.replace(options=sc.options.assign(build_years=[float("nan"), 1]))
    assert spend(blank, ("O1", 2026, 1, 2, 2e6)) == [0.0, 2e6]


def test_budget_rule_with_and_without_carry_forward():
    """Budgets £0.5m, £3m. O1 opening 2026 spends £1m in 2025: over that year's budget, and over the
    £0.5m available up to 2025 with carry-forward; £2m up to 2026 is within £3.5m."""
    sc = build_county()
    schedule = schedule_rows(("O1", 2026, 1, 2, 2e6))
    assert budget_problems(sc, schedule) == [
        "capital spent in 2025 is £1,000,000, more than that year's budget of £500,000"]
    carry = sc.replace(parameters=sc.parameters.replace(carry_forward=True))
    assert budget_problems(carry, schedule) == [
        "capital spent up to 2025 is £1,000,000, more than the budget up to 2025 of £500,000"]
    within = schedule_rows(("O2", 2026, 1, 2, 2.5e6))
    assert budget_problems(sc, within) == [] and budget_problems(carry, within) == []
    over = schedule_rows(("O2", 2026, 1, 2, 2.5e6), ("O1", 2026, 1, 2, 2e6))
    assert budget_problems(carry, over) == [
        "capital spent up to 2025 is £1,000,000, more than the budget up to 2025 of £500,000",
        "capital spent up to 2026 is £4,500,000, more than the budget up to 2026 of £3,500,000"]
