"""Atomic saves: a failed write leaves the old file as it was and no temporary file behind."""

import pytest

from sufficiency_app.infra.atomic import atomic_path, atomic_write_text


def test_new_content_replaces_the_old(tmp_path):
    target = tmp_path / "plan.csv"
    target.write_text("old")
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temp:
            assert temp.suffix == ".xlsx" and temp.parent == tmp_path
            temp.write_text("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]
