"""A project: several named scenarios and their plans, saved as one file.

The file (``.sufficiency``) is a zip holding ``manifest.json`` and, for
each scenario, the exchange-format folder and the results folders the
command line also writes. It holds only data (CSV, TOML, GeoJSON, JSON):
loading never unpickles or evaluates anything, refuses member paths that
would escape the extraction folder, and refuses files from a newer version
of the planner. Entries are streamed out with caps per entry and in all,
the manifest's size is checked before it is read, and repeated entries or
folders are refused, so a zip bomb or a crafted manifest is a
:class:`ProjectFileError` with a sentence, like every other damaged file.
Saving is atomic: the new file is written beside the old one (under a
recognisable temporary name, cleaned up after a kill), flushed to disk and
then swapped in, so a failed save never damages the last good file.

The same format serves the autosave: :func:`write_recovery` keeps a copy in
the user's data folder while there are unsaved edits and
:func:`recovery_offer` tells the window, on the next start, whether that
copy is newer than the last clean save.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from ..infra.atomic import atomic_path, clean_leftovers, staging_folder
from ..infra.errors import ScenarioError
from ..model.plan import PlanResult
from ..model.scenario import Scenario
from . import read_scenario, write_scenario
from .plan_check import check_plan
from .results import read_results, with_shares, write_results

FORMAT_NAME = "sufficiency-project"
FORMAT_VERSION = 1
SUFFIX = ".sufficiency"
MANIFEST = "manifest.json"
# Caps sized from the largest real county scenario (Kent: tens of MB) with a wide margin; a file
# beyond them is refused before it can fill the disk or the memory (zip bombs).
MAX_MEMBERS = 10_000
MAX_ENTRY_BYTES = 200 * 1024**2
MAX_UNPACKED_BYTES = 1024**3
MAX_MANIFEST_BYTES = 10 * 1024**2
MAX_SCENARIOS = 500
# What a damaged or crafted zip raises while it is read: all become ProjectFileError.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, OSError,
               ValueError, RuntimeError)


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

    def replace(self, **changes: Any) -> ProjectEntry:
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

    def added(self, entry: ProjectEntry) -> Project:
        """A project with ``entry`` appended, renamed if its name is taken."""
        name = self.unique_name(entry.name)
        if name != entry.name:
            scenario = entry.scenario.replace(parameters=entry.scenario.parameters.replace(name=name))
            entry = entry.replace(scenario=scenario)
        return Project(self.entries + (entry,))

    def with_entry(self, index: int, entry: ProjectEntry) -> Project:
        entries = list(self.entries)
        entries[index] = entry
        return Project(tuple(entries))

    def removed(self, index: int) -> Project:
        return Project(self.entries[:index] + self.entries[index + 1:])

    def inserted(self, index: int, entry: ProjectEntry) -> Project:
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
    manifest: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "saved_at": datetime.now(UTC).isoformat(),
        "scenarios": [],
        **(extra or {}),
    }
    with staging_folder("save") as tmp:
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
    except _ZIP_ERRORS as exc:
        raise ProjectFileError(f"{path.name} is not a planner project file (not a readable zip archive: "
                               f"{exc}).") from None


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, name: str) -> bytes:
    """An entry's bytes, refusing it as soon as it expands beyond ``cap`` (whatever its header says)."""
    if info.file_size > cap:
        raise ProjectFileError(f"{name}: {info.filename} would expand to {info.file_size / 1e6:,.0f} MB, more "
                               f"than a project holds ({cap / 1e6:,.0f} MB); it was not opened.")
    with zf.open(info) as src:
        data = src.read(cap + 1)
    if len(data) > cap:
        raise ProjectFileError(f"{name}: {info.filename} expands beyond {cap / 1e6:,.0f} MB; it was not opened.")
    return data


