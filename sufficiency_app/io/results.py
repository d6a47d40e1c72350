"""Write and read a result folder in the exchange format (``results/`` layout).

``schedule.csv``, ``allocation.csv``, ``summary.csv`` and ``solve.json`` as
the exchange format lists them, plus ``marginal_values.csv``,
``option_values.csv`` (with what each option buys: child-years avoided,
child-minutes saved, "journeys only") and, when place funding is on,
``empty_places.csv`` (docs/model.md reading 19). With a tail (reading 20)
each level in ``solve.json`` also gives ``value_without_tail``; ``summary.csv``
is always of the horizon years only. A folder is written beside its final name and
swapped in whole (``atomic.atomic_folder``), so a crash leaves the old
results or the new ones, never a mix. The reader checks every type, so a
damaged or crafted folder gives :class:`SavedPlanError`, not a traceback.
``solve.json`` carries ``format_version`` (absent = 1): a folder from a
newer planner is refused with a sentence, an older one is migrated.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..infra.atomic import atomic_folder, recover_folder
from ..model.plan import (
    ALLOCATION_COLUMNS,
    EMPTY_PLACE_COLUMNS,
    MARGINAL_COLUMNS,
    OPTION_VALUE_COLUMNS,
    SCHEDULE_COLUMNS,
    SUMMARY_COLUMNS,
    LevelResult,
    PlanResult,
)
from ..model.scenario import Scenario
from ..present.figures import dashboard_measures
from . import read_scenario, write_scenario
from .plan_check import SavedPlanError, check_plan
from .versions import FormatVersionError, Migration, file_version, upgraded

FORMAT_VERSION = 1  # of a results folder (solve.json and its tables)
MIGRATIONS: dict[int, Migration] = {}  # version n -> n + 1, see io/versions.py

TABLES = {
    "schedule.csv": ("schedule", SCHEDULE_COLUMNS),
    "allocation.csv": ("allocation", ALLOCATION_COLUMNS),
    "summary.csv": ("summary", SUMMARY_COLUMNS),
    "marginal_values.csv": ("marginal_values", MARGINAL_COLUMNS),
    "option_values.csv": ("option_values", OPTION_VALUE_COLUMNS),
    "empty_places.csv": ("empty_places", EMPTY_PLACE_COLUMNS),
}
OPTIONAL_TABLES = {"empty_places.csv"}  # written only when they have rows, so older plans' folders stay as they were
TEXT_COLUMNS = {"option_id", "area_id", "need", "phase", "tier", "provision_id", "buys"}
RESULT_FILES = (*TABLES, "solve.json")
MAX_META_BYTES = 10_000_000
MAX_TEXT = 100_000
SHARES = {"spe_a", "spe_d", "out_of_county"}  # summary measures an older folder lacks and the scenario gives


def _number(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)


def _write_results_into(result: PlanResult, out: Path) -> None:
    for name, (attr, columns) in TABLES.items():
        table = getattr(result, attr).reindex(columns=list(columns))
        if name in OPTIONAL_TABLES and not len(table):
            continue
        (out / name).write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    meta = {
        "format_version": FORMAT_VERSION,
        "status": result.status,
        "levels": [_level(lv) for lv in result.levels],
        "gap": _number(result.gap), "seconds": _number(result.seconds), "backend": result.backend,
        "scenario_sha256": result.scenario_sha256, "model_size": dict(result.model_size),
        "message": result.message,
    }
    (out / "solve.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _level(level: LevelResult) -> dict[str, Any]:
    """A level's record in solve.json; ``value_without_tail`` only when a tail was counted (reading 20)."""
    record = {"name": level.name, "value": _number(level.value), "bound": _number(level.bound),
              "status": level.status}
    if level.without_tail is not None:
        record["value_without_tail"] = _number(level.without_tail)
    return record


def write_results(result: PlanResult, folder: str | os.PathLike) -> None:
    """Write ``result`` as the folder ``folder``, swapped in whole (``atomic.atomic_folder``)."""
    with atomic_folder(folder, owned=RESULT_FILES) as temp:
        _write_results_into(result, temp)


def _fail(src: Path, what: str) -> SavedPlanError:
    return SavedPlanError(f"{src.name}: {what}; the results folder is damaged: solve again to replace it")


def _text(meta: dict, key: str, src: Path, default: str | None = None) -> str:
    value = meta.get(key, default)
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise _fail(src, f"solve.json's {key!r} is {_short(value)}, expected text")
    return value


def _optional_number(value: Any, where: str, src: Path) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(src, f"solve.json's {where} is {_short(value)}, expected a number or null")
    return float(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _read_meta(src: Path) -> dict[str, Any]:
    path = src / "solve.json"
    if path.stat().st_size > MAX_META_BYTES:
        raise _fail(src, f"solve.json is larger than {MAX_META_BYTES // 1_000_000} MB")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(src, f"solve.json is not valid JSON ({exc})") from None
    except RecursionError:
        raise _fail(src, "solve.json is nested too deeply") from None
    if not isinstance(meta, dict):
        raise _fail(src, "solve.json does not hold a record")
    return meta


def _levels(meta: dict, status: str, src: Path) -> tuple[LevelResult, ...]:
    levels = meta.get("levels")
    if not isinstance(levels, list) or len(levels) > 10:
        raise _fail(src, f"solve.json's 'levels' is {_short(levels)}, expected a short list")
    out = []
    for i, level in enumerate(levels):
        if not isinstance(level, dict):
            raise _fail(src, f"solve.json's levels[{i}] is {_short(level)}, expected a record")
        out.append(LevelResult(_text(level, "name", src), _optional_number(level.get("value"), f"levels[{i}].value", src),
                               _optional_number(level.get("bound"), f"levels[{i}].bound", src),
                               _text(level, "status", src, status),
                               None if "value_without_tail" not in level else _optional_number(
                                   level["value_without_tail"], f"levels[{i}].value_without_tail", src)))
    return tuple(out)


def _table(path: Path, columns: tuple[str, ...], src: Path) -> tuple[pd.DataFrame, set[str]]:
    """The table with ``columns`` in order, and the set of them the file did not have."""
    dtypes = {c: str for c in columns if c in TEXT_COLUMNS}
    try:
        table = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.EmptyDataError) as exc:  # parser and decoding errors
        raise _fail(src, f"{path.name} cannot be read ({exc})") from None
    absent = set(columns) - set(table.columns)
    table = table.reindex(columns=list(columns))
    for column in columns:
        if column in TEXT_COLUMNS or pd.api.types.is_numeric_dtype(table[column]):
            continue
        numbers = pd.to_numeric(table[column], errors="coerce")
        if (numbers.isna() & table[column].notna()).any():
            raise _fail(src, f"{path.name}'s column {column} holds text where numbers belong")
        table[column] = numbers
    return table, absent


