"""How far a travel model is from journey times someone measured or modelled.

Before a council trusts 40 km/h and a 1.3 detour (or a road network), it
can hold either against known minutes: from an operator's route planner, a
transport team's records, or an open matrix. ``known.csv`` rows are
``area_id, x, y, minutes`` (a journey from the area's point to the place at
British National Grid x/y) or ``area_id, provision_id, minutes`` (to a
setting of the scenario); both kinds may be mixed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..infra.cancel import CancelToken
from ..infra.errors import Problem, ScenarioError
from ..model.provision_settings import effective_settings
from ..model.scenario import Scenario
from ..model.travel import area_points, straight_line_minutes
from .network import RoadNetwork
from .paths import Progress

PERCENTILES = (10, 50, 90)


def _problem(file: str, row: int | None, column: str | None, value: object, expected: str, message: str) -> Problem:
    return Problem("error", file, row, column, str(value), expected, message)


def read_known(path: str | Path) -> pd.DataFrame:
    """Read known journey times: columns ``area_id``, ``minutes`` and ``x``/``y`` or ``provision_id``.

    Raises
    ------
    ScenarioError
        Missing columns, non-numeric or negative values, a row with neither
        a place nor a setting; every problem at once, with its row.
    """
    path = Path(path)
    name = path.name
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ScenarioError([_problem(name, None, None, "", "a CSV file", f"cannot read the file: {exc}")]) from exc
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    problems = [_problem(name, 1, col, "", f"a column {col}", f"column {col} is missing")
                for col in ("area_id", "minutes") if col not in raw.columns]
    has_xy = {"x", "y"} <= set(raw.columns)
    if not has_xy and "provision_id" not in raw.columns:
        problems.append(_problem(name, 1, "x, y", "", "columns x and y, or provision_id",
                                 "each row needs a place (x, y) or a setting (provision_id)"))
    if problems:
        raise ScenarioError(problems)
    known = pd.DataFrame({"area_id": raw["area_id"].str.strip()})
    for col in ("x", "y", "minutes"):
        text = raw[col].str.strip() if col in raw.columns else pd.Series("", index=raw.index)
        known[col] = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = text.ne("") & known[col].isna()
        problems += [_problem(name, int(i) + 2, col, text[i], "a number", f"{col} is not a number")
                     for i in raw.index[bad]]
    known["provision_id"] = raw["provision_id"].str.strip() if "provision_id" in raw.columns else ""
    for i in raw.index:
        row = int(i) + 2
        if known.at[i, "area_id"] == "":
            problems.append(_problem(name, row, "area_id", "", "an area_id", "area_id is empty"))
        minutes = known.at[i, "minutes"]
        if pd.isna(minutes) and raw.at[i, "minutes"].strip() == "":
            problems.append(_problem(name, row, "minutes", "", "a number >= 0", "minutes is empty"))
        elif minutes < 0:
            problems.append(_problem(name, row, "minutes", minutes, "a number >= 0", "minutes is negative"))
        located = pd.notna(known.at[i, "x"]) and pd.notna(known.at[i, "y"])
        if not located and known.at[i, "provision_id"] == "":
            problems.append(_problem(name, row, "x, y", "", "x and y, or a provision_id",
                                     "the row names no place (x, y) and no setting (provision_id)"))
    if problems:
        raise ScenarioError(problems)
    return known


def locate(known: pd.DataFrame, scenario: Scenario, file: str = "known.csv") -> pd.DataFrame:
    """Known rows with both ends as coordinates: ``ax``, ``ay`` (area point) and ``x``, ``y``.

    Rows naming a setting take its location. Raises ScenarioError for areas
    or settings the scenario does not have.
    """
    points = area_points(scenario).set_index("area_id")
    settings = effective_settings(scenario).set_index("setting_id")
    problems = []
    out = known.copy()
    for i in out.index:
        if out.at[i, "area_id"] not in points.index:
            problems.append(_problem(file, int(i) + 2, "area_id", out.at[i, "area_id"], "an area of the scenario",
                                     "unknown area"))
        pid = out.at[i, "provision_id"]
        if pd.isna(out.at[i, "x"]) or pd.isna(out.at[i, "y"]):
            if pid in settings.index:
                out.at[i, "x"], out.at[i, "y"] = settings.at[pid, "easting"], settings.at[pid, "northing"]
            else:
                problems.append(_problem(file, int(i) + 2, "provision_id", pid, "a setting of the scenario",
                                         "unknown setting"))
    if problems:
        raise ScenarioError(problems)
    out["ax"] = points.loc[out["area_id"], "x"].to_numpy()
    out["ay"] = points.loc[out["area_id"], "y"].to_numpy()
    return out


def _unique_ends(located: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct area points and places, and each row's index into them (a matrix is computed once)."""
    origins, o = np.unique(located[["ax", "ay"]].to_numpy(float), axis=0, return_inverse=True)
    places, p = np.unique(located[["x", "y"]].to_numpy(float), axis=0, return_inverse=True)
    return origins, places, o.reshape(-1), p.reshape(-1)


def straight_line_model(located: pd.DataFrame, speed_kmh: float, detour_factor: float) -> np.ndarray:
    """Minutes of the core straight-line model for each located row."""
    origins, places, o, p = _unique_ends(located)
    return straight_line_minutes(origins, places, detour_factor, speed_kmh)[o, p]


def road_minutes(network: RoadNetwork, located: pd.DataFrame, progress: Progress | None = None,
                 cancel: CancelToken | None = None) -> np.ndarray:
    """Road-network minutes for each located row (one Dijkstra per distinct place)."""
    origins, places, o, p = _unique_ends(located)
    return network.minutes_between(origins, places, progress, cancel)[o, p]


def error_table(model: np.ndarray, known: np.ndarray) -> pd.DataFrame:
    """P10/P50/P90 and mean of the error (model - known, minutes) and of the absolute % error.

    Rows with known minutes of 0 count in the error but not in the % error.
    """
    model = np.asarray(model, dtype=float)
    known = np.asarray(known, dtype=float)
    error = model - known
    pct = np.abs(error[known > 0]) / known[known > 0] * 100.0
    index = [f"P{p}" for p in PERCENTILES] + ["mean"]
    return pd.DataFrame({
        "error_minutes": [*np.percentile(error, PERCENTILES), error.mean()],
        "abs_pct_error": [*np.percentile(pct, PERCENTILES), pct.mean()] if len(pct) else [np.nan] * 4,
    }, index=index)


def format_table(table: pd.DataFrame, title: str = "", markdown: bool = False) -> str:
    """The error table as aligned text (or a Markdown table, for docs/travel.md)."""
    if markdown:
        head = "| " + (title or "model") + " | " + " | ".join(table.index) + " |"
        rule = "|---" * (len(table.index) + 1) + "|"
        rows = ["| error (min) | " + " | ".join(f"{v:+.1f}" for v in table["error_minutes"]) + " |",
                "| abs % error | " + " | ".join(f"{v:.1f}" for v in table["abs_pct_error"]) + " |"]
        return "\n".join([head, rule, *rows])
    lines = [title] if title else []
    lines.append(f"{'':>14}" + "".join(f"{c:>9}" for c in table.index))
    lines.append(f"{'error (min)':>14}" + "".join(f"{v:>+9.1f}" for v in table["error_minutes"]))
    lines.append(f"{'abs % error':>14}" + "".join(f"{v:>9.1f}" for v in table["abs_pct_error"]))
    return "\n".join(lines)
