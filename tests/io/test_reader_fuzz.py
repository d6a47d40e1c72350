"""Readers on random and truncated bytes: a scenario or a ScenarioError, never anything else."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_scenarios import core_county
from test_version2 import with_everything

from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.io import read_scenario, write_scenario

FILES = ("scenario.toml", "areas.geojson", "demand.csv", "provisions.csv", "options.csv", "travel.csv")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The core county with every version 2 addition, so cut files end inside those keys and columns too."""
    folder = tmp_path_factory.mktemp("fuzz") / "base"
    write_scenario(with_everything(core_county()), folder)
    write_scenario(with_everything(core_county()), folder.parent / "base.xlsx")
    return folder


def read_with(base: Path, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as temp:
        if name.endswith(".xlsx"):
            path = Path(temp) / name
            path.write_bytes(data)
        else:
            path = Path(temp) / "s"
            shutil.copytree(base, path)
            (path / name).write_bytes(data)
        try:
            read_scenario(path)
        except ScenarioError as exc:
            assert exc.problems and all(p.severity in ("error", "warning") for p in exc.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), data=st.binary(max_size=400))
def test_random_bytes(base, name, data):
    read_with(base, name, data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), cut=st.floats(0, 1), junk=st.binary(max_size=8))
def test_truncated_files(base, name, cut, junk):
    data = (base / name).read_bytes()
    read_with(base, name, data[: int(len(data) * cut)] + junk)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(0, 1), data=st.binary(max_size=200))
def test_workbooks(base, cut, data):
    book = (base.parent / "base.xlsx").read_bytes()
    read_with(base, "book.xlsx", book[: int(len(book) * cut)] + data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("0123456789,;.-\"\n ASDPRIspecialA1é£")), max_size=300))
def test_csv_like_text(base, text):
    read_with(base, "demand.csv", b"year,area_id,need,phase,tier,count\n" + text.encode("utf-8"))
