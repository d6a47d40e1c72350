"""``sufficiency report SCENARIO_OR_PROJECT --format pdf|docx|xlsx --out FILE``.

A scenario folder or workbook is solved (plan and do-nothing baseline)
first; a project file's saved plans are used as they are, and only
scenarios without an up-to-date plan are solved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import ScenarioError
from ..scenario import Scenario
from ..solver.api import SolveOptions

PROJECT_SUFFIX = ".sufficiency"


def _solve(scenario: Scenario, options: SolveOptions):
    from .. import solver

    print(f"Solving {scenario.name!r} (up to {options.time_limit:g} s)...", file=sys.stderr)
    return solver.solve(scenario, options), solver.baseline(scenario)


def load_runs(source: str | Path, options: SolveOptions) -> list:
    """Every scenario of ``source`` with a plan and a baseline, solving where needed."""
    from ..report.content import Run

    source = Path(source)
    if source.suffix.lower() == PROJECT_SUFFIX:
        from ..project_file import load_project

        runs = []
        for entry in load_project(source).entries:
            if entry.result is None or entry.baseline is None or entry.stale:
                plan, base = _solve(entry.scenario, options)
            else:
                plan, base = entry.result, entry.baseline
            runs.append(Run(entry.scenario, plan, base))
        return runs
    from ..io import read_scenario

    scenario = read_scenario(source)
    return [Run(scenario, *_solve(scenario, options))]


def run(args: argparse.Namespace) -> int:
    from ..project_file import ProjectFileError
    from ..report.export import DEFAULT_RULES, format_for, write_report

    if args.no_suppression and args.rule:
        print("error: --no-suppression and --rule contradict each other; give one.", file=sys.stderr)
        return 2
    try:
        fmt = format_for(args.out, args.format)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rule = None if args.no_suppression else (args.rule or DEFAULT_RULES[fmt])
    try:
        runs = load_runs(args.source, SolveOptions(time_limit=args.time_limit))
    except ScenarioError as exc:
        print(f"error: {args.source} cannot be read:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except (ProjectFileError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not runs:
        print(f"error: {args.source} holds no scenarios.", file=sys.stderr)
        return 1
    for r in runs:
        if r.plan.message:
            print(f"note: {r.scenario.name}: {r.plan.message}", file=sys.stderr)
    try:
        path = write_report(runs, args.out, fmt, rule)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print(f"Wrote {path} ({fmt}, {len(runs)} scenario(s), "
          f"{'no suppression' if rule is None else 'suppression ' + str(rule)})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="write a Cabinet-ready PDF, Word or Excel report of a scenario or project",
        description="Solve (if needed) and write a report with map, charts, schedule, sufficiency, "
                    "finance and assumptions. Small numbers are suppressed in PDF and Word by default.",
    )
    parser.add_argument("source", metavar="SCENARIO_OR_PROJECT",
                        help=f"scenario folder, .xlsx workbook or {PROJECT_SUFFIX} project file")
    parser.add_argument("--format", choices=("pdf", "docx", "xlsx"), help="default: from the --out suffix")
    parser.add_argument("--out", required=True, help="file to write")
    parser.add_argument("--no-suppression", action="store_true",
                        help="show exact small counts (internal use only)")
    parser.add_argument("--rule", choices=("lt5", "round5"),
                        help="suppression rule: lt5 (1-4 shown as <5, default for PDF/Word) or round5; "
                             "XLSX is exact unless a rule is given")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve (default 60)")
    parser.set_defaults(handler=run, inputs=("source",))
