"""``sufficiency gui [SCENARIO_OR_PROJECT] [--smoke]``: the desktop window.

With no path the window opens the sample county (or offers to restore an
autosave). ``--smoke`` opens, solves, prints a one-line summary and exits,
so CI can check a frozen build end to end without a display.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def _run(args: argparse.Namespace) -> int:
    from ..ui import app  # Qt is imported only when the window is wanted

    path = Path(args.path) if args.path else None
    if args.smoke:
        return app.smoke(path, args.time_limit)
    return app.run(path)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the planner's window",
                                   description="Open the planner's window on a project, scenario or the sample.")
    parser.add_argument("path", nargs="?", help="a project (.sufficiency), scenario folder or .xlsx workbook")
    parser.add_argument("--smoke", action="store_true",
                        help="open, solve, print a one-line summary and exit (no display needed)")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds for the smoke solve")
    parser.set_defaults(handler=_run, inputs=("path",))
