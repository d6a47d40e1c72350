"""Helpers for the projection tests: small histories and blank rates."""

from __future__ import annotations

import numpy as np

from sufficiency_app.model.codes import NEEDS
from sufficiency_app.projection.estimate import CohortRates
from sufficiency_app.projection.history import NCYS, SETTINGS

A, K, S = len(NCYS), len(NEEDS), len(SETTINGS)


def idx(ncy: int, need: str, setting: str) -> tuple[int, int, int]:
    return NCYS.index(ncy), NEEDS.index(need), SETTINGS.index(setting)


def blank_rates(**changes) -> CohortRates:
    """Rates with no children, everyone staying put, nobody joining; override fields by keyword."""
    fields = {
        "base_year": 2024, "base": np.zeros((A, K, S)), "continuation": np.ones((A, K)),
        "continuation_evidence": np.full((A, K), 1e6),
        "transition": np.broadcast_to(np.eye(S), (A, S, S)).copy(), "joiners": np.zeros((A, K, S)),
        "growth": 0.0, "growth_se": 0.005, "level_sd": 0.02, "base_population": None, "per_head": False,
        "method": "net flows", "years_fitted": (2023, 2024),
    }
    fields.update(changes)
    return CohortRates(**fields)


