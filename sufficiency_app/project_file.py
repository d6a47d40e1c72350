"""A project: several named scenarios and their plans, saved as one file.

The file (``.sufficiency``) is a zip holding ``manifest.json`` and, for
each scenario, the exchange-format folder and the results folders the
command line also writes. It holds only data (CSV, TOML, GeoJSON, JSON):
loading never unpickles or evaluates anything, refuses member paths that
would escape the extraction folder, and refuses files from a newer version
of the planner. Saving is atomic: the new file is written beside the old
one, flushed to disk and then swapped in, so a failed save never damages
the last good file.

The same format serves the autosave: :func:`write_recovery` keeps a copy in
the user's data folder while there are unsaved edits and
:func:`recovery_offer` tells the window, on the next start, whether that
copy is newer than the last clean save.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .atomic import atomic_path
from .errors import ScenarioError
from .scenario import Scenario
from .plan import PlanResult

FORMAT_NAME = "sufficiency-project"
FORMAT_VERSION = 1
SUFFIX = ".sufficiency"
MANIFEST = "manifest.json"
MAX_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 4 * 1024**3


class ProjectFileError(Exception):
    """A project file that cannot be read; the message is meant for the user."""


@dataclass(frozen=True, eq=False)
class ProjectEntry:
    """One scenario of a project with the plan and the do-nothing baseline made from it.

    ``stale`` is true when the scenario was edited after its results were
    computed, so the window can say "solve again" instead of hiding them.
    """

    scenario: Scenario
    result: PlanResult | None = None
    baseline: PlanResult | None = None
    stale: bool = False

    @property
    def name(self) -> str:
        return self.scenario.name

    def replace(self, **changes: Any) -> "ProjectEntry":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, eq=False)
class Project:
    """An ordered list of scenarios; names are unique (they label tabs and columns)."""

    entries: tuple[ProjectEntry, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entries)

    def unique_name(self, wanted: str) -> str:
        """``wanted``, or ``wanted (2)``, ``wanted (3)``... whichever is free."""
        taken = set(self.names)
        if wanted not in taken:
            return wanted
        n = 2
        while f"{wanted} ({n})" in taken:
            n += 1
        return f"{wanted} ({n})"

    def added(self, entry: ProjectEntry) -> "Project":
        """A project with ``entry`` appended, renamed if its name is taken."""
        name = self.unique_name(entry.name)
        if name != entry.name:
            scenario = entry.scenario.replace(parameters=entry.scenario.parameters.replace(name=name))
            entry = entry.replace(scenario=scenario)
        return Project(self.entries + (entry,))

    def with_entry(self, index: int, entry: ProjectEntry) -> "Project":
        entries = list(self.entries)
        entries[index] = entry
        return Project(tuple(entries))

    def removed(self, index: int) -> "Project":
        return Project(self.entries[:index] + self.entries[index + 1:])

    def inserted(self, index: int, entry: ProjectEntry) -> "Project":
        """``entry`` back at ``index`` as it was (an undone removal): its name is not checked."""
        return Project(self.entries[:index] + (entry,) + self.entries[index:])


# --------------------------------------------------------------------- saving

def _zip_folder(zf: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            zf.write(file, f"{prefix}/{file.relative_to(folder).as_posix()}")


def save_project(project: Project, path: str | Path, extra: dict[str, Any] | None = None) -> None:
    """Write ``project`` to ``path`` atomically (see the module docstring).

    ``extra`` adds keys to the manifest (the autosave records which file it
    is a copy of).
    """
    from .io import write_scenario
    from .io.results import write_results

    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "saved_at": datetime.now(timezone.utc).isoformat(),
        "scenarios": [],
        **(extra or {}),
    }
    with tempfile.TemporaryDirectory(prefix="sufficiency-save-") as tmp:
        staging = Path(tmp)
        for i, entry in enumerate(project.entries, start=1):
            folder = f"scenarios/{i:03d}"
            record: dict[str, Any] = {"name": entry.name, "folder": folder, "stale": entry.stale}
            write_scenario(entry.scenario, staging / folder)
            for key, result in (("result", entry.result), ("baseline", entry.baseline)):
                if result is not None:
                    record[key] = f"results/{i:03d}/{key}"
                    write_results(result, staging / record[key])
            manifest["scenarios"].append(record)

        with atomic_path(path) as temp, zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
            for top in ("scenarios", "results"):
                if (staging / top).is_dir():
                    _zip_folder(zf, staging / top, top)


# -------------------------------------------------------------------- loading

def _safe_member(name: str) -> PurePosixPath:
    """The member's relative path, or an error if it could land outside the folder."""
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ProjectFileError(f"The project file contains an unsafe path {name!r}; it was not opened.")
    path = PurePosixPath(name)
    if any(part == ".." for part in path.parts):
        raise ProjectFileError(f"The project file contains an unsafe path {name!r}; it was not opened.")
    return path


