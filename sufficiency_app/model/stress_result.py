"""A stress test's results: plans in the same simulated futures, and what a reader needs from them.

The evaluation (:mod:`sufficiency_app.risk.stress`) produces one row per
(future, plan, year); everything here only reads those tables, so the
command line, the window and the report say the same thing. Plans are
compared on the same futures (common random numbers): the difference
between two plans in one future is the plan's doing, not the draw's.

A stress folder holds ``futures.csv`` (``FUTURE_COLUMNS``), ``needs.csv``
(independent child-years by need), ``percentiles.csv`` and ``stress.json``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..infra.atomic import atomic_write_text
from ..infra.formatting import academic_year
from ..infra.formula_guard import csv_unguard, guard_frame

FUTURE_COLUMNS = ("future", "plan", "year", "demand", "independent", "mean_minutes", "revenue", "dsg_balance")
NEED_COLUMNS = ("future", "plan", "year", "need", "independent")
PERCENTILES = (5, 25, 50, 75, 95)
PLAN, DO_NOTHING = "plan", "do nothing"
TAIL_SHARE = 0.1  # without a threshold, the tail is the worst tenth of futures


class StressFolderError(ValueError):
    """A folder that is not a stress result, with a sentence saying what to do."""


@dataclass(frozen=True)
class Threshold:
    """"More than ``count`` independent placements in ``year``"."""

    year: int
    count: float

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """``YEAR:COUNT``, e.g. ``2030:600``; raises ValueError with the expected form."""
        m = re.fullmatch(r"\s*(\d{4})\s*:\s*(\d+(?:\.\d+)?)\s*", text or "")
        if not m:
            raise ValueError(f"threshold {text!r}: expected YEAR:COUNT, e.g. 2030:600")
        return cls(int(m.group(1)), float(m.group(2)))

    def __str__(self) -> str:
        return f"more than {self.count:,.0f} independent placements in {academic_year(self.year)}"


@dataclass(frozen=True, eq=False)
class StressResult:
    """Outcomes of ``plans`` (first = the plan under test) in ``futures`` seeded futures."""

    scenario: str
    plans: tuple[str, ...]
    futures: int
    seed: int
    years: pd.DataFrame  # FUTURE_COLUMNS
    needs: pd.DataFrame  # NEED_COLUMNS
    threshold: Threshold | None = None
    run: dict = field(default_factory=dict)  # engine, workers, seconds: how it was computed

    @property
    def calendar(self) -> tuple[int, ...]:
        return tuple(sorted(self.years["year"].unique()))

    def outcome(self, plan: str, year: int, column: str = "independent") -> np.ndarray:
        """One value per future (in future order) of ``column`` for ``plan`` in ``year``."""
        rows = self.years[(self.years["plan"] == plan) & (self.years["year"] == year)].sort_values("future")
        return rows[column].to_numpy(float)

    def default_threshold(self) -> Threshold:
        """The given threshold, else the plan's median in the last year rounded up to tens."""
        if self.threshold is not None:
            return self.threshold
        last = self.calendar[-1]
        return Threshold(last, float(np.ceil(np.median(self.outcome(self.plans[0], last)) / 10) * 10))


def percentiles(result: StressResult, column: str = "independent") -> pd.DataFrame:
    """``plan, year, mean, p5 .. p95`` of ``column`` over the futures."""
    g = result.years.groupby(["plan", "year"], sort=False)[column]
    out = g.mean().rename("mean").to_frame()
    for q in PERCENTILES:
        out[f"p{q}"] = g.quantile(q / 100)
    return out.reset_index()


def exceedance(result: StressResult, threshold: Threshold) -> dict[str, float]:
    """Share of futures in which each plan has more than ``threshold.count`` independent placements."""
    return {plan: float(np.mean(result.outcome(plan, threshold.year) > threshold.count)) for plan in result.plans}


