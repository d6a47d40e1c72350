"""Saving files and folders so that a crash or a full disk never leaves a half-written one.

Every writer in the planner (scenario folders and workbooks, projects,
results, reports, caches) goes through :func:`atomic_path` (one file) or
:func:`atomic_folder` (a whole folder): they write to a temporary name
beside the target, flush it to disk and rename it into place, which
readers see as either the old version or the new one.

Temporary names are recognisable and say who made them:
``.<name>.<host>-<pid>-<random>.sufficiency-tmp<suffix>``. A process that
is killed part-way leaves such a name behind; :func:`clean_leftovers`
removes those whose process is gone (or that are more than a day old, for
another machine's), and :func:`recover_folder` finishes or rolls back a
folder swap that was interrupted. Both run before the next write of the
same target and when the planner starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import secrets
import shutil
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

TEMP_MARK = ".sufficiency-tmp"
NEW_MARK = ".sufficiency-new"  # a complete new folder waiting to be swapped in
OLD_MARK = ".sufficiency-old"  # the previous folder while the new one is swapped in
STAGING_PREFIX = "sufficiency-tmp-"  # staging folders in the system's temporary folder
FOREIGN_AGE = 24 * 3600.0  # seconds after which another machine's leftover is abandoned
_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:20] or "host"
_OWNER = re.compile(r"(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-[0-9a-f]+")


def _file_mode() -> int:
    """Permissions an ordinary new file gets (mkstemp would make it private)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def owner_tag() -> str:
    """``host-pid-random``: unique, and tells :func:`clean_leftovers` whose leftover it is."""
    return f"{_HOST}-{os.getpid()}-{secrets.token_hex(4)}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would terminate the process on Windows

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(path: Path) -> bool:
    """True for a leftover whose writer is gone: a dead local process, or an old one from elsewhere."""
    matches = list(_OWNER.finditer(path.name))  # the tag follows the target's name, which may look alike
    if not matches:
        return False
    match = matches[-1]
    if match["host"] == _HOST:
        return not _alive(int(match["pid"]))
    with contextlib.suppress(OSError):
        return time.time() - path.lstat().st_mtime > FOREIGN_AGE
    return False


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def clean_leftovers(folder: str | os.PathLike, name: str | None = None) -> list[Path]:
    """Remove abandoned temporary files and folders in ``folder`` (of target ``name`` only, if given).

    Returns what was removed. Unreadable folders are skipped silently: this
    is housekeeping, never a reason to fail a save.
    """
    folder = Path(folder)
    pattern = f".{glob_escape(name)}.*{TEMP_MARK}*" if name else f".*{TEMP_MARK}*"
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return []
    return _remove_abandoned(candidates)


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def staging_folder(purpose: str) -> tempfile.TemporaryDirectory:
    """A temporary folder in the system's temporary folder, named so a later start can clean it."""
    return tempfile.TemporaryDirectory(prefix=f"{STAGING_PREFIX}{purpose}-{owner_tag()}-")


def clean_staging() -> list[Path]:
    """Remove staging folders of planner processes that were killed (run when the planner starts)."""
    return _remove_abandoned(Path(tempfile.gettempdir()).glob(f"{STAGING_PREFIX}*"))


def _remove_abandoned(paths) -> list[Path]:
    """Remove those of ``paths`` whose writing process is gone; returns what was removed."""
    removed = []
    for path in paths:
        if _abandoned(path):
            with contextlib.suppress(OSError):
                _remove(path)
                removed.append(path)
    return removed


def _fsync_dir(folder: Path) -> None:
    """Make renames inside ``folder`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "posix":
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without error, swap it in.

    The temporary file keeps ``path``'s suffix, so libraries that choose a
    format by suffix (openpyxl, ReportLab, pandas) write the right one. On
    error the temporary file is removed and ``path`` is left untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(path.parent, path.name)
    temp = path.parent / f".{path.name}.{owner_tag()}{TEMP_MARK}{path.suffix}"
    try:
        temp.touch(exist_ok=False)
        os.chmod(temp, FILE_MODE)
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_path(path) as temp:
        temp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with UTF-8 ``text`` atomically (newlines written as given)."""
    atomic_write_bytes(path, text.encode("utf-8"))


# ------------------------------------------------------------------ folders

def _sibling(path: Path, mark: str) -> Path:
    return path.parent / f".{path.name}{mark}"


def recover_folder(path: str | os.PathLike) -> None:
    """Finish or roll back an interrupted :func:`atomic_folder` swap of ``path``, and clean up.

    A ``.sufficiency-new`` sibling is always complete (it gets that name
    only once fully written), so it is swapped in; a ``.sufficiency-old``
    sibling is put back if the folder is missing, else removed.
    """
    path = Path(path)
    new, old = _sibling(path, NEW_MARK), _sibling(path, OLD_MARK)
    if new.is_dir():
        if path.is_dir() and not old.exists():
            os.replace(path, old)  # killed before the old folder moved aside: finish the swap
        if not path.exists():
            os.replace(new, path)
        _remove(new)
    if old.exists():
        if path.exists():
            _remove(old)
        else:
            os.replace(old, path)  # the new folder never arrived: roll back
    clean_leftovers(path.parent, path.name)


def _fsync_files(folder: Path) -> None:
    """Flush every file under ``folder`` to disk (before the folder is renamed into place)."""
    for file in folder.rglob("*"):
        if file.is_file() and not file.is_symlink():
            with open(file, "rb+") as handle:
                os.fsync(handle.fileno())


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _carry_over(old: Path, new: Path, owned: Iterable[str]) -> None:
    """Keep files the writer does not own (a user's notes, population.csv...) in the new folder."""
    owned = set(owned)
    for entry in old.iterdir():
        if entry.name in owned or (new / entry.name).exists() or TEMP_MARK in entry.name:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, new / entry.name, copy_function=_link_or_copy, symlinks=True)
        else:
            _link_or_copy(str(entry), str(new / entry.name))


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike, owned: Iterable[str] = ()) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; when the block ends without error, swap it in.

    Readers and a later start see the whole old folder or the whole new
    one, never a mix. Entries of the old folder the writer does not
    ``own`` (and did not write) are carried over, so a user's extra files
    survive a save. On error the temporary folder is removed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    recover_folder(path)
    temp = path.parent / f".{path.name}.{owner_tag()}{TEMP_MARK}"
    temp.mkdir()
    try:
        yield temp
        _fsync_files(temp)
        if path.is_dir():
            _carry_over(path, temp, owned)
        new, old = _sibling(path, NEW_MARK), _sibling(path, OLD_MARK)
        os.replace(temp, new)  # from here on the new folder is complete
        _fsync_dir(path.parent)
        if path.exists():
            os.replace(path, old)
        os.replace(new, path)
        _fsync_dir(path.parent)
        _remove(old)
    except BaseException:
        _remove(temp)
        with contextlib.suppress(OSError):  # a swap that failed half-way (a file held open): undo it
            if path.exists():
                _remove(_sibling(path, NEW_MARK))
            recover_folder(path)
        raise
