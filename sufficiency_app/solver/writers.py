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

from .api import (
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