def _open_zip(path: Path) -> zipfile.ZipFile:
    if not path.exists():
        raise ProjectFileError(f"{path.name}: file not found.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ProjectFileError(f"{path.name} is not a planner project file (not a zip archive).") from None


def _check_manifest(manifest: Any, name: str) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ProjectFileError(f"{name} is not a planner project file (no project manifest).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProjectFileError(f"{name}: the manifest's format_version is missing or not a whole number.")
    if version > FORMAT_VERSION:
        raise ProjectFileError(
            f"{name} was saved by a newer version of the planner "
            f"(project format {version}, app {manifest.get('app_version', '?')}); this version reads "
            f"format {FORMAT_VERSION} or older. Please update the planner to open it."
        )
    if not isinstance(manifest.get("scenarios"), list):
        raise ProjectFileError(f"{name}: the manifest has no list of scenarios.")
    return manifest


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The checked manifest of a project file, without reading its scenarios."""
    path = Path(path)
    with _open_zip(path) as zf:
        try:
            raw = zf.read(MANIFEST)
        except KeyError:
            raise ProjectFileError(f"{path.name} is not a planner project file (no {MANIFEST}).") from None
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProjectFileError(f"{path.name}: {MANIFEST} is not valid JSON ({exc}).") from None
    return _check_manifest(manifest, path.name)


def _extract(zf: zipfile.ZipFile, dest: Path, name: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise ProjectFileError(f"{name} is too large to be a project file.")
    root = dest.resolve()
    for info in infos:
        rel = _safe_member(info.filename)
        target = (root / rel).resolve()
        if root not in target.parents and target != root:
            raise ProjectFileError(f"The project file contains an unsafe path {info.filename!r}; it was not opened.")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(target, "wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)


def _member_folder(root: Path, value: Any, what: str, name: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ProjectFileError(f"{name}: the manifest names no folder for {what}.")
    folder = (root / _safe_member(value)).resolve()
    if root.resolve() not in folder.parents or not folder.is_dir():
        raise ProjectFileError(f"{name}: the folder {value!r} for {what} is missing from the file.")
    return folder


def load_project(path: str | Path) -> Project:
    """Read a project file written by :func:`save_project` (this or an older format)."""
    from .io import read_scenario
    from .io.results import read_results

    path = Path(path)
    manifest = read_manifest(path)
    entries: list[ProjectEntry] = []
    with tempfile.TemporaryDirectory(prefix="sufficiency-open-") as tmp, _open_zip(path) as zf:
        root = Path(tmp)
        _extract(zf, root, path.name)
        for i, record in enumerate(manifest["scenarios"], start=1):
            if not isinstance(record, dict):
                raise ProjectFileError(f"{path.name}: scenario {i} of the manifest is not a record.")
            label = f"scenario {record.get('name', i)!r}"
            try:
                scenario = read_scenario(_member_folder(root, record.get("folder"), label, path.name))
                results = {
                    key: read_results(_member_folder(root, record[key], f"the {key} of {label}", path.name))
                    for key in ("result", "baseline") if record.get(key)
                }
            except ScenarioError as exc:
                raise ProjectFileError(f"{path.name}: {label} could not be read: {exc}") from exc
            except (OSError, ValueError, KeyError) as exc:
                raise ProjectFileError(f"{path.name}: {label} could not be read: {exc}") from exc
            entries.append(ProjectEntry(
                scenario=scenario, result=results.get("result"), baseline=results.get("baseline"),
                stale=bool(record.get("stale", False)),
            ))
    return Project(tuple(entries))


# ------------------------------------------------------------------- autosave

@dataclass(frozen=True)
class RecoveryInfo:
    """What an autosave holds: when it was written and which file it stands for."""

    path: Path
    saved_at: datetime
    original: Path | None


def write_recovery(project: Project, recovery: str | Path, original: str | Path | None) -> None:
    """Autosave ``project`` to ``recovery``, remembering the file it is a copy of."""
    save_project(project, recovery, extra={"recovery_of": str(original) if original else None})


def recovery_offer(recovery: str | Path) -> RecoveryInfo | None:
    """The autosave worth offering on start, or None.

    Worth offering means it exists, reads as a project manifest, and was
    written after the last clean save of the file it stands for (or that
    file is gone, or the project was never saved).
    """
    recovery = Path(recovery)
    if not recovery.exists():
        return None
    try:
        manifest = read_manifest(recovery)
    except ProjectFileError:
        return None
    saved_at = datetime.fromtimestamp(recovery.stat().st_mtime, tz=timezone.utc)
    original = Path(manifest["recovery_of"]) if manifest.get("recovery_of") else None
    if original is not None and original.exists():
        if original.stat().st_mtime >= recovery.stat().st_mtime:
            return None
    return RecoveryInfo(path=recovery, saved_at=saved_at, original=original)


def discard_recovery(recovery: str | Path) -> None:
    """Remove the autosave after a clean save or a clean exit."""
    with contextlib.suppress(FileNotFoundError):
        Path(recovery).unlink()
