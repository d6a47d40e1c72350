"""Seeded fuzzing of the scenario readers and of ``solve`` on mutated small scenarios.

Each case takes a tiny valid county (four areas, one school, two options,
two years), applies one or two hostile mutations (a cell set to 1e308, a
TOML section given as a scalar, metres in a GeoJSON without a CRS, an
unclosed ring, UTF-16 bytes, a truncated file...), reads it with
``load_scenario`` and, when validation accepts it, solves it with a short
time limit. Problems are the expected answer; any exception is not, and is
counted by type and mutation.

    python benchmarks/fuzz_inputs.py --cases 2000 --seed 1
    python benchmarks/fuzz_inputs.py --cases 200 --no-solve

One case in six tampers with a saved plan instead (a cell of its
allocation, schedule or summary) and reads it back with ``read_plan``.
The command line's arguments are fuzzed by ``benchmarks/fuzz_argv.py``.

Exit code 1 when any case raised. A small seeded part runs in the test
suite (``tests/io/test_hostile_inputs.py``).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sufficiency_app.io import load_scenario, write_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from small_scenarios import window_county  # noqa: E402  (the shared small scenarios live with the tests)

from sufficiency_app.model.scenario import Scenario

HOSTILE_CELLS = (
    "", " ", "1e308", "-1e308", "1e-300", "nan", "inf", "-inf", "-0", "0", "-1", "2025.5", "1e6", "999999",
    "1e300", "12345678901234567890", "£1,2,3", "x" * 500, "=cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "ASD;ZZZ",
    "ALL;;", '"', "0x10", "1_000", "١٢", "\u0000", "🙂", "2200", "1899", "700000", "-200000", "1300000",
)
HOSTILE_VALUES = (5, "x", [1, 2], [], {}, 1e308, -1.0, 1e-300, True, "45", [1e308] * 2, {"PRI": "x"},
                  {"ZZZ": 10}, 0, 10**30, "1" * 300, [[1]], {"a": {"b": {"c": {"d": {"e": {"f": {"g": {}}}}}}}})
HOSTILE_NUMBERS = ("1e308", "1e300", "-1e308", "1e-300", "0", "-1", "1e6", "1e12", "700000", "1e15", "2200",
                   "0.5", "2999", "-0.0")
NUMERIC_COLUMNS = {
    "demand.csv": ("year", "count"), "provisions.csv": ("capacity", "easting", "northing", "cost_per_place"),
    "options.csv": ("easting", "northing", "module_places", "max_modules", "capital_per_module", "fixed_capital",
                    "earliest_year", "cost_per_place"),
    "travel.csv": ("minutes",),
}
NUMERIC_KEYS = ("travel.speed_kmh", "travel.detour_factor", "travel.independent_minutes", "travel.max_minutes.PRI",
                "costs.independent_place", "costs.step_up_penalty_minutes", "budget.capital", "base_year", "horizon")
TOML_KEYS = ("name", "base_year", "horizon", "currency", "travel", "travel.speed_kmh", "travel.detour_factor",
             "travel.max_minutes", "travel.independent_minutes", "costs", "costs.independent_place",
             "costs.step_up_penalty_minutes", "budget", "budget.capital", "budget.carry_forward", "roads")
TABLES = ("demand.csv", "provisions.csv", "options.csv", "travel.csv")


def base_scenario() -> Scenario:
    """The window tests' tiny county (four 10 km squares, one school, two options) with one travel override."""
    travel = pd.DataFrame({"area_id": ["A0"], "provision_id": ["P1"], "minutes": [12.0]})
    return window_county("Fuzz county").replace(travel=travel)


# ----------------------------------------------------------------- mutations

def _toml_tree(folder: Path) -> dict:
    import tomllib

    return tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))


