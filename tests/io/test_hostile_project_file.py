"""Hostile project files (issue 13, items 5, 7, 8): every crafted file ends in ProjectFileError with a sentence.

Deep JSON, wrong types, bad CRCs, size lies, name clashes, zip bombs and
repeated entries; and the temporary files a killed save leaves behind.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import sufficiency_app.io.project_file as project_file
from benchmarks.fuzz_inputs import base_scenario
from sufficiency_app.io.project_file import (
    MANIFEST,
    Project,
    ProjectEntry,
    ProjectFileError,
    load_project,
    read_manifest,
    recovery_offer,
    save_project,
)

DEAD_PID = "999999999"


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """A project with one scenario and its solved plan."""
    from sufficiency_app.solver import solve
    from sufficiency_app.solver.api import SolveOptions

    scenario = base_scenario()
    result = solve(scenario, SolveOptions(time_limit=20, explain=False))
    path = tmp_path_factory.mktemp("project") / "plan.sufficiency"
    save_project(Project((ProjectEntry(scenario, result=result, baseline=result),)), path)
    return path


def rewrite(source: Path, target: Path, change: Callable[[dict[str, bytes]], list[tuple[str, bytes]]]) -> Path:
    """Copy a project's entries through ``change`` (name -> bytes in, entries out) into a new zip."""
    with zipfile.ZipFile(source) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in change(entries):
            zf.writestr(name, data)
    return target


def refused(path: Path, *words: str) -> str:
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    message = str(info.value)
    assert path.name in message and all(w in message for w in words), message
    return message


def solve_json(entries: dict[str, bytes]) -> str:
    return next(name for name in entries if name.endswith("/result/solve.json"))


# ------------------------------------------------------ 5. crafted content

def test_deeply_nested_manifest(saved, tmp_path):
    path = rewrite(saved, tmp_path / "deep.sufficiency",
                   lambda e: [(n, b"[" * 100_000 + b"]" * 100_000 if n == MANIFEST else d) for n, d in e.items()])
    refused(path, "nested too deeply")
    with pytest.raises(ProjectFileError):
        read_manifest(path)


def test_deeply_nested_solve_json(saved, tmp_path):
    def change(entries):
        target = solve_json(entries)
        return [(n, b"{\"a\":" * 50_000 + b"1" + b"}" * 50_000 if n == target else d) for n, d in entries.items()]

    refused(rewrite(saved, tmp_path / "deep.sufficiency", change), "nested too deeply")


@pytest.mark.parametrize("field, value", [("levels", 5), ("status", ["x"]), ("gap", "big"), ("model_size", 3)])
def test_solve_json_with_wrong_types(saved, tmp_path, field, value):
    def change(entries):
        target = solve_json(entries)
        meta = json.loads(entries[target])
        meta[field] = value
        return [(n, json.dumps(meta).encode() if n == target else d) for n, d in entries.items()]

    refused(rewrite(saved, tmp_path / "types.sufficiency", change), "solve.json", field)


@pytest.mark.parametrize("record", [{"folder": 5}, {"folder": "scenarios/001", "name": ["x"]},
                                    {"folder": "scenarios/001", "stale": "yes"}, "text"])
def test_manifest_records_with_wrong_types(saved, tmp_path, record):
    def change(entries):
        manifest = json.loads(entries[MANIFEST])
        manifest["scenarios"] = [record]
        return [(n, json.dumps(manifest).encode() if n == MANIFEST else d) for n, d in entries.items()]

    refused(rewrite(saved, tmp_path / "records.sufficiency", change), "scenario 1")


