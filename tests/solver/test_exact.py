"""Hand-worked cases: each docstring shows the arithmetic the solver must reproduce.

Travel in these scenarios: one kilometre is one minute (see builder).
"""

from __future__ import annotations

import pytest

from sufficiency_app.model.codes import INDEPENDENT, LOCAL
from sufficiency_app.solver import solve

from .builder import area, option, provision, scenario
from .helpers import assert_checked, placed

ASD = ("ASD", "PRI", "special")


def test_budget_binds():
    """10 children, no places; modules of 2 places at £1m; budget £3.5m.

    3 modules (£3m) fit, a 4th does not: 6 placed, 10 - 6 = 4 independent.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 10)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=2, capital=1e6)], capital=(3.5e6,))
    r = solve(sc)
    assert r.status == "optimal"
    assert r.levels[0].value == pytest.approx(4)
    assert r.schedule["modules"].sum() == 3 and r.capital == pytest.approx(3e6)
    assert_checked(sc, r)


def test_module_rounding():
    """4.5 children, modules of 4 places: ceil(4.5 / 4) = 2 modules, none independent.

    Level 3 then picks the cheapest such plan: 2 x £1m = £2m, not more.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4.5)], [provision("S", "special", 0, 1)],
                  [option("O", provision_id="S", module=4, capital=1e6)], capital=(10e6,))
    r = solve(sc)
    assert r.levels[0].value == pytest.approx(0)
    assert r.schedule["modules"].sum() == 2 and r.schedule["places"].sum() == 8
    assert r.capital == pytest.approx(2e6)
    assert_checked(sc, r)


