"""The project file: round trip, version check, data-only loading, atomic save, recovery. No Qt."""

from __future__ import annotations

import json
import os
import pickle
import time
import zipfile
from pathlib import Path

import pytest
from small_scenarios import window_county

from sufficiency_app import solver
from sufficiency_app.io import project_file as project_module
from sufficiency_app.io.project_file import (
    FORMAT_VERSION,
    Project,
    ProjectEntry,
    ProjectFileError,
    discard_recovery,
    load_project,
    read_manifest,
    recovery_offer,
    save_project,
    write_recovery,
)


@pytest.fixture(scope="module")
def solved_project() -> Project:
    s = window_county()
    other = window_county("Tiny county, no budget")
    other = other.replace(parameters=other.parameters.replace(capital=(0.0, 0.0)))
    return Project((
        ProjectEntry(s, solver.solve(s), solver.baseline(s)),
        ProjectEntry(other, stale=True),
    ))


def test_round_trip_keeps_scenarios_and_results(tmp_path, solved_project):
    path = tmp_path / "plan.sufficiency"
    save_project(solved_project, path)
    loaded = load_project(path)
    assert loaded.names == ("Tiny county", "Tiny county, no budget")
    first, second = loaded.entries
    assert first.result is not None and first.baseline is not None and second.result is None
    assert (first.result.independent, first.baseline.independent) == (0.0, 80.0)
    assert first.result.capital == 2_000_000.0
    assert second.stale and not first.stale
    assert second.scenario.parameters.capital == (0.0, 0.0)
    assert first.scenario.demand["count"].sum() == 160.0
    manifest = read_manifest(path)
    assert manifest["format_version"] == FORMAT_VERSION and manifest["app_version"]


def _rewrite(src: Path, dst: Path, manifest_change=None, extra: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "manifest.json" and manifest_change:
                m = json.loads(data)
                manifest_change(m)
                data = json.dumps(m).encode()
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


def test_newer_format_is_refused_with_a_clear_message(tmp_path, solved_project):
    path, newer = tmp_path / "plan.sufficiency", tmp_path / "newer.sufficiency"
    save_project(solved_project, path)
    _rewrite(path, newer, lambda m: m.update(format_version=FORMAT_VERSION + 1, app_version="9.0"))
    with pytest.raises(ProjectFileError, match="newer version of the planner"):
        load_project(newer)


class _Boom:
    def __reduce__(self):
        return (os.system, ("echo hacked > hacked.txt",))


def test_crafted_file_cannot_run_code(tmp_path, solved_project, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path, crafted = tmp_path / "plan.sufficiency", tmp_path / "crafted.sufficiency"
    save_project(solved_project, path)
    payload = pickle.dumps(_Boom())
    code = "__import__('os').system('echo hacked > hacked.txt')"

    def poison(m):
        m["scenarios"][0]["name"] = code
        m["app_version"] = code
    _rewrite(path, crafted, poison, {
        "scenarios/001/scenario.pkl": payload, "results/001/result/solve.pkl": payload, "project.pickle": payload,
    })
    loaded = load_project(crafted)  # the pickles are never read; the strings are only strings
    assert loaded.names[0] == "Tiny county"
    assert not (tmp_path / "hacked.txt").exists()


@pytest.mark.parametrize("bad", ["../evil.txt", "scenarios/../../evil.txt", "/abs/evil.txt", "C:/evil.txt",
                                 "scenarios\\..\\evil.txt"])
def test_paths_escaping_the_folder_are_rejected(tmp_path, solved_project, bad):
    path, crafted = tmp_path / "plan.sufficiency", tmp_path / "crafted.sufficiency"
    save_project(solved_project, path)
    _rewrite(path, crafted, extra={bad: b"x"})
    with pytest.raises(ProjectFileError, match="unsafe path"):
        load_project(crafted)
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_manifest_folder_pointing_outside_is_rejected(tmp_path, solved_project):
    path, crafted = tmp_path / "plan.sufficiency", tmp_path / "crafted.sufficiency"
    save_project(solved_project, path)
    _rewrite(path, crafted, lambda m: m["scenarios"][0].update(folder="../../etc"))
    with pytest.raises(ProjectFileError, match="unsafe path"):
        load_project(crafted)


def test_not_a_project_file(tmp_path):
    junk = tmp_path / "junk.sufficiency"
    junk.write_text("hello")
    with pytest.raises(ProjectFileError, match="not a planner project file"):
        load_project(junk)


def test_failed_save_leaves_the_old_file_intact(tmp_path, solved_project, monkeypatch):
    path = tmp_path / "plan.sufficiency"
    save_project(solved_project, path)
    before = path.read_bytes()
    def broken(result, folder):
        raise OSError("disk full")
    monkeypatch.setattr(project_module, "write_results", broken)
    with pytest.raises(OSError, match="disk full"):
        save_project(solved_project, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.sufficiency"]  # no temp file left


def test_failure_while_zipping_leaves_old_file(tmp_path, solved_project, monkeypatch):
    path = tmp_path / "plan.sufficiency"
    save_project(solved_project, path)
    before = path.read_bytes()

    def broken_zip(zf, folder, prefix):
        zf.writestr("partial", b"x")
        raise OSError("device error")
    monkeypatch.setattr(project_module, "_zip_folder", broken_zip)
    with pytest.raises(OSError):
        save_project(solved_project, path)
    assert path.read_bytes() == before
    assert load_project(path).names == solved_project.names


def test_recovery_offered_only_when_newer_than_the_clean_save(tmp_path, solved_project):
    saved, recovery = tmp_path / "plan.sufficiency", tmp_path / "autosave.sufficiency"
    assert recovery_offer(recovery) is None
    save_project(solved_project, saved)
    time.sleep(0.01)
    write_recovery(solved_project, recovery, saved)
    offer = recovery_offer(recovery)
    assert offer is not None and offer.original == saved
    os.utime(saved, (time.time() + 5, time.time() + 5))  # a clean save after the autosave
    assert recovery_offer(recovery) is None
    write_recovery(solved_project, recovery, None)  # never saved: always offered
    assert recovery_offer(recovery).original is None
    discard_recovery(recovery)
    assert recovery_offer(recovery) is None


def test_project_names_stay_unique(solved_project):
    p = solved_project.added(ProjectEntry(window_county()))
    assert p.names[-1] == "Tiny county (2)"
    assert p.added(ProjectEntry(window_county())).names[-1] == "Tiny county (3)"
    assert p.removed(0).names == ("Tiny county, no budget", "Tiny county (2)")
