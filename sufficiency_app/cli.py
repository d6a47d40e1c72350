"""The ``sufficiency`` command line.

Each sub-command lives in the module that owns its feature and exposes
``register(subparsers)``; this file only lists those modules, so adding a
command never touches another feature's code.

Missing or unreadable input files are handled here, once for every
command: each command names the arguments it reads in ``inputs`` (a
``set_defaults`` entry), they are checked before the command runs, and a
file that fails to open later is also reported as one ``error:`` line with
exit code 1, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .infra.atomic import clean_staging

COMMAND_MODULES: tuple[str, ...] = (
    "sufficiency_app.commands.validate",
    "sufficiency_app.commands.imports",
    "sufficiency_app.commands.solve",
    "sufficiency_app.commands.forecast",
    "sufficiency_app.commands.robust",
    "sufficiency_app.commands.stress",
    "sufficiency_app.commands.roads",
    "sufficiency_app.commands.report",
    "sufficiency_app.commands.export_gis",
    "sufficiency_app.commands.export_scap",
    "sufficiency_app.commands.gui",
)


class BadArguments(Exception):
    """A command line argparse refused; the message is the one line to print."""


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one ``error:`` line (naming the command and the argument) and exit code 2."""

    def error(self, message: str):
        raise BadArguments(f"error: {self.prog}: {message} (see `{self.prog} --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="sufficiency",
        description="SEND Sufficiency Planner: plan specialist school places.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def unreadable(path: str | os.PathLike) -> str | None:
    """Why ``path`` (a file or a folder) cannot be read, or None when it can."""
    path = Path(path)
    try:
        if path.is_dir():
            os.listdir(path)
        else:
            with open(path, "rb") as handle:
                handle.read(1)
    except FileNotFoundError:
        return f"{path} does not exist"
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror or exc})"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; each command's handler returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except BadArguments as exc:  # before any work starts
        print(exc, file=sys.stderr)
        return 2
    clean_staging()  # temporary folders of a planner process that was killed
    for dest in getattr(args, "inputs", ()):
        value = getattr(args, dest, None)
        problem = None if value is None else unreadable(value)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    try:
        return int(args.handler(args) or 0)
    except OSError as exc:  # a file that vanished or failed part-way: one line, not a traceback
        name = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {name}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