def mutate_cell(folder: Path, rng: random.Random, numeric: bool = False) -> str:
    name = rng.choice(TABLES)
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    if len(frame) == 0:
        return f"{name}: empty"
    row = rng.randrange(len(frame))
    column = rng.choice(NUMERIC_COLUMNS[name] if numeric else list(frame.columns))
    value = rng.choice(HOSTILE_NUMBERS if numeric else HOSTILE_CELLS)
    frame.loc[row, column] = value
    frame.to_csv(folder / name, index=False)
    return f"{name}[{row}, {column}] = {value[:20]!r}"


def mutate_number(folder: Path, rng: random.Random) -> str:
    return mutate_cell(folder, rng, numeric=True)


def mutate_toml(folder: Path, rng: random.Random, numeric: bool = False) -> str:
    import tomli_w

    tree = _toml_tree(folder)
    key = rng.choice(NUMERIC_KEYS if numeric else TOML_KEYS)
    value = rng.choice((1e308, 1e-300, 0, -1, 1e12, 5, 2999, 0.5, 1e6)) if numeric else rng.choice(HOSTILE_VALUES)
    node = tree
    *parents, last = key.split(".")
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[last] = value
    (folder / "scenario.toml").write_text(tomli_w.dumps(tree), encoding="utf-8")
    return f"toml {key} = {str(value)[:30]}"


def mutate_toml_number(folder: Path, rng: random.Random) -> str:
    return mutate_toml(folder, rng, numeric=True)


def _coords(geometry: dict, change: Callable[[list], list]) -> None:
    geometry["coordinates"] = [[change(p) for p in ring] for ring in geometry["coordinates"]]


def mutate_geojson(folder: Path, rng: random.Random) -> str:
    path = folder / "areas.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    feature = rng.choice(doc["features"])
    kind = rng.choice(("no_crs", "scale", "unclosed", "null", "huge", "point", "swap", "degrees", "props", "short",
                       "centroid"))
    if kind == "no_crs":
        doc.pop("crs", None)
    elif kind == "scale":
        _coords(feature["geometry"], lambda p: [p[0] * 1000, p[1] * 1000])
    elif kind == "unclosed":
        feature["geometry"]["coordinates"][0] = feature["geometry"]["coordinates"][0][:-1]
    elif kind == "null":
        feature["geometry"] = None
    elif kind == "huge":
        _coords(feature["geometry"], lambda p: [1e308, p[1]])
    elif kind == "point":
        doc.pop("crs", None)
        feature["geometry"] = {"type": "Point", "coordinates": [405000.0, 105000.0]}
    elif kind == "swap":
        _coords(feature["geometry"], lambda p: [p[1], p[0]])
    elif kind == "degrees":
        doc.pop("crs", None)
        _coords(feature["geometry"], lambda p: [p[0] / 1e5 - 6, p[1] / 1e5 + 50])
    elif kind == "props":
        feature["properties"] = rng.choice(({}, {"area_id": None}, {"area_id": ["x"]}, None))
    elif kind == "centroid":
        feature["geometry"] = None
        feature["properties"].update(centroid_easting=rng.choice((1e308, -1e308, 405000.0, 4e6)),
                                     centroid_northing=rng.choice((1e308, 105000.0, 1e-300)))
    else:
        feature["geometry"]["coordinates"][0] = [["a", "b"]] * 4
    path.write_text(json.dumps(doc), encoding="utf-8")
    return f"geojson {kind}"


def mutate_bytes(folder: Path, rng: random.Random) -> str:
    name = rng.choice(TABLES + ("scenario.toml", "areas.geojson"))
    path = folder / name
    data = path.read_bytes()
    kind = rng.choice(("truncate", "flip", "utf16", "utf16_nobom", "bom", "nul", "delete", "dup_header"))
    if kind == "truncate":
        data = data[: rng.randrange(len(data) + 1)]
    elif kind == "flip":
        data = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    elif kind == "utf16":
        data = data.decode("utf-8").encode("utf-16")
    elif kind == "utf16_nobom":
        data = data.decode("utf-8").encode("utf-16-le")
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "nul":
        data = data.replace(b",", b"\x00", 1)
    elif kind == "delete":
        path.unlink()
        return f"{name} deleted"
    else:
        first, _, rest = data.partition(b"\n")
        data = first + b"," + first.split(b",")[0] + b"\n" + rest
    path.write_bytes(data)
    return f"{name} {kind}"


