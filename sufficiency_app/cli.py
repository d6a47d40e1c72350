"""The ``sufficiency`` command line.

Each sub-command lives in the module that owns its feature and exposes
``register(subparsers)``; this file only lists those modules, so adding a
command never touches another feature's code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from . import __version__

COMMAND_MODULES: tuple[str, ...] = (
    "sufficiency_app.commands.validate",
    "sufficiency_app.commands.imports",
    "sufficiency_app.commands.solve",
    "sufficiency_app.commands.forecast",
    "sufficiency_app.commands.robust",
    "sufficiency_app.commands.stress",
    "sufficiency_app.commands.roads",
    "sufficiency_app.commands.report",
    "sufficiency_app.commands.gui",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sufficiency",
        description="SEND Sufficiency Planner: plan specialist school places.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; each command's handler returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