def tail_futures(result: StressResult, threshold: Threshold, plan: str | None = None) -> np.ndarray:
    """Futures where ``plan`` exceeds the threshold, or its worst tenth when none (or all) do."""
    plan = plan or result.plans[0]
    values = result.outcome(plan, threshold.year)
    futures = np.sort(result.years["future"].unique())
    over = values > threshold.count
    if 0 < over.sum() < len(values):
        return futures[over]
    worst = max(1, round(len(values) * TAIL_SHARE))
    return futures[np.argsort(-values, kind="stable")[:worst]]


def tail_drivers(result: StressResult, threshold: Threshold, plan: str | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which years and needs drive the tail: ``(by year, by need)``.

    Each table has the mean independent placements in the tail futures and in
    all futures and the excess (tail minus all), largest excess first; needs
    are counted in the threshold's year.
    """
    plan = plan or result.plans[0]
    tail = tail_futures(result, threshold, plan)

    def excess(frame: pd.DataFrame, key: str) -> pd.DataFrame:
        frame = frame[frame["plan"] == plan]
        everyone = frame.groupby(key)["independent"].sum() / result.futures
        in_tail = frame[frame["future"].isin(tail)].groupby(key)["independent"].sum() / len(tail)
        out = pd.DataFrame({"tail": in_tail, "all": everyone}).fillna(0.0)
        out["excess"] = out["tail"] - out["all"]
        return out.sort_values("excess", ascending=False).reset_index()

    needs = result.needs[result.needs["year"] == threshold.year]
    return excess(result.years, "year"), excess(needs, "need")


def councillor_sentence(result: StressResult, threshold: Threshold | None = None) -> str:
    """One plain sentence on how the plan holds up, for the report and the window."""
    threshold = threshold or result.default_threshold()
    plan, year = result.plans[0], threshold.year
    values = result.outcome(plan, year)
    low, high = np.percentile(values, [5, 95])
    chance = exceedance(result, threshold)
    text = (f"In {result.futures:,} simulated futures of demand, the plan leaves between {low:,.0f} and "
            f"{high:,.0f} children in independent placements in {academic_year(year)} (9 futures in 10), "
            f"and a {chance[plan]:.0%} chance of {threshold}")
    if DO_NOTHING in chance and plan != DO_NOTHING:
        base = result.outcome(DO_NOTHING, year)
        text += (f", against {chance[DO_NOTHING]:.0%} if nothing is built; it avoids "
                 f"{np.median(base - values):,.0f} such placements in a typical future")
    left_out = result.run.get("not_applied") or []
    if left_out:
        text += (". The futures apply the plan's readings except " + "; ".join(left_out) +
                 ": each future is allocated year by year")
    return text + "."


def write_stress(result: StressResult, folder: str | os.PathLike) -> None:
    """Write the tables and ``stress.json`` into ``folder`` (created if needed).

    The tables open in Excel, so plan names (a ``--compare`` folder's name) go through the formula guard.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in (("futures.csv", result.years.loc[:, list(FUTURE_COLUMNS)]),
                        ("needs.csv", result.needs.loc[:, list(NEED_COLUMNS)]), ("percentiles.csv", percentiles(result))):
        atomic_write_text(out / name, guard_frame(table).to_csv(index=False, lineterminator="\n"))
    meta = {"scenario": result.scenario, "plans": list(result.plans), "futures": result.futures,
            "seed": result.seed, "run": result.run,
            "threshold": None if result.threshold is None else [result.threshold.year, result.threshold.count]}
    atomic_write_text(out / "stress.json", json.dumps(meta, indent=2) + "\n")


MAX_META_BYTES = 1_000_000
MAX_PLANS = 100


def _stress_meta(path: Path) -> dict:
    """``stress.json`` checked for every key :func:`read_stress` uses; StressFolderError naming the key."""

    def bad(what: str) -> StressFolderError:
        return StressFolderError(f"{path}: {what}; the stress result is damaged: run `sufficiency stress` again")

    if path.stat().st_size > MAX_META_BYTES:
        raise bad(f"the file is larger than {MAX_META_BYTES:,} bytes")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad(f"not valid JSON ({str(exc)[:80]})") from None
    if not isinstance(meta, dict):
        raise bad(f"expected a record of the run, found {type(meta).__name__}")
    plans = meta.get("plans")
    if (not isinstance(plans, list) or not 1 <= len(plans) <= MAX_PLANS
            or not all(isinstance(p, str) and 0 < len(p) <= 200 for p in plans) or len(set(plans)) < len(plans)):
        raise bad(f"'plans' is {_short(plans)}: expected a list of 1 to {MAX_PLANS} different plan names")

    def whole(key: str, low: int, default: object = None) -> None:
        value = meta.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise bad(f"{key!r} is {_short(value)}: expected a whole number >= {low}")

    whole("futures", 1)
    whole("seed", 0, 0)
    if not isinstance(meta.get("run", {}), dict):
        raise bad(f"'run' is {_short(meta.get('run'))}: expected a record (engine, seconds)")
    if not isinstance(meta.get("scenario", ""), str):
        raise bad(f"'scenario' is {_short(meta.get('scenario'))}: expected text")
    threshold = meta.get("threshold")
    if threshold is not None and not (
            isinstance(threshold, list) and len(threshold) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v) and v >= 0
                for v in threshold) and float(threshold[0]).is_integer()):
        raise bad(f"'threshold' is {_short(threshold)}: expected null or [YEAR, COUNT]")
    return meta


