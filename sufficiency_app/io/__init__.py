"""Reading and writing scenarios, by format.

``FORMATS`` is a small registry keyed by path suffix ("" = a folder): each
format gives a function that collects a :class:`RawScenario` and one that
writes a :class:`Scenario`. Adding a format adds one entry; nothing else
(window, command line) changes. The workbook format's module is imported
when a workbook is first read or written: openpyxl would otherwise load on
every command that reads a folder.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..infra.atomic import recover_folder
from ..infra.errors import Problem, ScenarioError
from ..model.scenario import Scenario
from .assemble import RawScenario, assemble
from .folder import csv_bytes, geojson_bytes, read_folder, saved_tables, write_folder
from .parameters import scenario_tree

__all__ = ["FORMATS", "Format", "load_scenario", "read_scenario", "write_scenario", "scenario_sha256"]


@dataclass(frozen=True)
class Format:
    name: str
    read: Callable[[Path], RawScenario]
    write: Callable[[Scenario, Path], None]


def _read_workbook(path: Path) -> RawScenario:
    from .xlsx import read_workbook

    return read_workbook(path)


def _write_workbook(scenario: Scenario, path: Path) -> None:
    from .xlsx import write_workbook

    write_workbook(scenario, path)


FORMATS: dict[str, Format] = {
    "": Format("Scenario folder", read_folder, write_folder),
    ".xlsx": Format("Excel workbook", _read_workbook, _write_workbook),
}


def _format_for(path: Path, reading: bool) -> Format | None:
    if reading and path.is_dir():
        return FORMATS[""]
    return FORMATS.get(path.suffix.lower())


def load_scenario(path: str | Path) -> tuple[Scenario | None, list[Problem]]:
    """Read and check a scenario; never raises for user data.

    Returns the scenario (None when there are errors) and every problem,
    warnings included.
    """
    path = Path(path)
    if path.name.lower() == "scenario.toml" and path.is_file():
        path = path.parent  # the folder was meant
    label = path.name or str(path)
    with contextlib.suppress(OSError):  # read-only media: read what is there
        recover_folder(path)  # a save killed part-way: finish or roll back its swap first
    if not path.exists():
        return None, [Problem("error", label, None, None, str(path), "a scenario folder or .xlsx workbook",
                              f"{label} does not exist")]
    fmt = _format_for(path, reading=True)
    if fmt is None:
        known = ", ".join(s for s in FORMATS if s) + " or a folder"
        return None, [Problem("error", label, None, None, path.suffix, known,
                              f"cannot read {label}: expected {known}")]
    return assemble(fmt.read(path))


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario folder or workbook; raises ScenarioError listing every problem if any is an error."""
    scenario, problems = load_scenario(path)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def write_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario as a folder, or as a workbook when the path ends in ``.xlsx``."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"cannot write {path.name}: use a folder name or a .xlsx file")
    fmt.write(scenario, path)


def scenario_sha256(scenario: Scenario) -> str:
    """Provenance hash: of the input files' hashes when read from disk, else of the canonical bytes.

    The second form hashes exactly what :func:`write_scenario` would write
    to a folder, so an edited scenario has a stable, content-based hash.
    """
    digest = hashlib.sha256()
    if scenario.source_hashes:
        for name in sorted(scenario.source_hashes):
            digest.update(f"{name}\0{scenario.source_hashes[name]}\n".encode())
        return digest.hexdigest()
    parts = {"scenario.toml": tomli_w.dumps(scenario_tree(scenario)).encode(),
             "areas.geojson": geojson_bytes(scenario.areas)}
    for table, frame in saved_tables(scenario).items():
        parts[f"{table}.csv"] = csv_bytes(frame)
    for name in sorted(parts):
        digest.update(f"{name}\0{hashlib.sha256(parts[name]).hexdigest()}\n".encode())
    return digest.hexdigest()
