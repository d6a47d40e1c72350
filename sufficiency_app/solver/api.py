"""What goes into a solve and what comes out: small immutable types, no Qt.

``solve(scenario, SolveOptions(...), progress=..., cancel=...)`` returns a
``PlanResult``. The window, the command line, the reports and the tests all
speak these types, so none of them depends on how the model is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping, Protocol

import pandas as pd

Status = Literal["optimal", "feasible", "time_limit", "cancelled", "infeasible"]
Backend = Literal["highs", "scip", "cpsat"]
LEVEL_NAMES = ("independent", "travel", "cost")

SCHEDULE_COLUMNS = ("option_id", "year", "modules", "places", "capital")
ALLOCATION_COLUMNS = ("year", "area_id", "need", "phase", "tier", "provision_id", "count", "minutes")
SUMMARY_COLUMNS = (
    "year", "demand", "independent", "mean_minutes", "p95_minutes", "capital", "revenue", "places_created",
)
MARGINAL_COLUMNS = ("provision_id", "year", "independent_avoided", "minutes_saved")
OPTION_VALUE_COLUMNS = (
    "option_id", "places", "capital", "independent_avoided", "independent_avoided_per_million",
)


@dataclass(frozen=True)
class Pin:
    """A workshop decision the solver must respect.

    ``force``: at least ``modules`` modules of the option by ``year`` (any
    year if None). ``forbid``: never build the option. ``year``: the
    option's modules may be added only in ``year``.
    """

    option_id: str
    rule: Literal["force", "forbid", "year"]
    modules: int = 1
    year: int | None = None


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0  # seconds for the whole solve, all levels
    relative_gap: float = 1e-4
    backend: Backend = "highs"
    pins: tuple[Pin, ...] = ()
    threads: int = 2
    explain: bool = True  # fill marginal_values and option_values (extra allocation checks after the solve)


@dataclass(frozen=True)
class ProgressEvent:
    """One report from a running solve, for a progress bar."""

    level: str  # "build", "independent", "travel", "cost", "check"
    elapsed: float
    incumbent: float | None = None
    bound: float | None = None
    fraction: float | None = None  # 0..1 of the whole solve, when known
    message: str = ""


class ProgressCallback(Protocol):
    def __call__(self, event: ProgressEvent) -> None: ...


class CancelToken(Protocol):
    """Anything with ``is_set()``: ``threading.Event`` is the usual one."""

    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class LevelResult:
    name: Literal["independent", "travel", "cost"]
    value: float
    bound: float
    status: Status


@dataclass(frozen=True, eq=False)
class PlanResult:
    """A plan and how it was found. Tables use the column tuples above.

    ``schedule``: modules added per option and year. ``allocation``: where
    each demand group is placed (``INDEPENDENT`` / ``LOCAL`` as in the
    exchange format). ``summary``: one row per year. ``marginal_values``:
    for each setting and year, what one more place would buy.
    ``option_values``: for each chosen option, what it buys over the horizon.
    ``message``: plain English for the user when anything is not optimal
    (time limit, cancel, infeasible pins), else empty.
    """

    status: Status
    schedule: pd.DataFrame
    allocation: pd.DataFrame
    summary: pd.DataFrame
    levels: tuple[LevelResult, ...]
    gap: float
    seconds: float
    backend: str
    scenario_sha256: str
    model_size: Mapping[str, int] = field(default_factory=dict)
    marginal_values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MARGINAL_COLUMNS))
    option_values: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OPTION_VALUE_COLUMNS))
    message: str = ""

    @property
    def independent(self) -> float:
        """Child-years of independent placement over the horizon."""
        return float(self.summary["independent"].sum()) if len(self.summary) else 0.0

    @property
    def capital(self) -> float:
        return float(self.schedule["capital"].sum()) if len(self.schedule) else 0.0
