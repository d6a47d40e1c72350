"""Read and check ``history.csv`` (past EHCP counts) and ``population.csv``.

The projection learns from counts of children with a plan at each January
census, by national curriculum year (NCY), primary need and setting. Bad
rows are reported as :class:`~sufficiency_app.infra.errors.Problem` objects naming
the file, the spreadsheet row and the column, never as a traceback.
See ``docs/history-format.md`` for the formats.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..infra.errors import Problem, ScenarioError
from ..io.tables import read_csv_file
from ..model.codes import NEEDS, normalise_need

SETTINGS: tuple[str, ...] = ("mainstream", "resourced", "special", "independent", "ap", "other")
"""Where a child with a plan is educated. ``ap`` (alternative provision) is
optional; ``other`` is FE, post-16 providers, home education, NEET and
anything else that is not a school place the planner builds."""

SETTING_TIER: dict[str, str] = {
    "mainstream": "mainstream", "resourced": "resourced", "special": "special", "independent": "special",
}
"""Planner tier of each setting; ``ap`` and ``other`` are not demand for school places."""

NCY_MIN, NCY_MAX = -4, 20
NCYS: tuple[int, ...] = tuple(range(NCY_MIN, NCY_MAX + 1))
HISTORY_COLUMNS = ("year", "ncy", "need", "setting", "count")
POPULATION_COLUMNS = ("year", "ncy", "population")


def _normalise_columns(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(columns={c: str(c).strip().lower().lstrip("\ufeff") for c in df.columns})


def _problem(file: str, row: int | None, column: str | None, value: object, expected: str, message: str,
             severity: str = "error") -> Problem:
    return Problem(severity, file, row, column, "" if value is None else str(value), expected, message)


def _integers(df: pd.DataFrame, column: str, file: str, low: int, high: int,
              problems: list[Problem]) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() | (values != values.round()) | (values < low) | (values > high)
    for i in np.flatnonzero(bad.to_numpy()):
        problems.append(_problem(file, int(i) + 2, column, df[column].iloc[i], f"whole number {low}..{high}",
                                 f"{column} must be a whole number from {low} to {high}"))
    return values


def _non_negative(df: pd.DataFrame, column: str, file: str, problems: list[Problem]) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() | (values < 0)
    for i in np.flatnonzero(bad.to_numpy()):
        problems.append(_problem(file, int(i) + 2, column, df[column].iloc[i], "number >= 0",
                                 f"{column} must be a number of children, 0 or more"))
    return values


def _missing_columns(df: pd.DataFrame, required: tuple[str, ...], file: str) -> list[Problem]:
    return [_problem(file, None, c, "", "column present", f"column '{c}' is missing")
            for c in required if c not in df.columns]


def check_history(raw: pd.DataFrame, file: str = "history.csv") -> tuple[pd.DataFrame, list[Problem]]:
    """Clean a raw history table and list everything wrong with it.

    Returns the table with canonical dtypes (``year``, ``ncy`` int; ``need``
    and ``setting`` codes; ``count`` and optional ``new`` float; optional
    ``area_id`` text) summed over duplicate keys, and the problems found.
    When any problem is an error the returned table is empty.
    """
    df = _normalise_columns(raw)
    problems = _missing_columns(df, HISTORY_COLUMNS, file)
    if problems:
        return pd.DataFrame(columns=list(HISTORY_COLUMNS)), problems
    years = _integers(df, "year", file, 1990, 2100, problems)
    ncy = _integers(df, "ncy", file, NCY_MIN, NCY_MAX, problems)
    need = df["need"].astype(str).map(normalise_need)
    for i in np.flatnonzero(~need.isin(NEEDS).to_numpy()):
        problems.append(_problem(file, int(i) + 2, "need", df["need"].iloc[i], " ".join(NEEDS),
                                 f"unknown need code '{df['need'].iloc[i]}'"))
    setting = df["setting"].astype(str).str.strip().str.lower()
    for i in np.flatnonzero(~setting.isin(SETTINGS).to_numpy()):
        problems.append(_problem(file, int(i) + 2, "setting", df["setting"].iloc[i], " ".join(SETTINGS),
                                 f"unknown setting '{df['setting'].iloc[i]}'"))
    count = _non_negative(df, "count", file, problems)
    clean = pd.DataFrame({"year": years, "ncy": ncy, "need": need, "setting": setting, "count": count})
    if "new" in df.columns:
        new = pd.to_numeric(df["new"], errors="coerce").fillna(0.0)
        for i in np.flatnonzero(((new < 0) | (new > count)).to_numpy()):
            problems.append(_problem(file, int(i) + 2, "new", df["new"].iloc[i], f"0..count ({count.iloc[i]})",
                                     "new plans must be between 0 and the row's count"))
        clean["new"] = new
    if "area_id" in df.columns:
        clean["area_id"] = df["area_id"].astype(str).str.strip()
    if any(p.severity == "error" for p in problems):
        return pd.DataFrame(columns=list(clean.columns)), problems
    clean = clean.astype({"year": int, "ncy": int, "count": float})
    keys = [c for c in ("year", "area_id", "ncy", "need", "setting") if c in clean.columns]
    clean = clean.groupby(keys, as_index=False, sort=True).sum()
    if clean["year"].nunique() < 2:
        problems.append(_problem(file, None, "year", ",".join(map(str, clean["year"].unique())), "2+ years",
                                 "history needs at least two consecutive census years to estimate rates"))
    else:
        gaps = sorted(set(range(clean["year"].min(), clean["year"].max() + 1)) - set(clean["year"]))
        if gaps:
            problems.append(_problem(file, None, "year", ",".join(map(str, gaps)), "every year present",
                                     "census years are missing; pairs across the gap are not used", "warning"))
    return clean, problems


def check_population(raw: pd.DataFrame, file: str = "population.csv") -> tuple[pd.DataFrame, list[Problem]]:
    """Clean a raw population table (``year``, ``ncy``, ``population``) and list its problems."""
    df = _normalise_columns(raw)
    problems = _missing_columns(df, POPULATION_COLUMNS, file)
    if problems:
        return pd.DataFrame(columns=list(POPULATION_COLUMNS)), problems
    years = _integers(df, "year", file, 1990, 2100, problems)
    ncy = _integers(df, "ncy", file, NCY_MIN, NCY_MAX, problems)
    pop = _non_negative(df, "population", file, problems)
    if any(p.severity == "error" for p in problems):
        return pd.DataFrame(columns=list(POPULATION_COLUMNS)), problems
    clean = pd.DataFrame({"year": years.astype(int), "ncy": ncy.astype(int), "population": pop.astype(float)})
    return clean.groupby(["year", "ncy"], as_index=False, sort=True).sum(), problems


def _read_csv(path: Path) -> pd.DataFrame:
    frame, problems = read_csv_file(path, path.name)
    if frame is None:
        raise ScenarioError(problems)
    return frame


def _read_checked(path: str | Path, check) -> pd.DataFrame:
    path = Path(path)
    clean, problems = check(_read_csv(path), path.name)
    if any(p.severity == "error" for p in problems):
        raise ScenarioError(problems)
    return clean


def read_history(path: str | Path) -> pd.DataFrame:
    """Read ``history.csv``; raise :class:`ScenarioError` listing every error found."""
    return _read_checked(path, check_history)


def read_population(path: str | Path) -> pd.DataFrame:
    """Read ``population.csv``; raise :class:`ScenarioError` listing every error found."""
    return _read_checked(path, check_population)
