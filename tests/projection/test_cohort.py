"""The expected projection: the worked example of cohort.py's docstring, and the levers."""

import numpy as np
import pandas as pd
import pytest
from projection_fixtures import blank_rates, idx

from sufficiency_app.projection import Levers, project
from sufficiency_app.projection.cohort import project_cube
from sufficiency_app.projection.history import NCYS, SETTINGS

M, SP = SETTINGS.index("mainstream"), SETTINGS.index("special")


def worked_example_rates(**changes):
    base = np.zeros((len(NCYS), 14, len(SETTINGS)))
    base[idx(1, "SLD", "mainstream")] = 100
    base[idx(1, "SLD", "special")] = 20
    a2, k, _ = idx(2, "SLD", "mainstream")
    cont = np.ones((len(NCYS), 14))
    cont[a2, k] = 0.9
    P = np.broadcast_to(np.eye(len(SETTINGS)), (len(NCYS), len(SETTINGS), len(SETTINGS))).copy()
    P[a2, M, M], P[a2, M, SP] = 0.8, 0.2
    joiners = np.zeros_like(base)
    joiners[a2, k, M], joiners[a2, k, SP] = 7, 3
    return blank_rates(base=base, continuation=cont, transition=P, joiners=joiners, **changes)


def test_worked_example_of_the_docstring():
    out = project(worked_example_rates(), 1)
    got = {(r.ncy, r.setting): r.count for r in out.itertuples()}
    assert got == pytest.approx({(2, "mainstream"): 79.0, (2, "special"): 39.0})
    assert out["year"].unique().tolist() == [2025]
    assert out["joiners"].sum() == pytest.approx(10.0)


def test_growth_compounds_on_new_plans():
    _, joins = project_cube(worked_example_rates(), 3, Levers(growth=0.10))
    assert joins.sum(axis=(1, 2, 3)) == pytest.approx([11.0, 12.1, 13.31])
    _, joins = project_cube(worked_example_rates(growth=-0.5), 2)  # the fitted trend when no lever
    assert joins.sum(axis=(1, 2, 3)) == pytest.approx([5.0, 2.5])


def test_backlog_adds_exactly_n_over_y_years():
    rates = worked_example_rates()
    _, plain = project_cube(rates, 5)
    _, with_backlog = project_cube(rates, 5, Levers(backlog=320, backlog_years=2))
    extra = (with_backlog - plain).sum(axis=(1, 2, 3))
    assert extra == pytest.approx([160, 160, 0, 0, 0])
    # placed like the year's new plans: 70% mainstream
    assert (with_backlog - plain)[0, :, :, M].sum() == pytest.approx(112)


def test_ceiling_binds_and_cuts_only_new_plans():
    rates = worked_example_rates()
    population = pd.DataFrame({"year": [2025, 2026], "ncy": [2, 2], "population": [1000.0, 1000.0]})
    counts, joins = project_cube(rates, 1, Levers(ceiling=0.113), population)
    # continuing children at NCY 2: 108; cap 113 leaves room for 5 of the 10 new plans
    assert counts[0].sum() == pytest.approx(113.0)
    assert joins[0].sum() == pytest.approx(5.0)
    counts, joins = project_cube(rates, 1, Levers(ceiling=0.05), population)
    assert joins.sum() == 0 and counts.sum() == pytest.approx(108.0)  # existing plans never cut
    counts, _ = project_cube(rates, 1, Levers(ceiling=0.5), population)
    assert counts.sum() == pytest.approx(118.0)  # not binding
    with pytest.raises(ValueError, match="population"):
        project_cube(rates, 1, Levers(ceiling=0.1), None)


def test_mainstream_shift_moves_new_plans_and_moves_not_stayers():
    rates = worked_example_rates()
    counts, _ = project_cube(rates, 1, Levers(mainstream_shift=0.5))
    a2, k, _ = idx(2, "SLD", "mainstream")
    # joiners 7/3 -> 8.5/1.5; moves M->S 18 -> 9 back to M; special stayers (18) stay
    assert counts[0, a2, k, M] == pytest.approx(72 + 9 + 8.5)
    assert counts[0, a2, k, SP] == pytest.approx(9 + 18 + 1.5)
    assert counts.sum() == pytest.approx(118.0)
    counts, _ = project_cube(rates, 1, Levers(mainstream_shift=-0.5))
    # stayers in mainstream stay; half of the mainstream joiners (3.5) go to special
    assert counts[0, a2, k, SP] == pytest.approx(18 + 18 + 3 + 3.5)


def test_bad_levers_are_refused():
    with pytest.raises(ValueError):
        Levers(backlog=-1)
    with pytest.raises(ValueError):
        Levers(ceiling=1.5)
    with pytest.raises(ValueError):
        Levers(mainstream_shift=2)


def test_backlog_in_whole_children_adds_up():
    from sufficiency_app.projection.levers import backlog_whole
    levers = Levers(backlog=320, backlog_years=3)
    assert [backlog_whole(levers, h) for h in range(6)] == [0, 107, 106, 107, 0, 0]