def patch_sizes(path: Path, name: str, offset: int, value: bytes) -> None:
    """Overwrite a field of ``name``'s local and central headers (offsets of the central header)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    local = info.header_offset
    central = data.find(b"PK\x01\x02" + data[local + 4:local + 6])
    while data[central + 46:central + 46 + len(name)] != name.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + offset:central + offset + 4] = value
    data[local + offset - 2:local + offset + 2] = value  # the local header's fields sit 2 bytes earlier
    path.write_bytes(bytes(data))


def test_bad_crc(saved, tmp_path):
    path = tmp_path / "crc.sufficiency"
    path.write_bytes(saved.read_bytes())
    patch_sizes(path, "scenarios/001/demand.csv", 16, b"\0\0\0\0")
    refused(path, "demand.csv", "damaged")


def test_an_entry_lying_about_its_size(saved, tmp_path):
    path = tmp_path / "size.sufficiency"
    path.write_bytes(saved.read_bytes())
    patch_sizes(path, "scenarios/001/demand.csv", 24, struct.pack("<I", 10))
    refused(path, "demand.csv")


def test_a_file_and_a_folder_with_the_same_name(saved, tmp_path):
    path = rewrite(saved, tmp_path / "clash.sufficiency",
                   lambda e: [("scenarios/001", b"x"), *e.items()])
    refused(path, "clashes")


def test_the_same_entry_twice(saved, tmp_path):
    def change(entries):
        return [*entries.items(), ("scenarios/001/demand.csv", b"year,area_id\n")]

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate while we craft it
        path = rewrite(saved, tmp_path / "twice.sufficiency", change)
    refused(path, "more than once")


# ------------------------------------------------------ 7. resource exhaustion

def test_a_manifest_naming_one_folder_many_times_is_refused_at_once(saved, tmp_path):
    def change(entries):
        manifest = json.loads(entries[MANIFEST])
        manifest["scenarios"] = [{"name": f"s{i}", "folder": "scenarios/001"} for i in range(2000)]
        return [(n, json.dumps(manifest).encode() if n == MANIFEST else d) for n, d in entries.items()]

    path = rewrite(saved, tmp_path / "repeat.sufficiency", change)
    start = time.perf_counter()
    refused(path, "more than")
    assert time.perf_counter() - start < 5


def test_a_manifest_naming_one_folder_twice_is_refused(saved, tmp_path):
    def change(entries):
        manifest = json.loads(entries[MANIFEST])
        manifest["scenarios"] = manifest["scenarios"] * 2
        return [(n, json.dumps(manifest).encode() if n == MANIFEST else d) for n, d in entries.items()]

    refused(rewrite(saved, tmp_path / "twice.sufficiency", change), "more than once")


def test_an_entry_that_expands_beyond_its_cap_is_stopped(saved, tmp_path, monkeypatch):
    path = rewrite(saved, tmp_path / "bomb.sufficiency", lambda e: [*e.items(), ("scenarios/001/pad.txt", b"0" * 50_000)])
    monkeypatch.setattr(project_file, "MAX_ENTRY_BYTES", 20_000)
    refused(path, "pad.txt", "more than")


def test_an_entry_lying_small_is_stopped_while_it_streams(saved, tmp_path, monkeypatch):
    path = rewrite(saved, tmp_path / "liar.sufficiency", lambda e: [*e.items(), ("scenarios/001/pad.txt", b"0" * 50_000)])
    patch_sizes(path, "scenarios/001/pad.txt", 24, struct.pack("<I", 100))  # says 100 bytes
    monkeypatch.setattr(project_file, "MAX_ENTRY_BYTES", 20_000)
    refused(path, "pad.txt")
    assert not list(Path(tempfile.gettempdir()).glob("sufficiency-tmp-open-*"))


def test_the_total_is_capped(saved, tmp_path, monkeypatch):
    monkeypatch.setattr(project_file, "MAX_UNPACKED_BYTES", 1_000)
    refused(saved, "more than")


def test_a_huge_manifest_is_not_read_into_memory(saved, tmp_path, monkeypatch):
    def change(entries):
        return [(n, entries[n] + b" " * 100_000 if n == MANIFEST else d) for n, d in entries.items()]

    path = rewrite(saved, tmp_path / "big.sufficiency", change)
    monkeypatch.setattr(project_file, "MAX_MANIFEST_BYTES", 50_000)
    refused(path, MANIFEST)


def test_too_many_entries(saved, tmp_path, monkeypatch):
    monkeypatch.setattr(project_file, "MAX_MEMBERS", 5)
    refused(saved, "entries")


# ------------------------------------------------------ 8. leftovers of a killed save

def dead_tag() -> str:
    from sufficiency_app.infra.atomic import owner_tag

    return owner_tag().replace(f"-{os.getpid()}-", f"-{DEAD_PID}-")


def test_temporary_files_beside_the_project_are_recognisable_and_cleaned(saved, tmp_path):
    from sufficiency_app.infra.atomic import TEMP_MARK, owner_tag

    project = tmp_path / "plan.sufficiency"
    project.write_bytes(saved.read_bytes())
    dead = tmp_path / f".plan.sufficiency.{dead_tag()}{TEMP_MARK}.sufficiency"
    live = tmp_path / f".plan.sufficiency.{owner_tag()}{TEMP_MARK}.sufficiency"  # a save in progress
    foreign = tmp_path / f".plan.sufficiency.otherhost-{os.getpid()}-ab{TEMP_MARK}.sufficiency"
    for leftover in (dead, live, foreign):
        leftover.write_bytes(b"half a project")
    load_project(project)
    assert not dead.exists() and live.exists() and foreign.exists()
    os.utime(foreign, (time.time() - 3 * 24 * 3600,) * 2)  # another machine's, days old
    save_project(load_project(project), project)
    assert not foreign.exists()


def test_a_save_names_its_temporary_file_recognisably(saved, tmp_path, monkeypatch):
    from sufficiency_app.infra.atomic import TEMP_MARK

    seen = []
    real = zipfile.ZipFile

    def spy(file, *args, **kwargs):
        seen.append(Path(file).name)
        return real(file, *args, **kwargs)

    monkeypatch.setattr(project_file.zipfile, "ZipFile", spy)
    save_project(Project((ProjectEntry(base_scenario()),)), tmp_path / "plan.sufficiency")
    assert any(name.startswith(".plan.sufficiency.") and TEMP_MARK in name for name in seen), seen


def test_staging_folders_of_a_killed_process_are_cleaned_on_the_next_start(tmp_path, monkeypatch):
    from sufficiency_app.infra.atomic import clean_staging, staging_folder

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"sufficiency-tmp-save-{dead_tag()}-x1"
    (dead / "scenarios").mkdir(parents=True)
    with staging_folder("open") as mine:
        other = tmp_path / "someone-elses"
        other.mkdir()
        from sufficiency_app.cli import main

        with pytest.raises(SystemExit):
            main(["--version"])  # argparse exits before the clean-up; a real command runs it
        assert dead.exists()
        assert main(["validate", str(tmp_path / "missing")]) == 1
        assert not dead.exists() and Path(mine).exists() and other.exists()
    assert clean_staging() == []


# ------------------------------------------------------ the autosave

def test_a_damaged_autosave_is_offered_for_discarding(saved, tmp_path):
    path = rewrite(saved, tmp_path / "autosave.sufficiency",
                   lambda e: [(n, b"[" * 100_000 if n == MANIFEST else d) for n, d in e.items()])
    offer = recovery_offer(path)
    assert offer is not None and "nested too deeply" in offer.problem


def test_a_project_name_that_looks_like_a_tag_does_not_hide_its_leftovers(saved, tmp_path):
    from sufficiency_app.infra.atomic import TEMP_MARK

    project = tmp_path / "plan-2024-ab.sufficiency"
    project.write_bytes(saved.read_bytes())
    dead = tmp_path / f".plan-2024-ab.sufficiency.{dead_tag()}{TEMP_MARK}.sufficiency"
    dead.write_bytes(b"half")
    load_project(project)
    assert not dead.exists()


# ------------------------------------------------------ issue 22: format_version, and plans checked when read

@pytest.mark.parametrize("version", [0, -1, "1", 1.0, None, True])
def test_a_manifest_format_version_that_is_not_a_whole_number_from_1_is_refused(saved, tmp_path, version):
    def change(entries):
        manifest = json.loads(entries[MANIFEST])
        manifest["format_version"] = version
        return [(n, json.dumps(manifest).encode() if n == MANIFEST else d) for n, d in entries.items()]

    path = rewrite(saved, tmp_path / "v.sufficiency", change)
    refused(path, "format_version is missing or not a whole number from 1 to 1")
