"""The ``sufficiency`` command line.

Each sub-command lives in the module that owns its feature and exposes
``register(parsers)``, which gives its commands' parsers their arguments;
this file only lists the commands (``COMMANDS``: the module and the line
``sufficiency --help`` shows), so adding a command never touches another
feature's code. Only the module of the command given is imported: every
module at once, with the libraries they bring, is about 1.1 CPU-s, which
``--help`` and a one-second ``solve`` would otherwise pay first.

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

COMMANDS: dict[str, tuple[str, str]] = {  # command: (its module in sufficiency_app.commands, its help line)
    "validate": ("validate", "check a scenario folder or workbook and list every problem"),
    "import-gias": ("imports", "settings of one council from a GIAS edubasealldata CSV"),
    "import-boundaries": ("imports", "areas.geojson from a boundary file in any CRS"),
    "import-demand": ("imports", "demand.csv from a long spreadsheet (CSV or XLSX)"),
    "solve": ("solve", "optimise a place-creation plan and write the results"),
    "forecast": ("forecast", "project demand from census history (cohort model)"),
    "backtest": ("forecast", "forecast past years from earlier ones and print the error (MAPE)"),
    "plan-robust": ("robust", "one plan for low, central and high demand; each future's outcome under it"),
    "stress": ("stress", "test a saved plan against simulated demand futures (on Dask)"),
    "travel-roads": ("roads", "write travel.csv from a road network (OS Open Roads, OpenStreetMap)"),
    "travel-compare": ("roads", "error percentiles of the travel model against known journey times"),
    "report": ("report", "write a Cabinet-ready PDF, Word or Excel report of a saved plan"),
    "export-gis": ("export_gis", "write a saved plan as GIS layers (GeoPackage) for QGIS or ArcGIS Pro"),
    "export-scap": ("export_scap", "write the SEND tables of the DfE SCAP return (Excel) from a saved plan"),
    "gui": ("gui", "open the planner's window"),
}


class BadArguments(Exception):
    """A command line argparse refused; the message is the one line to print."""


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one ``error:`` line (naming the command and the argument) and exit code 2."""

    def error(self, message: str):
        raise BadArguments(f"error: {self.prog}: {message} (see `{self.prog} --help`)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line with every command's arguments, or with only ``command``'s (so only its module is
    imported); any other name gets the commands listed without arguments, for ``--help`` and its error."""
    parser = OneLineParser(
        prog="sufficiency",
        description="SEND Sufficiency Planner: plan specialist school places.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers = {name: sub.add_parser(name, help=line) for name, (_, line) in COMMANDS.items()}
    modules = [module for name, (module, _) in COMMANDS.items() if command in (None, name)]
    for module in dict.fromkeys(modules):
        importlib.import_module(f"{__package__}.commands.{module}").register(parsers)
    return parser


def command_given(argv: Sequence[str]) -> str:
    """The command named in ``argv``: its first word not starting with ``-`` (the top level's options take
    no value), or "" when there is none."""
    return next((word for word in argv if not word.startswith("-")), "")


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
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(command_given(argv))
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