@pytest.mark.parametrize("carry, independent", [(False, 8.0), (True, 4.0)])
def test_carry_forward_matters(carry, independent):
    """4 children in each of 2025 and 2026; one module of 4 places costs £1.5m; £1m a year.

    Without carry-forward no year can afford it: 4 + 4 = 8 independent.
    With it, 2026 has £2m: build then, 4 independent in 2025 only.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4), (2026, "A", *ASD, 4)],
                  [provision("S", "special", 0, 1)], [option("O", provision_id="S", module=4, capital=1.5e6)],
                  horizon=2, capital=(1e6, 1e6), carry_forward=carry)
    r = solve(sc)
    assert r.levels[0].value == pytest.approx(independent)
    if carry:
        assert r.schedule["year"].tolist() == [2026]
    assert_checked(sc, r)


def test_fixed_cost_makes_one_site_better_than_two():
    """4 children at A (x=0) and 4 at B (x=20 km). New sites at A and B: £2m to open, £0.5m per 4 places.

    Budget £3.5m: two sites cost 2 x (2 + 0.5) = £5m, too much; one site with
    two modules costs 2 + 2 x 0.5 = £3m and places all 8 (level 1 = 0).
    Level 2 is then 4 x 0 + 4 x 20 = 80 minutes whichever site is chosen.
    """
    sc = scenario([area("A", 0), area("B", 20)], [(2025, "A", *ASD, 4), (2025, "B", *ASD, 4)],
                  [provision("FAR", "special", 0, 500)],
                  [option("NA", kind="special", needs="ALL", phases="ALL", x_km=0, module=4, capital=0.5e6,
                          fixed=2e6, cost=20000),
                   option("NB", kind="special", needs="ALL", phases="ALL", x_km=20, module=4, capital=0.5e6,
                          fixed=2e6, cost=20000)], capital=(3.5e6,))
    r = solve(sc)
    assert r.levels[0].value == pytest.approx(0)
    assert r.levels[1].value == pytest.approx(80)
    assert r.schedule["option_id"].nunique() == 1 and r.schedule["modules"].sum() == 2
    assert r.capital == pytest.approx(3e6)
    assert_checked(sc, r)


@pytest.mark.parametrize("limit, independent", [(30.0, 3.0), (45.0, 0.0)])
def test_travel_limit_forces_independence(limit, independent):
    """The only school is 40 minutes away: over a 30-minute limit all 3 go independent; under 45 none."""
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 3)], [provision("S", "special", 10, 40)],
                  max_minutes={"PRI": limit})
    r = solve(sc)
    assert r.levels[0].value == pytest.approx(independent)
    assert placed(r, INDEPENDENT) == pytest.approx(independent)
    assert_checked(sc, r)


def test_step_up_only_when_it_avoids_an_independent_placement():
    """3 children need a resourced place; a resource base (5 min, 2 places) and a special school (1 min, 5).

    The special school is nearer but costs 1 + 30 penalty = 31 minutes, so
    2 children take the resource base (5 min) and only the 3rd steps up:
    level 1 = 0, level 2 = 2 x 5 + 1 x 31 = 41.
    """
    sc = scenario([area("A", 0)], [(2025, "A", "ASD", "PRI", "resourced", 3)],
                  [provision("R", "resource_base", 2, 5), provision("S", "special", 5, 1)])
    r = solve(sc)
    assert r.levels[0].value == pytest.approx(0)
    assert r.levels[1].value == pytest.approx(41)
    assert placed(r, "R") == pytest.approx(2) and placed(r, "S") == pytest.approx(1)
    assert_checked(sc, r)


def test_later_earliest_year():
    """Option available from 2026 only: 4 children independent in 2025, none in 2026."""
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 4), (2026, "A", *ASD, 4)],
                  [provision("S", "special", 0, 1)], [option("O", provision_id="S", module=4, earliest=2026)],
                  horizon=2, capital=(5e6, 5e6))
    r = solve(sc)
    assert r.levels[0].value == pytest.approx(4)
    assert r.schedule["year"].tolist() == [2026]
    assert placed(r, INDEPENDENT, 2025) == pytest.approx(4) and placed(r, INDEPENDENT, 2026) == 0
    assert_checked(sc, r)


def test_met_locally_gate():
    """Mainstream-tier demand with no mainstream setting listed is met locally (readings 1 and 3).

    6 mainstream + 2 special children; one special place. Only the special
    demand is optimised: 1 independent; the 6 appear as LOCAL, in demand only.
    Revenue: 1 x 20,000 (special place) + 1 x 60,000 (independent) = 80,000.
    Listing a mainstream school (5 places, 2 min) opens the gate: 5 placed
    there, and 8 - 5 - 1 = 2 children go independent.
    """
    rows = [(2025, "A", "ASD", "PRI", "mainstream", 6), (2025, "A", *ASD, 2)]
    sc = scenario([area("A", 0)], rows, [provision("S", "special", 1, 1)])
    r = solve(sc)
    assert placed(r, LOCAL) == pytest.approx(6)
    assert r.levels[0].value == pytest.approx(1)
    assert r.summary["demand"].sum() == pytest.approx(8)
    assert r.summary["revenue"].sum() == pytest.approx(80000)
    assert_checked(sc, r)
    gated = scenario([area("A", 0)], rows, [provision("S", "special", 1, 1), provision("M", "mainstream", 5, 2)])
    g = solve(gated)
    assert placed(g, LOCAL) == 0 and placed(g, "M") == pytest.approx(5)
    assert g.levels[0].value == pytest.approx(2)
    assert_checked(gated, g)


def test_independent_kind_provision_counts_as_independent():
    """An independent school 1 minute away with 10 places takes all 3 children (1 min < 60 min),
    but level 1 still counts them: 3 independent placements, travel 3 x 1 = 3 minutes."""
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 3)], [provision("I", "independent", 10, 1, cost=50000)])
    r = solve(sc)
    assert placed(r, "I") == pytest.approx(3)
    assert r.levels[0].value == pytest.approx(3) and r.levels[1].value == pytest.approx(3)
    assert r.summary["independent"].sum() == pytest.approx(3)
    assert r.summary["revenue"].sum() == pytest.approx(150000)
    assert_checked(sc, r)


def test_explanations():
    """One school of 2 places 1 min away, 5 children; a module of 2 places at £1m, budget £1m.

    Plan: 1 module, 4 placed, 1 independent. One more place at S would
    avoid 1 independent placement (dual 1) and save 60 - 1 = 59 minutes.
    Without the option, 5 - 2 = 3 go independent: it avoids 2, i.e. 2 per £1m.
    """
    sc = scenario([area("A", 0)], [(2025, "A", *ASD, 5)], [provision("S", "special", 2, 1)],
                  [option("O", provision_id="S", module=2, capital=1e6)], capital=(1e6,))
    r = solve(sc)
    m = r.marginal_values.set_index("provision_id")
    assert m.loc["S", "independent_avoided"] == pytest.approx(1)
    assert m.loc["S", "minutes_saved"] == pytest.approx(59)
    v = r.option_values.set_index("option_id")
    assert v.loc["O", "independent_avoided"] == pytest.approx(2)
    assert v.loc["O", "independent_avoided_per_million"] == pytest.approx(2)
    assert v.loc["O", "places"] == 2