TEXT_NUMBERS = ("1,5", "45", "2", "0.5", "£60,000", "1e3", " 7 ", "")
FORMAT_VERSIONS = ("2", 0, -1, 2.0, 3, 10**30, True, "1")


def mutate_toml_text(folder: Path, rng: random.Random) -> str:
    """A number written as text in quotes (``per_km = "1,5"``), or a format_version no planner wrote."""
    import tomli_w

    tree = _toml_tree(folder)
    if rng.random() < 0.3:
        tree["format_version"] = value = rng.choice(FORMAT_VERSIONS)
        key = "format_version"
    else:
        key = rng.choice(NUMERIC_KEYS + ("transport.per_km", "transport.days", "placements.independent_stay"))
        value = rng.choice(TEXT_NUMBERS)
        node = tree
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        node[last] = value
    (folder / "scenario.toml").write_text(tomli_w.dumps(tree), encoding="utf-8")
    return f"toml {key} = {value!r}"


def mutate_row(folder: Path, rng: random.Random) -> str:
    """A row with an extra value (an unquoted comma), or one cell far longer than any real one."""
    name = rng.choice(TABLES)
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    if len(lines) < 3:
        return f"{name}: too short"
    at = rng.randrange(1, len(lines) - 1)
    kind = rng.choice(("comma", "long", "quote"))
    if kind == "comma":
        lines[at] = lines[at].replace(",", ",x,", 1)
    elif kind == "long":
        lines[at] += "9" * rng.choice((40_000, 1_000_000))
    else:
        lines[at] = '"' + lines[at]  # a quote never closed
    (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return f"{name} row {at + 1} {kind}"


MUTATIONS = (mutate_cell, mutate_number, mutate_number, mutate_toml, mutate_toml_number, mutate_geojson,
             mutate_bytes, mutate_toml_text, mutate_row)
PLAN_VALUES = ("-5", "1e308", "inf", "nan", "", "1e9", "Z9", "=1+1", "x" * 300, "2099", "0.5", "-0")
PLAN_TABLES = {"allocation.csv": ("year", "area_id", "need", "provision_id", "count", "minutes"),
               "schedule.csv": ("option_id", "year", "modules", "places", "capital"),
               "summary.csv": ("year", "demand", "independent", "spe_a", "capital")}


def mutate_plan(folder: Path, rng: random.Random) -> str:
    """A cell of a saved plan's table set to something its scenario cannot have."""
    name = rng.choice(tuple(PLAN_TABLES))
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    if len(frame) == 0:
        return f"{name}: empty"
    row, column, value = rng.randrange(len(frame)), rng.choice(PLAN_TABLES[name]), rng.choice(PLAN_VALUES)
    frame.loc[row, column] = value
    frame.to_csv(folder / name, index=False)
    return f"plan {name}[{row}, {column}] = {value[:20]!r}"


# ---------------------------------------------------------------------- runs

def _mutate(folder: Path, rng: random.Random) -> str:
    """One mutation; a second one may find the file already unparseable, which is skipped."""
    mutation = rng.choice(MUTATIONS)
    try:
        return mutation(folder, rng)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, pd.errors.ParserError):
        return f"{mutation.__name__} skipped"


