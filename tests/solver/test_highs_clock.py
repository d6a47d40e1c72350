"""HiGHS's time limit against the right clock: a kept LP re-solved for a long time still gets its seconds."""

import highspy
import numpy as np
from scipy import sparse

from sufficiency_app.solver.allocation import limit_run, new_highs


def _covering_lp(h: highspy.Highs, n: int = 4000, m: int = 800) -> None:
    """A small random covering LP (a few milliseconds a solve)."""
    a = sparse.random(m, n, density=0.004, format="csc", random_state=1) + sparse.eye(m, n, format="csc")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.ones(n), np.zeros(n), np.full(n, 1.0)
    lp.row_lower_, lp.row_upper_ = np.full(m, 1.0), np.full(m, np.inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    h.passModel(lp)


def test_a_kept_lp_gets_its_seconds_however_long_it_has_run():
    h = new_highs()
    _covering_lp(h)
    rng = np.random.default_rng(0)
    runs = 0
    while runs < 8:  # HiGHS's run time is summed over the runs so far
        runs += 1
        h.changeColsCost(4000, np.arange(4000, dtype=np.int32), rng.random(4000) + 0.5)
        h.clearSolver()
        h.run()
    spent = h.getRunTime()
    limit_run(h, spent / 2)  # less than the run time so far, far more than one solve needs
    h.changeColsCost(4000, np.arange(4000, dtype=np.int32), rng.random(4000) + 0.5)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    h.setOptionValue("time_limit", spent / 2)  # the plain option: HiGHS stops at once
    h.changeColsCost(4000, np.arange(4000, dtype=np.int32), rng.random(4000) + 0.5)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit


def test_new_highs_keeps_presolve_off_the_clock():
    """The dependent-equations search, the one presolve step that stops on an estimate of its own time."""
    assert new_highs().getOptionValue("presolve_rule_off")[1] & (1 << 10)
