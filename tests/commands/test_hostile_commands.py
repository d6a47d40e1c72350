"""Hostile command lines (issue 13, item 4): a missing or unreadable file is one ``error:`` line and exit 1."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from benchmarks.fuzz_inputs import base_scenario
from sufficiency_app.cli import main
from sufficiency_app.io import write_scenario

MISSING = "/nonexistent-folder/missing"


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cmd") / "county"
    write_scenario(base_scenario(), folder)
    return folder


def commands(county: Path, out: Path, bad: str) -> dict[str, list[str]]:
    """Every command with ``bad`` as the file it reads."""
    c = str(county)
    return {
        "validate": ["validate", bad],
        "import-gias": ["import-gias", bad + ".csv", "--la", "865", "--out", str(out / "p.csv")],
        "import-boundaries": ["import-boundaries", bad + ".geojson", "--out", str(out / "a.geojson")],
        "import-demand": ["import-demand", bad + ".csv", "--out", str(out / "d.csv")],
        "solve": ["solve", bad, "--out", str(out / "r")],
        "report": ["report", bad + ".sufficiency", "--out", str(out / "r.pdf")],
        "forecast": ["forecast", c, "--history", bad + ".csv", "--out", str(out / "d.csv")],
        "backtest": ["backtest", bad + ".csv", "--fit-to", "2020"],
        "plan-robust": ["plan-robust", c, "--population", bad + ".csv", "--out", str(out / "r")],
        "travel-roads": ["travel-roads", c, "--roads", bad + ".gpkg", "--out", str(out / "t.csv")],
        "travel-compare": ["travel-compare", c, "--known", bad + ".csv"],
        "gui": ["gui", bad + ".sufficiency", "--smoke"],
    }


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize("command", list(commands(Path("."), Path("."), MISSING)))
def test_a_missing_file_is_one_error_line(command, county, tmp_path, capsys):
    argv = commands(county, tmp_path, MISSING)[command]
    assert main(argv) == 1
    assert "missing" in one_error_line(capsys)


@pytest.mark.parametrize("command", ["import-demand", "import-boundaries", "import-gias"])
def test_a_folder_where_a_file_belongs_is_one_error_line(command, county, tmp_path, capsys):
    folder = tmp_path / "a-folder"
    (folder.parent / (folder.name + ".csv")).mkdir(parents=True)
    (folder.parent / (folder.name + ".geojson")).mkdir()
    argv = commands(county, tmp_path, str(folder))[command]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "error" in (captured.out + captured.err)


def test_a_file_that_vanishes_mid_command_is_one_error_line(county, tmp_path, capsys, monkeypatch):
    import sufficiency_app.commands.validate as validate

    def vanish(path):
        raise FileNotFoundError(2, "No such file or directory", str(path))

    monkeypatch.setattr(validate, "load_scenario", vanish)
    assert main(["validate", str(county)]) == 1
    assert str(county) in one_error_line(capsys)


def test_report_on_a_crafted_project_is_one_error_line(tmp_path, capsys):
    path = tmp_path / "deep.sufficiency"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", "[" * 100_000 + "]" * 100_000)
    assert main(["report", str(path), "--out", str(tmp_path / "r.xlsx")]) == 1
    assert "nested too deeply" in one_error_line(capsys)


# ------------------------------------------------------ issue 22: arguments checked before any work

BAD_ARGUMENTS = [
    (["stress", "P", "--futures", "9223372036854775808"], "--futures: expected a whole number from 1 to 100,000"),
    (["stress", "P", "--futures", "1000000000000", "--workers", "0"], "--futures: expected a whole number"),
    (["stress", "P", "--seed", "-1"], "--seed: expected a whole number from 0"),
    (["stress", "P", "--workers", "-3"], "--workers: expected a whole number from 0"),
    (["stress", "P", "--scheduler", "not-a-url"], "--scheduler: expected a Dask scheduler address"),
    (["stress", "P", "--scheduler", "http://127.0.0.1:1/x"], "--scheduler: expected a Dask scheduler address"),
    (["stress", "P", "--scheduler", "tcp://host:99999"], "--scheduler: expected a Dask scheduler address"),
    (["plan-robust", "S", "--runs", "0"], "--runs: expected a whole number from 1 to 100,000, got '0'"),
    (["plan-robust", "S", "--runs", "-5"], "--runs: expected a whole number from 1"),
    (["plan-robust", "S", "--weights", "0,0,0"], "--weights: expected weights >= 0 that add up to more than 0"),
    (["plan-robust", "S", "--weights", "inf,1,1"], "--weights: expected three weights"),
    (["plan-robust", "S", "--weights=-1,1,1"], "--weights: expected weights >= 0"),
    (["plan-robust", "S", "--percentiles", "90,50,10"], "0 < low < central < high < 100"),
    (["plan-robust", "S", "--percentiles", "10,50"], "--percentiles: expected three percentiles"),
    (["plan-robust", "S", "--percentiles", "0,50,100"], "0 < low < central < high < 100"),
    (["plan-robust", "S", "--time-limit", "nan"], "--time-limit: expected a number above 0"),
    (["solve", "S", "--time-limit", "-1"], "--time-limit: expected a number above 0"),
    (["solve", "S", "--time-limit", "nan"], "--time-limit: expected a number above 0"),
    (["solve", "S", "--time-limit", "0"], "--time-limit: expected a number above 0"),
    (["solve", "S", "--time-limit", "1e400"], "--time-limit: expected a number above 0"),
    (["solve", "S", "--rounds", "0"], "--rounds: expected a whole number from 1"),
    (["solve", "S", "--gap", "-0.1"], "--gap: expected a number from 0 to 1"),
    (["gui", "--smoke", "--time-limit", "inf"], "--time-limit: expected a number above 0"),
    (["forecast", "S", "--runs", "10**9"], "--runs: expected a whole number"),
    (["forecast", "S", "--ceiling", "0"], "--ceiling: expected a number above 0 to 1"),
    (["forecast", "S", "--percentile", "150"], "--percentile: expected a number from 0 to 100"),
    (["backtest", "h.csv", "--fit-to", "-2020"], "--fit-to: expected a whole number from 1,900 to 2,200"),
    (["backtest", "h.csv", "--fit-to", "2020", "--horizon", "0"], "--horizon: expected a whole number from 1"),
]


@pytest.mark.parametrize("argv, words", BAD_ARGUMENTS, ids=[" ".join(a[0][:1] + a[0][2:]) for a in BAD_ARGUMENTS])
def test_a_bad_argument_is_one_error_line_and_exit_2_before_any_work(argv, words, tmp_path, capsys):
    argv = [a.replace("P", str(tmp_path / "nowhere")).replace("S", str(tmp_path / "nowhere")) if len(a) == 1 else a
            for a in argv]
    needs_out = argv[0] in ("stress", "plan-robust", "solve", "forecast")
    assert main(argv + (["--out", str(tmp_path / "o")] if needs_out else [])) == 2
    line = one_error_line(capsys)
    assert f"sufficiency {argv[0]}: argument" in line and words in line, line
    assert not (tmp_path / "o").exists()


@pytest.fixture(scope="module")
def saved_plan(tmp_path_factory) -> Path:
    """The sample county (it has a history to simulate from) with a plan that builds nothing."""
    import pandas as pd

    from sufficiency_app.io import read_scenario
    from sufficiency_app.io.results import write_plan
    from sufficiency_app.model.plan import ALLOCATION_COLUMNS, SCHEDULE_COLUMNS, SUMMARY_COLUMNS, PlanResult

    empty = PlanResult("feasible", pd.DataFrame(columns=list(SCHEDULE_COLUMNS)),
                       pd.DataFrame(columns=list(ALLOCATION_COLUMNS)), pd.DataFrame(columns=list(SUMMARY_COLUMNS)),
                       (), 0.0, 0.0, "test", "")
    folder = tmp_path_factory.mktemp("plan") / "plan"
    write_plan(empty, read_scenario("sample_data/wiltshire"), folder)
    return folder


def test_a_scheduler_that_answers_junk_is_a_sentence(saved_plan, tmp_path, capsys):
    """A port that answers junk once made Dask allocate exabytes; now it is one line naming the address."""
    import socket
    import threading

    pytest.importorskip("distributed")
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def answer_junk() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"\xff" * 64 + b"HTTP/1.0 200 OK\r\n\r\nnot dask" * 8)

    thread = threading.Thread(target=answer_junk, daemon=True)
    thread.start()
    try:
        code = main(["stress", str(saved_plan), "--futures", "2", "--scheduler", f"tcp://127.0.0.1:{port}",
                     "--out", str(tmp_path / "o")])
    finally:
        stop.set()
        thread.join()
        server.close()
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err, err
    assert f"the Dask scheduler at tcp://127.0.0.1:{port} could not be used" in err
    assert "is it a Dask scheduler" in err


def test_a_refused_scheduler_port_is_a_sentence_at_once(saved_plan, tmp_path, capsys):
    import socket

    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]  # closed again: nothing listens there now
    assert main(["stress", str(saved_plan), "--scheduler", f"tcp://127.0.0.1:{port}",
                 "--out", str(tmp_path / "o")]) == 1
    line = one_error_line(capsys)
    assert f"could not run on the Dask scheduler at tcp://127.0.0.1:{port}: nothing answers" in line


def test_a_compare_folder_named_like_a_formula_is_guarded_in_every_stress_table(saved_plan, tmp_path, capsys):
    import shutil

    from sufficiency_app.model.stress_result import read_stress

    hostile = tmp_path / "=1+1"
    shutil.copytree(saved_plan, hostile)
    out = tmp_path / "out"
    assert main(["stress", str(saved_plan), "--futures", "2", "--workers", "0", "--compare", str(hostile),
                 "--out", str(out)]) == 0
    for name in ("futures.csv", "needs.csv", "percentiles.csv"):
        text = (out / name).read_text()
        assert "'=1+1," in text and not re.search(r"(^|,)=", text, re.MULTILINE), name
    assert read_stress(out).plans == ("plan", "do nothing", "=1+1")  # read back as it was named
    assert set(read_stress(out).years["plan"]) == {"plan", "do nothing", "=1+1"}


@pytest.fixture(scope="module")
def stress_folder(saved_plan, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stress") / "out"
    assert main(["stress", str(saved_plan), "--futures", "2", "--workers", "0", "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("change, words", [
    (lambda meta: [], "expected a record of the run, found list"),
    (lambda meta: {**meta, "plans": 5}, "'plans' is 5: expected a list"),
    (lambda meta: {**meta, "plans": []}, "'plans' is []: expected a list"),
    (lambda meta: {**meta, "run": [1, 2]}, "'run' is [1, 2]: expected a record"),
    (lambda meta: {**meta, "threshold": 5}, "'threshold' is 5: expected null or [YEAR, COUNT]"),
    (lambda meta: {**meta, "threshold": [2030, "x"]}, "'threshold' is [2030, \"x\"]"),
    (lambda meta: {**meta, "futures": "10"}, "'futures' is \"10\": expected a whole number >= 1"),
    (lambda meta: {**meta, "plans": ["someone else"]}, "is not one of stress.json's plans"),
    (lambda meta: "[" * 100_000, "not valid JSON"),
])
def test_report_on_a_damaged_stress_json_is_one_error_line(stress_folder, tmp_path, change, words, capsys):
    import json
    import shutil

    bad = tmp_path / "stress"
    shutil.copytree(stress_folder, bad)
    meta = change(json.loads((bad / "stress.json").read_text()))
    (bad / "stress.json").write_text(meta if isinstance(meta, str) else json.dumps(meta))
    assert main(["report", str(tmp_path), "--stress", str(bad), "--out", str(tmp_path / "r.pdf")]) == 2
    line = one_error_line(capsys)
    assert line.startswith(f"error: --stress {bad}") and words in line, line


def test_report_on_a_stress_table_with_infinite_numbers_names_the_cell(stress_folder, tmp_path, capsys):
    import shutil

    bad = tmp_path / "stress"
    shutil.copytree(stress_folder, bad)
    lines = (bad / "futures.csv").read_text().splitlines()
    head = lines[0].split(",")
    cells = lines[2].split(",")
    cells[head.index("independent")] = "inf"
    lines[2] = ",".join(cells)
    (bad / "futures.csv").write_text("\n".join(lines) + "\n")
    assert main(["report", str(tmp_path), "--stress", str(bad), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "futures.csv, row 3, column independent: 'inf' is not a finite number" in one_error_line(capsys)


def test_fuzzed_command_lines_end_in_an_exit_code_never_a_traceback():
    from benchmarks.fuzz_argv import fuzz

    counts, _ = fuzz(25, seed=13)
    assert not {k: n for k, n in counts.items() if k.startswith(("crash", "hang")) or k == "exit:None"}, counts
    assert counts["exit:2"] > 0 and sum(n for k, n in counts.items() if k.startswith("exit")) == 25