def read_results(folder: str | os.PathLike) -> PlanResult:
    """Read a folder written by :func:`write_results` (the extras are optional).

    Raises :class:`SavedPlanError` with a sentence when a file is damaged
    (wrong types, bad CSV, nesting or size beyond any real result) or was
    written by a newer planner. A ``summary.csv`` from before the version 2
    measures has no transport cost (0) and no SPE shares (NaN: they need the
    scenario, see :func:`read_plan`).
    """
    return _read_results(folder)[0]


def _read_results(folder: str | os.PathLike) -> tuple[PlanResult, bool]:
    """The result, and whether its summary lacks the SPE shares of the version 2 measures."""
    src = Path(folder)
    with contextlib.suppress(OSError):  # read-only media: read what is there
        recover_folder(src)
    meta = _read_meta(src)
    try:
        meta = upgraded(meta, file_version(meta, f"{src.name}/solve.json", FORMAT_VERSION), FORMAT_VERSION,
                        MIGRATIONS)
    except FormatVersionError as exc:
        raise SavedPlanError(str(exc)) from None
    status = _text(meta, "status", src)
    tables, absent = {}, {}
    for name, (attr, columns) in TABLES.items():
        tables[attr], absent[attr] = ((pd.DataFrame(columns=list(columns)), set(columns))
                                      if not (src / name).exists() else _table(src / name, columns, src))
    if "transport_cost" in absent["summary"]:  # written before transport was costed
        tables["summary"]["transport_cost"] = 0.0
    model_size = meta.get("model_size", {})
    if not isinstance(model_size, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)
            for k, v in model_size.items()):
        raise _fail(src, f"solve.json's 'model_size' is {_short(model_size)}, expected names and numbers")
    seconds = _optional_number(meta.get("seconds"), "seconds", src)
    return PlanResult(
        status=status, levels=_levels(meta, status, src),
        gap=_optional_number(meta.get("gap"), "gap", src), seconds=0.0 if math.isnan(seconds) else seconds,
        backend=_text(meta, "backend", src, ""), scenario_sha256=_text(meta, "scenario_sha256", src, ""),
        model_size=model_size, message=_text(meta, "message", src, ""), **tables,
    ), bool(absent["summary"] & SHARES)


SCENARIO_FOLDER = "scenario"  # the scenario a results folder was solved from, in the folder format


BASELINE_FOLDER = "baseline"  # the do-nothing plan of the same scenario, for comparisons


def write_plan(result: PlanResult, scenario, folder: str | os.PathLike, baseline: PlanResult | None = None) -> None:
    """Write ``result`` and the scenario it came from, so the folder is a saved plan on its own.

    Reports, stress tests and the window read such a folder with
    :func:`read_plan` and never solve again. ``baseline`` (the do-nothing
    plan) is kept beside it, so a report need not recompute it. The folder
    is swapped in whole.
    """
    with atomic_folder(folder, owned=RESULT_FILES + (SCENARIO_FOLDER, BASELINE_FOLDER)) as temp:
        _write_results_into(result, temp)
        write_scenario(scenario, temp / SCENARIO_FOLDER)
        if baseline is not None:
            (temp / BASELINE_FOLDER).mkdir()
            _write_results_into(baseline, temp / BASELINE_FOLDER)


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
    src = Path(path)
    if not (src / "solve.json").is_file():
        raise SavedPlanError(f"{src} is not a results folder (no solve.json): run `sufficiency solve` first")
    if not (src / SCENARIO_FOLDER).is_dir():
        raise SavedPlanError(f"{src} holds a plan but not the scenario it came from: solve again with "
                            "`sufficiency solve SCENARIO --out FOLDER` to make a saved plan")
    scenario = read_scenario(src / SCENARIO_FOLDER)
    plan, older = _read_results(src)
    check_plan(plan, scenario, src.name)  # checked against its own scenario: see io/plan_check.py
    return scenario, with_shares(plan, scenario) if older else plan


def with_shares(plan: PlanResult, scenario: Scenario) -> PlanResult:
    """A plan saved before the SPE shares, with them worked out from its allocation and its scenario."""
    if not len(plan.summary) or not plan.summary[list(SHARES)].isna().all().all():
        return plan
    shares = dashboard_measures(scenario, plan.allocation)[list(SHARES)]
    summary = plan.summary.drop(columns=list(SHARES)).merge(shares, left_on="year", right_index=True, how="left")
    return dataclasses.replace(plan, summary=summary.reindex(columns=list(SUMMARY_COLUMNS)))
