"""Write and read a result folder in the exchange format (``results/`` layout).

``schedule.csv``, ``allocation.csv``, ``summary.csv`` and ``solve.json`` as
the exchange format lists them, plus ``marginal_values.csv`` and
``option_values.csv``. Every file is written to a temporary name in the
same folder and moved into place (``atomic.atomic_write_text``), so
a crash never leaves a half-written file under the real name.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd

from ..atomic import atomic_write_text
from ..plan import (
    ALLOCATION_COLUMNS, MARGINAL_COLUMNS, OPTION_VALUE_COLUMNS, SCHEDULE_COLUMNS, SUMMARY_COLUMNS,
    LevelResult, PlanResult,
)

TABLES = {
    "schedule.csv": ("schedule", SCHEDULE_COLUMNS),
    "allocation.csv": ("allocation", ALLOCATION_COLUMNS),
    "summary.csv": ("summary", SUMMARY_COLUMNS),
    "marginal_values.csv": ("marginal_values", MARGINAL_COLUMNS),
    "option_values.csv": ("option_values", OPTION_VALUE_COLUMNS),
}
TEXT_COLUMNS = {"option_id", "area_id", "need", "phase", "tier", "provision_id"}


def _number(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)


def write_results(result: PlanResult, folder: str | os.PathLike) -> None:
    """Write ``result`` into ``folder`` (created if needed)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, (attr, columns) in TABLES.items():
        table = getattr(result, attr).reindex(columns=list(columns))
        atomic_write_text(out / name, table.to_csv(index=False, lineterminator="\n"))
    meta = {
        "status": result.status,
        "levels": [{"name": lv.name, "value": _number(lv.value), "bound": _number(lv.bound), "status": lv.status}
                   for lv in result.levels],
        "gap": _number(result.gap), "seconds": _number(result.seconds), "backend": result.backend,
        "scenario_sha256": result.scenario_sha256, "model_size": dict(result.model_size),
        "message": result.message,
    }
    atomic_write_text(out / "solve.json", json.dumps(meta, indent=2) + "\n")


def read_results(folder: str | os.PathLike) -> PlanResult:
    """Read a folder written by :func:`write_results` (the extras are optional)."""
    src = Path(folder)
    meta = json.loads((src / "solve.json").read_text(encoding="utf-8"))
    tables = {}
    for name, (attr, columns) in TABLES.items():
        path = src / name
        if not path.exists():
            tables[attr] = pd.DataFrame(columns=list(columns))
            continue
        dtypes = {c: str for c in columns if c in TEXT_COLUMNS}
        tables[attr] = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""]).reindex(
            columns=list(columns))
    nan = float("nan")
    return PlanResult(
        status=meta["status"],
        levels=tuple(LevelResult(lv["name"], nan if lv["value"] is None else lv["value"],
                                 nan if lv["bound"] is None else lv["bound"], lv.get("status", meta["status"]))
                     for lv in meta["levels"]),
        gap=nan if meta.get("gap") is None else meta["gap"], seconds=meta.get("seconds") or 0.0,
        backend=meta.get("backend", ""), scenario_sha256=meta.get("scenario_sha256", ""),
        model_size=meta.get("model_size", {}), message=meta.get("message", ""), **tables,
    )


class SavedPlanError(ValueError):
    """A folder that is not a saved plan, with a sentence saying what to do."""


SCENARIO_FOLDER = "scenario"  # the scenario a results folder was solved from, in the folder format


BASELINE_FOLDER = "baseline"  # the do-nothing plan of the same scenario, for comparisons


def write_plan(result: PlanResult, scenario, folder: str | os.PathLike, baseline: PlanResult | None = None) -> None:
    """Write ``result`` and the scenario it came from, so the folder is a saved plan on its own.

    Reports, stress tests and the window read such a folder with
    :func:`read_plan` and never solve again. ``baseline`` (the do-nothing
    plan) is kept beside it, so a report need not recompute it.
    """
    from . import write_scenario

    write_results(result, folder)
    write_scenario(scenario, Path(folder) / SCENARIO_FOLDER)
    if baseline is not None:
        write_results(baseline, Path(folder) / BASELINE_FOLDER)


def read_baseline(folder: str | os.PathLike, plan: PlanResult) -> PlanResult | None:
    """The do-nothing plan saved with ``plan``, or None if there is none or it is of other inputs."""
    src = Path(folder) / BASELINE_FOLDER
    if not (src / "solve.json").is_file():
        return None
    base = read_results(src)
    return base if base.scenario_sha256 == plan.scenario_sha256 else None


def read_plan(path: str | os.PathLike):
    """``(scenario, plan)`` of a results folder written by :func:`write_plan`.

    Raises :class:`SavedPlanError` when the folder is not a saved plan; the
    message says how to make one.
    """
    from . import read_scenario

    src = Path(path)
    if not (src / "solve.json").is_file():
        raise SavedPlanError(f"{src} is not a results folder (no solve.json): run `sufficiency solve` first")
    if not (src / SCENARIO_FOLDER).is_dir():
        raise SavedPlanError(f"{src} holds a plan but not the scenario it came from: solve again with "
                            "`sufficiency solve SCENARIO --out FOLDER` to make a saved plan")
    return read_scenario(src / SCENARIO_FOLDER), read_results(src)
