"""Seeded fuzzing of the command line: hostile argument vectors for every command.

Each case picks a command, fills its arguments from pools of hostile values
(huge, negative, NaN, text, empty, URLs without a port, percentiles out of
order, files that are junk, missing or damaged) and a few sound ones, may
drop, repeat or add an argument, and runs ``sufficiency_app.cli.main`` in
this process. Every case must end with an exit code (0, 1 or 2) and no
traceback; a case still running after three times its command's time limit
is a hang (CPU seconds: on a shared machine the wall clock runs for the
other programs too). Sound values are kept small (2 futures, 20 runs), so a case that
passes every check still finishes in seconds.

    python benchmarks/fuzz_argv.py --cases 2000 --seed 1
    python benchmarks/fuzz_argv.py --cases 500 --first 500 --seed 1   # cases 500..999 of the same run

Exit code 1 when any case raised or hung. A small seeded part runs in the
test suite (``tests/commands/test_hostile_commands.py``).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.fuzz_inputs import base_scenario  # noqa: E402
from sufficiency_app.commands.args import MAX_SECONDS  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "wiltshire"
LIMIT = 30.0  # seconds a case may take; a solve case gets its own --time-limit on top
NUMBERS = ("0", "-1", "-5", "1", "2", "nan", "inf", "-inf", "1e308", "1e-300", "9223372036854775808",
           "1000000000000", "", " ", "abc", "1,5", "0x10", "1_000", "½", "10**9", "٣", "-0")
WHOLE_SOUND = ("1", "2", "3")
TEXTS = ("", " ", "x" * 10_000, "=1+1", "../../etc/passwd", "\u0000", "🙂", "-", "--", "865", "NaN")
URLS = ("not-a-url", "http://127.0.0.1:1/x", "tcp://", "tcp://127.0.0.1", "tcp://127.0.0.1:0", "tcp://:8786",
        "tcp://127.0.0.1:99999", "tcp://127.0.0.1:1", "tcp://[::1", "file:///etc/passwd", "tcp://x y:1", "")
TRIPLES = ("10,50,90", "90,50,10", "0,0,0", "inf,1,1", "nan,1,1", "1,2", "1,2,3,4", "-1,1,1", "0,50,100",
           "0.25,0.5,0.25", "1e308,1e308,1e308", ",,", "a,b,c", "50,50,50")


class Hang(Exception):
    """A case ran past three times its limit."""


def make_files(root: Path) -> dict[str, list[str]]:
    """The files the pools point at: sound ones (small), damaged ones and missing ones."""
    from sufficiency_app.io import read_scenario, write_scenario
    from sufficiency_app.io.results import write_plan
    from sufficiency_app.model.plan import ALLOCATION_COLUMNS, SCHEDULE_COLUMNS, SUMMARY_COLUMNS, PlanResult
    from sufficiency_app.solver import solve
    from sufficiency_app.solver.api import SolveOptions

    tiny = root / "tiny"
    write_scenario(base_scenario(), tiny)
    write_scenario(base_scenario(), root / "tiny.xlsx")
    solve_plan = root / "tiny-plan"
    write_plan(solve(base_scenario(), SolveOptions(time_limit=20, explain=False)), base_scenario(), solve_plan)
    sample = read_scenario(SAMPLE)
    empty = PlanResult("feasible", pd.DataFrame(columns=list(SCHEDULE_COLUMNS)),
                       pd.DataFrame(columns=list(ALLOCATION_COLUMNS)), pd.DataFrame(columns=list(SUMMARY_COLUMNS)),
                       (), 0.0, 0.0, "fuzz", "")
    write_plan(empty, sample, root / "sample-plan", baseline=empty)  # a report need not work out the baseline
    shutil.copytree(root / "sample-plan", root / "=1+1")
    junk = root / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 10)
    (root / "empty.csv").write_text("")
    (root / "demand.csv").write_text("year,area_id,need,phase,tier,count\n2025,A0,ASD,PRI,special,2\n")
    (root / "comma.csv").write_text("year,area_id,need,phase,tier,count\n2025,A0,ASD,PRI,special,1,5\n")
    (root / "big-field.csv").write_text("year,area_id,need,phase,tier,count\n2025,A0,ASD,PRI,special,"
                                        + "9" * 100_000 + "\n")
    (root / "speeds.toml").write_text('motorway = "70"\n')
    (root / "known.csv").write_text("area_id,provision_id,minutes\nA0,P1,12\nA1,P1,nan\n")
    (root / "bad.sufficiency").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (root / "stress-bad").mkdir()
    (root / "stress-bad" / "stress.json").write_text("[]")
    (root / "stress-bad" / "futures.csv").write_text("future,plan\n")
    missing = str(root / "missing" / "nothing")
    return {
        "scenario": [str(tiny), str(root / "tiny.xlsx"), str(SAMPLE), str(junk), missing, str(root / "empty.csv")],
        "plan": [str(solve_plan), str(root / "sample-plan"), str(tiny), str(root / "bad.sufficiency"), missing,
                 str(junk)],
        "table": [str(root / "demand.csv"), str(root / "comma.csv"), str(root / "big-field.csv"),
                  str(root / "empty.csv"), str(junk), missing, str(tiny / "demand.csv"),
                  str(SAMPLE / "history.csv"), str(SAMPLE / "population.csv")],
        "geo": [str(tiny / "areas.geojson"), str(junk), missing, str(root / "demand.csv")],
        "toml": [str(root / "speeds.toml"), str(junk), missing],
        "stress": [str(root / "stress-bad"), str(root / "sample-plan"), missing],
        "compare": [str(root / "=1+1"), str(solve_plan), str(junk), missing],
        "out": [str(root / "out" / "o"), str(root / "out" / "o.csv"), str(root / "out" / "o.pdf"),
                str(root / "out" / "o.xlsx"), str(root / "out" / "o.docx"), str(root / "out" / "o.txt"),
                str(junk / "x"), ""],
    }


def _pick(rng: random.Random, pool: tuple | list, sound: tuple = ()) -> str:
    return rng.choice(tuple(pool) + tuple(sound) * 2)


def commands(files: dict[str, list[str]]) -> dict[str, Callable[[random.Random], list[str]]]:
    """For each command, a function drawing one argument vector."""

    def f(kind: str) -> Callable[[random.Random], str]:
        return lambda rng: rng.choice(files[kind])

    def num(*sound: str) -> Callable[[random.Random], str]:
        return lambda rng: _pick(rng, NUMBERS, sound)

    def text(*sound: str) -> Callable[[random.Random], str]:
        return lambda rng: _pick(rng, TEXTS, sound)

    def triple(rng: random.Random) -> str:
        return rng.choice(TRIPLES)

    def flag(rng: random.Random) -> None:
        return None

    spec: dict[str, tuple[list[Callable], dict[str, Callable]]] = {
        "validate": ([f("scenario")], {"--all": flag}),
        "import-gias": ([f("table")], {"--la": text("865"), "--out": f("out"), "--mainstream": flag}),
        "import-boundaries": ([f("geo")], {"--id-col": text("area_id"), "--name-col": text("name"), "--out": f("out")}),
        "import-demand": ([f("table")], {"--out": f("out")}),
        "solve": ([f("scenario")], {"--out": f("out"), "--time-limit": num("5"), "--rounds": num(*WHOLE_SOUND),
                                    "--gap": num("0.01")}),
        "forecast": ([f("scenario")], {"--history": f("table"), "--population": f("table"),
                                       "--years": num("6", "8"), "--growth": num("2"), "--ceiling": num("0.06"),
                                       "--backlog": num("10"), "--backlog-years": num(*WHOLE_SOUND),
                                       "--mainstream-shift": num("5"), "--percentile": num("80"),
                                       "--runs": num("20"), "--seed": num("3"), "--out": f("out"),
                                       "--bands": f("out"), "--statutory-out": f("out")}),
        "backtest": ([f("table")], {"--fit-to": num("2020", "2021"), "--horizon": num(*WHOLE_SOUND),
                                    "--population": f("table")}),
        "plan-robust": ([f("scenario")], {"--percentiles": triple, "--weights": triple, "--runs": num("20"),
                                          "--seed": num("1"), "--time-limit": num("5"), "--out": f("out"),
                                          "--history": f("table")}),
        "stress": ([f("plan")], {"--futures": num("2"), "--seed": num("4"), "--workers": num("0"),
                                 "--scheduler": lambda rng: rng.choice(URLS), "--threshold": text("2030:400", "2030:x"),
                                 "--compare": f("compare"), "--scenario": text(), "--out": f("out"),
                                 "--population": f("table")}),
        "travel-roads": ([f("scenario")], {"--roads": f("geo"), "--speeds": f("toml"), "--out": f("out"),
                                           "--no-cache": flag}),
        "travel-compare": ([f("scenario")], {"--known": f("table"), "--roads": f("geo"), "--speeds": f("toml")}),
        "report": ([f("plan")], {"--format": text("pdf", "docx", "xlsx"), "--out": f("out"), "--unsuppressed": flag,
                                 "--rule": text("lt5", "round5"), "--stress": f("stress")}),
        "gui": ([lambda rng: files["scenario"][-2]], {"--smoke": flag, "--time-limit": num()}),
    }

    def draw(name: str) -> Callable[[random.Random], list[str]]:
        positional, options = spec[name]

        def argv(rng: random.Random) -> list[str]:
            out = [name] + [p(rng) for p in positional]
            for option, value in options.items():
                if option in ("--out", "--smoke", "--time-limit", "--futures", "--runs") or rng.random() < 0.35:
                    drawn = value(rng)
                    if option in ("--futures", "--runs") and 3 < _seconds(drawn) < 2**63:
                        drawn = "2"  # sound but small: thousands of futures are work, not a hang
                    if option == "--time-limit" and name == "gui":  # a refused one only: no window is opened
                        drawn = rng.choice([n for n in NUMBERS if not 0 < _seconds(n) <= MAX_SECONDS])
                    elif option == "--time-limit" and 10 < _seconds(drawn) <= MAX_SECONDS:
                        drawn = "5"  # a sound limit, short: the fuzz is after refusals, not long solves
                    if drawn is None:
                        out.append(option)
                    elif drawn.startswith("-"):  # "-1" would be read as an option: --seed=-1
                        out.append(f"{option}={drawn}")
                    else:
                        out += [option, drawn]
            return _mangle(out, rng)

        return argv

    return {name: draw(name) for name in spec}


def _seconds(text: str) -> float:
    """``text`` as seconds the way the command reads it (0 when it is not a number)."""
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if value == value else 0.0  # NaN is no limit


def _mangle(argv: list[str], rng: random.Random) -> list[str]:
    """Now and then drop, repeat or add an argument, as a hurried typist would."""
    roll = rng.random()
    if roll < 0.05 and len(argv) > 1:
        del argv[rng.randrange(1, len(argv))]
    elif roll < 0.10:
        argv.append(rng.choice(("--bogus", "-x", "--out", "--help-me", "--", "extra")))
    elif roll < 0.13 and len(argv) > 2:
        argv += argv[-2:]
    return argv


def _alarm(signum, frame):
    raise Hang()


def run_case(argv: list[str], limit: float) -> tuple[str, float, str]:
    """``(outcome, CPU seconds, output)``: ``exit:N``, ``crash:<Exception>`` or ``hang`` (3 x ``limit`` CPU seconds)."""
    from sufficiency_app.cli import main

    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    signal.setitimer(signal.ITIMER_PROF, 3 * limit)  # CPU time: the wall clock is the other programs' too
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(argv)
        outcome = f"exit:{code}"
    except SystemExit as exc:  # --help and --version only
        outcome = f"exit:{exc.code}"
    except Hang:
        outcome = "hang"
    except Exception as exc:  # the point of the script: count them
        outcome = f"crash:{type(exc).__name__}"
        out.write(traceback.format_exc(limit=4))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    text = out.getvalue()
    if outcome.startswith("exit") and "Traceback (most recent call last)" in text:
        outcome = "crash:printed traceback"
    return outcome, time.process_time() - cpu, text + f"\n({time.perf_counter() - start:.1f} s wall)"


def _limit(argv: list[str]) -> float:
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--time-limit=") else (
            argv[i + 1] if arg == "--time-limit" and i + 1 < len(argv) else None)
        if value is not None:
            with contextlib.suppress(ValueError):
                return LIMIT + min(float(value), 600.0) if float(value) > 0 else LIMIT
    return LIMIT


def fuzz(cases: int, seed: int, report: Callable[[str], None] = lambda line: None,
         first: int = 0) -> tuple[collections.Counter, float]:
    """Run cases ``first .. first + cases - 1`` of ``seed``; the counts of each outcome and the slowest share of a limit.

    Each case has its own generator (seed and number), so a run can be split across processes.
    """
    warnings.filterwarnings("ignore")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    signal.signal(signal.SIGPROF, _alarm)
    counts: collections.Counter = collections.Counter()
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="fuzz-argv-") as tmp:
        files = make_files(Path(tmp))
        (Path(tmp) / "out").mkdir()
        draws = commands(files)
        names = sorted(draws)
        for i in range(first, first + cases):
            rng = random.Random(f"{seed}:{i}")
            argv = draws[rng.choice(names)](rng)
            limit = _limit(argv)
            outcome, seconds, text = run_case(argv, limit)
            worst = max(worst, seconds / limit)
            counts[outcome] += 1
            counts[f"command:{argv[0]}"] += 1
            if not outcome.startswith("exit") or outcome == "exit:None" or seconds > limit:
                report(f"case {i}: {outcome} in {seconds:.1f} s CPU: {argv!r}\n{text[-1500:]}")
            shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
            (Path(tmp) / "out").mkdir()
    return counts, worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first", type=int, default=0, help="number of the first case (to split a run)")
    args = parser.parse_args(argv)
    start, cpu = time.perf_counter(), time.process_time()
    counts, worst = fuzz(args.cases, args.seed, report=print, first=args.first)
    bad = sum(n for k, n in counts.items() if k.startswith(("crash", "hang")) or k == "exit:None")
    outcomes = {k: n for k, n in sorted(counts.items()) if not k.startswith("command:")}
    per_command = {k.split(":", 1)[1]: n for k, n in sorted(counts.items()) if k.startswith("command:")}
    print(f"{args.cases} argument vectors (seed {args.seed}, cases {args.first}..{args.first + args.cases - 1}) in {time.perf_counter() - start:.0f} s wall, "
          f"{time.process_time() - cpu:.0f} s CPU: " + ", ".join(f"{k} {n}" for k, n in outcomes.items())
          + f"; tracebacks and hangs: {bad}; slowest case {worst:.0%} of its limit")
    print("by command: " + ", ".join(f"{k} {n}" for k, n in per_command.items()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