def _check_manifest(manifest: Any, name: str) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ProjectFileError(f"{name} is not a planner project file (no project manifest).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectFileError(f"{name}: the manifest's format_version is missing or not a whole number from 1 "
                               f"to {FORMAT_VERSION} (it is {str(version)[:20]!r}).")
    if version > FORMAT_VERSION:
        raise ProjectFileError(
            f"{name} was saved by a newer version of the planner "
            f"(project format {version}, app {manifest.get('app_version', '?')}); this version reads "
            f"format {FORMAT_VERSION} or older. Please update the planner to open it."
        )
    scenarios = manifest.get("scenarios")
    if not isinstance(scenarios, list):
        raise ProjectFileError(f"{name}: the manifest has no list of scenarios.")
    if len(scenarios) > MAX_SCENARIOS:
        raise ProjectFileError(f"{name}: the manifest lists {len(scenarios):,} scenarios, more than the "
                               f"{MAX_SCENARIOS} a project holds; it was not opened.")
    seen: set[str] = set()
    for i, record in enumerate(scenarios, start=1):
        if not isinstance(record, dict):
            raise ProjectFileError(f"{name}: scenario {i} of the manifest is not a record.")
        for key in ("folder", "result", "baseline"):
            value = record.get(key)
            if value is None and key != "folder":
                continue
            if not isinstance(value, str) or not value or len(value) > 200:
                raise ProjectFileError(f"{name}: scenario {i} of the manifest names no usable {key} folder.")
            if value in seen:
                raise ProjectFileError(f"{name}: the manifest names the folder {value!r} more than once; "
                                       "the file is damaged and was not opened.")
            seen.add(value)
        if not isinstance(record.get("name", ""), str) or not isinstance(record.get("stale", False), bool):
            raise ProjectFileError(f"{name}: scenario {i} of the manifest has a name or stale flag of the wrong type.")
    return manifest


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The checked manifest of a project file, without reading its scenarios."""
    path = Path(path)
    with _open_zip(path) as zf:
        try:
            info = zf.getinfo(MANIFEST)
        except KeyError:
            raise ProjectFileError(f"{path.name} is not a planner project file (no {MANIFEST}).") from None
        try:
            raw = _read_capped(zf, info, MAX_MANIFEST_BYTES, path.name)
        except _ZIP_ERRORS as exc:
            raise ProjectFileError(f"{path.name}: {MANIFEST} is damaged ({exc}).") from None
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProjectFileError(f"{path.name}: {MANIFEST} is not valid JSON ({exc}).") from None
        except RecursionError:
            raise ProjectFileError(f"{path.name}: {MANIFEST} is nested too deeply to be a project manifest.") from None
    return _check_manifest(manifest, path.name)


def _extract(zf: zipfile.ZipFile, dest: Path, name: str) -> None:
    """Stream every entry to ``dest``, with caps per entry and in all, refusing repeats and clashes."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ProjectFileError(f"{name} has {len(infos):,} entries, more than a project holds; it was not opened.")
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        raise ProjectFileError(f"{name} would expand to more than {MAX_UNPACKED_BYTES / 1e9:.0f} GB, more than "
                               "a project holds; it was not opened.")
    root = dest.resolve()
    seen: set[str] = set()
    total = 0
    for info in infos:
        rel = _safe_member(info.filename)
        target = (root / rel).resolve()
        if root not in target.parents and target != root:
            raise ProjectFileError(f"The project file contains an unsafe path {info.filename!r}; it was not opened.")
        key = rel.as_posix().lower()  # Windows and macOS folders ignore case
        if key in seen:
            raise ProjectFileError(f"{name} holds {info.filename!r} more than once; it was not opened.")
        seen.add(key)
        try:
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            total += _stream(zf, info, target, MAX_UNPACKED_BYTES - total, name)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            raise ProjectFileError(f"{name}: {info.filename!r} clashes with a file or folder of the same name; "
                                   "the file is damaged and was not opened.") from None
        except ProjectFileError:
            raise
        except _ZIP_ERRORS as exc:
            raise ProjectFileError(f"{name}: {info.filename} is damaged ({exc}); the file was not opened.") from None


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, room: int, name: str) -> int:
    """Copy one entry in chunks, stopping at the per-entry or the remaining total cap; bytes written."""
    cap = min(MAX_ENTRY_BYTES, room)
    written = 0
    with zf.open(info) as src, open(target, "xb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > cap:
                raise ProjectFileError(f"{name}: {info.filename} expands beyond {cap / 1e6:,.0f} MB, more than a "
                                       "project holds; it was not opened.")
            out.write(chunk)
    return written


def _member_folder(root: Path, value: Any, what: str, name: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ProjectFileError(f"{name}: the manifest names no folder for {what}.")
    folder = (root / _safe_member(value)).resolve()
    if root.resolve() not in folder.parents or not folder.is_dir():
        raise ProjectFileError(f"{name}: the folder {value!r} for {what} is missing from the file.")
    return folder


def load_project(path: str | Path) -> Project:
    """Read a project file written by :func:`save_project` (this or an older format).

    Every way a file can be damaged or crafted ends in :class:`ProjectFileError`.
    """
    path = Path(path)
    clean_leftovers(path.parent, path.name)
    manifest = read_manifest(path)
    entries: list[ProjectEntry] = []
    with staging_folder("open") as tmp, _open_zip(path) as zf:
        root = Path(tmp)
        _extract(zf, root, path.name)
        for i, record in enumerate(manifest["scenarios"], start=1):
            label = f"scenario {record.get('name', i)!r}"
            try:
                scenario = read_scenario(_member_folder(root, record.get("folder"), label, path.name))
                results = {  # a plan saved before the SPE shares gets them from its allocation
                    key: with_shares(read_results(_member_folder(root, record[key], f"the {key} of {label}",
                                                                 path.name)), scenario)
                    for key in ("result", "baseline") if record.get(key)
                }
                for key, result in results.items():  # checked against its own scenario (io/plan_check.py)
                    check_plan(result, scenario, key)
            except ScenarioError as exc:
                raise ProjectFileError(f"{path.name}: {label} could not be read: {exc}") from exc
            except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
                raise ProjectFileError(f"{path.name}: {label} could not be read: {exc}") from exc
            entries.append(ProjectEntry(
                scenario=scenario, result=results.get("result"), baseline=results.get("baseline"),
                stale=record.get("stale", False),
            ))
    return Project(tuple(entries))


# ------------------------------------------------------------------- autosave

@dataclass(frozen=True)
class RecoveryInfo:
    """What an autosave holds: when it was written and which file it stands for.

    ``problem`` says why the autosave cannot be restored (a damaged file):
    the window then offers to discard it instead of restoring it.
    """

    path: Path
    saved_at: datetime
    original: Path | None
    problem: str | None = None


def write_recovery(project: Project, recovery: str | Path, original: str | Path | None) -> None:
    """Autosave ``project`` to ``recovery``, remembering the file it is a copy of."""
    save_project(project, recovery, extra={"recovery_of": str(original) if original else None})


def recovery_offer(recovery: str | Path) -> RecoveryInfo | None:
    """The autosave worth offering on start, or None.

    Worth offering means it exists and was written after the last clean
    save of the file it stands for (or that file is gone, or the project
    was never saved). One whose manifest cannot be read is offered with its
    ``problem``, so that the user can discard it.
    """
    recovery = Path(recovery)
    clean_leftovers(recovery.parent)
    if not recovery.exists():
        return None
    saved_at = datetime.fromtimestamp(recovery.stat().st_mtime, tz=UTC)
    try:
        manifest = read_manifest(recovery)
    except ProjectFileError as exc:
        return RecoveryInfo(path=recovery, saved_at=saved_at, original=None, problem=str(exc))
    of = manifest.get("recovery_of")
    original = Path(of) if isinstance(of, str) and of else None
    if original is not None and original.exists():
        if original.stat().st_mtime >= recovery.stat().st_mtime:
            return None
    return RecoveryInfo(path=recovery, saved_at=saved_at, original=original)


def discard_recovery(recovery: str | Path) -> None:
    """Remove the autosave after a clean save or a clean exit."""
    with contextlib.suppress(FileNotFoundError):
        Path(recovery).unlink()