def run_plan_case(plan: Path, work: Path, rng: random.Random) -> tuple[str, str]:
    """One tampered saved plan through ``read_plan``: refused with a sentence or read, never a crash."""
    from sufficiency_app.infra.errors import ScenarioError
    from sufficiency_app.io.results import SavedPlanError, read_plan

    folder = work / "plan-case"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(plan, folder)
    what = "; ".join(mutate_plan(folder, rng) for _ in range(rng.choice((1, 2))))
    try:
        read_plan(folder)
        return "read", what
    except (SavedPlanError, ScenarioError) as exc:
        assert str(exc), "refused without a sentence"
        return "refused", what
    except Exception as exc:  # the point of the script: count them
        return f"crash:{type(exc).__name__}", what + "\n" + traceback.format_exc(limit=3)


def run_case(base: Path, work: Path, rng: random.Random, solve: bool) -> tuple[str, str]:
    """One mutated scenario through the reader (and the solver); ``(outcome, what)``.

    Outcomes: ``refused`` (errors reported), ``read`` (accepted, not solved),
    ``solved`` and ``crash:<Exception>`` (the thing this script looks for).
    One case in six is a saved plan tampered with instead (:func:`run_plan_case`).
    """
    if rng.random() < 1 / 6:
        return run_plan_case(base.parent / "plan", work, rng)
    folder = work / "case"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, folder)
    what = "; ".join(_mutate(folder, rng) for _ in range(rng.choice((1, 1, 2))))
    try:
        scenario, problems = load_scenario(folder)
        if scenario is None:
            assert problems and any(p.severity == "error" for p in problems), "refused without an error"
            return "refused", what
        if not solve:
            return "read", what
        from sufficiency_app.solver import solve as run_solve
        from sufficiency_app.solver.api import SolveOptions

        result = run_solve(scenario, SolveOptions(time_limit=5, explain=False))
        assert result.status in ("optimal", "feasible", "time_limit", "infeasible"), result.status
        return "solved", what
    except Exception as exc:  # the point of the script: count them
        return f"crash:{type(exc).__name__}", what + "\n" + traceback.format_exc(limit=3)


LIMIT = 15.0  # seconds a case may take (a 5 s solve included); three times that is a hang


def fuzz(cases: int, seed: int, solve: bool, report: Callable[[str], None] = lambda line: None
         ) -> tuple[collections.Counter, float]:
    """Run ``cases`` seeded cases: the counts of each outcome (``hang`` past 3 x ``LIMIT``) and the slowest seconds."""
    warnings.filterwarnings("ignore", category=RuntimeWarning)  # GDAL's notes on the broken rings we made
    rng = random.Random(seed)
    counts: collections.Counter = collections.Counter()
    slowest = 0.0
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        base = Path(tmp) / "base"
        write_scenario(base_scenario(), base)
        from sufficiency_app.io.results import write_plan
        from sufficiency_app.solver import solve as run_solve
        from sufficiency_app.solver.api import SolveOptions

        write_plan(run_solve(base_scenario(), SolveOptions(time_limit=20, explain=False)), base_scenario(),
                   Path(tmp) / "plan")
        for i in range(cases):
            start = time.perf_counter()
            outcome, what = run_case(base, Path(tmp), rng, solve)
            seconds = time.perf_counter() - start
            if seconds > 3 * LIMIT:
                outcome = "hang"
            counts[outcome] += 1
            slowest = max(slowest, seconds)
            if outcome.startswith("crash") or outcome == "hang":
                report(f"case {i}: {outcome} ({seconds:.1f} s): {what}")
    return counts, slowest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-solve", action="store_true", help="only read and validate")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    cpu = time.process_time()
    counts, slowest = fuzz(args.cases, args.seed, not args.no_solve, report=print)
    crashes = sum(n for k, n in counts.items() if k.startswith("crash") or k == "hang")
    print(f"{args.cases} cases (seed {args.seed}) in {time.perf_counter() - start:.0f} s wall, "
          f"{time.process_time() - cpu:.0f} s CPU: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
          + f"; unexpected exceptions and hangs: {crashes}; slowest case {slowest:.1f} s (limit {LIMIT:.0f} s)")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