def _short(value: object) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _stress_table(path: Path, columns: tuple[str, ...], text: tuple[str, ...], plans: list[str]) -> pd.DataFrame:
    """One of the tables, its numbers checked finite and its plans among ``stress.json``'s."""
    try:
        table = pd.read_csv(path, dtype={c: str for c in text}, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.EmptyDataError) as exc:
        raise StressFolderError(f"{path}: cannot be read ({str(exc)[:80]})") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise StressFolderError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in text:
        table[column] = table[column].map(csv_unguard)
    for column in columns:
        if column in text:
            continue
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = ~np.isfinite(numbers) & (table[column].notna() | (column in ("future", "year")))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise StressFolderError(f"{path}, row {row + 2}, column {column}: {str(table[column].iloc[row])[:40]!r} "
                                    "is not a finite number")
        table[column] = numbers
    unknown = sorted(set(table["plan"]) - set(plans))
    if unknown:
        raise StressFolderError(f"{path}: plan {unknown[0][:40]!r} is not one of stress.json's plans")
    return table


def read_stress(folder: str | os.PathLike) -> StressResult:
    """Read a folder written by :func:`write_stress`; StressFolderError naming the file when it is damaged."""
    src = Path(folder)
    if not (src / "stress.json").is_file() or not (src / "futures.csv").is_file():
        raise StressFolderError(f"{src} is not a stress result (no stress.json and futures.csv): "
                                "run `sufficiency stress` first")
    meta = _stress_meta(src / "stress.json")
    plans = meta["plans"]
    years = _stress_table(src / "futures.csv", FUTURE_COLUMNS, ("plan",), plans)
    needs_path = src / "needs.csv"
    needs = (_stress_table(needs_path, NEED_COLUMNS, ("plan", "need"), plans)
             if needs_path.is_file() else pd.DataFrame(columns=list(NEED_COLUMNS)))
    if plans[0] not in set(years["plan"]):
        raise StressFolderError(f"{src / 'futures.csv'}: holds no rows of the plan {plans[0][:40]!r}")
    threshold = meta.get("threshold")
    return StressResult(
        scenario=str(meta.get("scenario", "")), plans=tuple(plans), futures=int(meta["futures"]),
        seed=int(meta.get("seed", 0)), years=years, needs=needs,
        threshold=None if threshold is None else Threshold(int(threshold[0]), float(threshold[1])),
        run=dict(meta.get("run", {})))
