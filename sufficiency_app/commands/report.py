"""``sufficiency report PLAN --format pdf|docx|xlsx --out FILE``: a report of a saved plan. Never solves.

A saved plan is a results folder written by ``sufficiency solve`` (it
carries its scenario) or a project file. A scenario on its own has no plan:
the command says so and how to make one, rather than solving behind the
user's back (a report must show the plan that was agreed, the same each
time). The do-nothing comparison is the allocation check of an empty
schedule, which takes a second or two, not a solve.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path

from .. import solver
from ..infra.errors import ScenarioError
from ..infra.formatting import long_date
from ..io.project_file import ProjectFileError, load_project, read_manifest
from ..io.results import SavedPlanError, read_baseline, read_plan
from ..model.stress_result import StressFolderError, read_stress

PROJECT_SUFFIX = ".sufficiency"


class NoPlanError(ValueError):
    """The source holds no plan; the message says how to make one."""


def _how_to_solve(source: Path) -> str:
    return (f"make one with `sufficiency solve {source} --out results/`, then "
            f"`sufficiency report results/ --format pdf --out plan.pdf`")


def _saved_on(stamp: object) -> str:
    """`` on 1 December 2026`` from the manifest's ``saved_at``, or "" when it is missing or unreadable."""
    try:
        return f" on {long_date(dt.datetime.fromisoformat(str(stamp)).date())}"
    except ValueError:
        return ""


def load_runs(source: str | Path) -> tuple[list, list[str]]:
    """The saved plans of ``source`` as report runs, and notes on scenarios left out (no plan, edited)."""
    from ..report.content import Run

    source = Path(source)
    if source.suffix.lower() == PROJECT_SUFFIX:
        saved = _saved_on(read_manifest(source).get("saved_at"))
        runs, notes = [], []
        for entry in load_project(source).entries:
            if entry.result is None or entry.stale:
                why = "has no plan" if entry.result is None else "was edited after its plan was made"
                notes.append(f"{entry.name} {why}: open the project, press Solve and save it")
                continue
            base = entry.baseline if entry.baseline is not None else solver.baseline(entry.scenario)
            runs.append(Run(entry.scenario, entry.result, base, f"saved in {source.name}{saved}"))
        if not runs:
            raise NoPlanError(f"{source.name} holds no up-to-date plan: " + "; ".join(notes))
        return runs, notes
    if source.is_dir() and (source / "solve.json").is_file():
        scenario, plan = read_plan(source)
        solved = dt.date.fromtimestamp((source / "solve.json").stat().st_mtime)
        base = read_baseline(source, plan, scenario) or solver.baseline(scenario)
        return [Run(scenario, plan, base, f"solved {long_date(solved)}")], []
    if (source / "scenario.toml").is_file() or source.suffix.lower() == ".xlsx":
        raise NoPlanError(f"{source} is a scenario, not a plan, and a report never solves: {_how_to_solve(source)}")
    raise NoPlanError(f"{source} is not a plan (a results folder written by `sufficiency solve`, or a "
                      f"{PROJECT_SUFFIX} project file)")


def run(args: argparse.Namespace) -> int:
    from ..report.export import DEFAULT_RULE, format_for, write_report

    if args.unsuppressed and args.rule:
        print("error: --unsuppressed and --rule contradict each other; give one.", file=sys.stderr)
        return 2
    try:
        fmt = format_for(args.out, args.format)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not Path(args.out).resolve().parent.is_dir():  # before minutes of laying out the report
        print(f"error: --out {args.out}: the folder {Path(args.out).resolve().parent} does not exist", file=sys.stderr)
        return 2
    rule = None if args.unsuppressed else (args.rule or DEFAULT_RULE)
    stress = None
    if args.stress:
        try:
            stress = read_stress(args.stress)
        except (StressFolderError, OSError, ValueError, KeyError) as exc:
            print(f"error: --stress {args.stress}: {exc}", file=sys.stderr)
            return 2
    try:
        runs, notes = load_runs(args.source)
    except ScenarioError as exc:
        print(f"error: {args.source} cannot be read:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (NoPlanError, SavedPlanError, ProjectFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: left out: {note}", file=sys.stderr)
    try:
        path = write_report(runs, args.out, fmt, rule, stress=stress)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print(f"Wrote {path} ({fmt}, {len(runs)} scenario(s), "
          f"{'exact small numbers, for internal use only' if rule is None else 'suppression ' + str(rule)})")
    return 0


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["report"]
    parser.description = ("Write a report (map, charts, schedule, sufficiency, finance, assumptions) of a plan saved "
                          "by `sufficiency solve` or in a project file. Never solves. Small numbers are suppressed "
                          "in every format unless --unsuppressed is given.")
    parser.add_argument("source", metavar="PLAN",
                        help=f"results folder written by `sufficiency solve`, or a {PROJECT_SUFFIX} project file")
    parser.add_argument("--format", choices=("pdf", "docx", "xlsx"), help="default: from the --out suffix")
    parser.add_argument("--out", required=True, help="file to write")
    parser.add_argument("--unsuppressed", action="store_true",
                        help="show exact small counts: for internal use only, never for publication")
    parser.add_argument("--rule", choices=("lt5", "round5"),
                        help="suppression rule: lt5 (1-4 shown as <5, the default) or round5")
    parser.add_argument("--stress", metavar="STRESS_DIR",
                        help="add the page on how the plan holds up if demand differs (from `sufficiency stress`)")
    parser.set_defaults(handler=run, inputs=("source",))
