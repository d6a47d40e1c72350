"""``sufficiency validate SCENARIO``: every problem in a table, exit 1 on errors."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from collections.abc import Mapping

from ..infra.errors import Problem
from ..io import load_scenario
from ..model.scenario import Scenario

HEADERS = ("severity", "file", "row", "column", "value", "message")
WIDTHS = (8, 24, 5, 16, 16)
SHOWN = 200
MAX_MESSAGE = 1_000


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def problem_table(problems: list[Problem], width: int | None = None) -> str:
    """Problems as aligned text columns; the message wraps in the space left."""
    width = width or shutil.get_terminal_size((120, 20)).columns
    fixed = sum(WIDTHS) + 2 * len(WIDTHS)
    message_width = max(30, width - fixed)
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, WIDTHS)) + "  " + HEADERS[-1]]
    lines.append("-" * min(width, fixed + message_width))
    order = sorted(problems, key=lambda p: (p.severity != "error", p.file, p.row or 0))
    for p in order:
        cells = (p.severity, p.file, "" if p.row is None else str(p.row), p.column or "", p.value)
        plain = p.severity != "error" or not p.expected or "expected" in p.message
        message = p.message if plain else f"{p.message} (expected {p.expected})"
        wrapped = textwrap.wrap(_clip(message, MAX_MESSAGE), message_width) or [""]  # wrap is slow on long words
        lines.append("  ".join(_clip(c, w).ljust(w) for c, w in zip(cells, WIDTHS)) + "  " + wrapped[0])
        lines += [" " * fixed + more for more in wrapped[1:]]
    return "\n".join(lines)


def summary_line(scenario: Scenario) -> str:
    """One line: counts of each table and total demand by year."""
    by_year = scenario.demand.groupby("year")["count"].sum()
    years = ", ".join(f"{y}: {v:,.0f}" for y, v in by_year.items())
    return (f"OK: {scenario.name}: {len(scenario.areas)} areas, {len(scenario.demand)} demand rows, "
            f"{len(scenario.provisions)} settings, {len(scenario.options)} options; demand by year {years}")


def run(args: argparse.Namespace) -> int:
    scenario, problems = load_scenario(args.scenario)
    if problems:
        shown = problems if args.all else sorted(problems, key=lambda p: p.severity != "error")[:SHOWN]
        print(problem_table(shown))
        if len(shown) < len(problems):
            print(f"... {len(problems) - len(shown)} more not shown (use --all to list every problem)")
    errors = sum(p.severity == "error" for p in problems)
    if scenario is None:
        print(f"{errors} error(s), {len(problems) - errors} warning(s): fix the errors and run again.")
        return 1
    print(summary_line(scenario) + (f" ({len(problems)} warning(s))" if problems else ""))
    return 0


def register(parsers: Mapping[str, argparse.ArgumentParser]) -> None:
    parser = parsers["validate"]
    parser.add_argument("scenario", help="scenario folder or .xlsx workbook")
    parser.add_argument("--all", action="store_true", help=f"list every problem, not only the first {SHOWN}")
    parser.set_defaults(handler=run, inputs=("scenario",))
