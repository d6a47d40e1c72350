"""history.csv and population.csv: clean tables, every problem named by file, row and column."""

import pandas as pd
import pytest

from sufficiency_app.infra.errors import ScenarioError
from sufficiency_app.projection import check_history, check_population, read_history


def test_clean_history_sums_duplicates_and_maps_synonyms():
    raw = pd.DataFrame({
        " Year ": ["2024", "2024", "2025"], "NCY": ["3", "3", "-1"], "need": ["asc", "ASD", "SEMH"],
        "setting": ["Special", "special", "other"], "count": ["2", "3.5", "7"],
    })
    clean, problems = check_history(raw)
    assert problems == []
    assert clean.to_dict("records") == [
        {"year": 2024, "ncy": 3, "need": "ASD", "setting": "special", "count": 5.5},
        {"year": 2025, "ncy": -1, "need": "SEMH", "setting": "other", "count": 7.0},
    ]


def test_every_bad_cell_is_reported_with_its_row_and_column():
    raw = pd.DataFrame({
        "year": ["2024", "20x4", "2025", "2025"], "ncy": ["3", "3", "21", "2.5"],
        "need": ["ASD", "XYZ", "SEMH", "SEMH"], "setting": ["special", "special", "prison", "special"],
        "count": ["1", "-2", "3", ""],
    })
    clean, problems = check_history(raw, "history.csv")
    found = {(p.row, p.column) for p in problems if p.severity == "error"}
    assert found == {(3, "year"), (4, "ncy"), (5, "ncy"), (3, "need"), (4, "setting"), (3, "count"), (5, "count")}
    assert clean.empty
    assert all(p.file == "history.csv" for p in problems)


def test_missing_column_and_single_year():
    _, problems = check_history(pd.DataFrame({"year": [2024], "ncy": [1], "need": ["ASD"], "count": [1]}))
    assert [(p.column, p.severity) for p in problems] == [("setting", "error")]
    _, problems = check_history(pd.DataFrame({"year": [2024], "ncy": [1], "need": ["ASD"], "setting": ["special"],
                                              "count": [1]}))
    assert problems[0].severity == "error" and "two consecutive" in problems[0].message


def test_new_cannot_exceed_count_and_gaps_warn():
    raw = pd.DataFrame({"year": [2022, 2024], "ncy": [1, 2], "need": ["ASD", "ASD"],
                        "setting": ["special", "special"], "count": [4, 4], "new": [5, 1]})
    _, problems = check_history(raw)
    assert [(p.row, p.column, p.severity) for p in problems] == [(2, "new", "error")]
    raw["new"] = [1, 1]
    clean, problems = check_history(raw)
    assert [(p.column, p.severity, p.value) for p in problems] == [("year", "warning", "2023")]
    assert list(clean["new"]) == [1.0, 1.0]


def test_read_history_raises_with_all_problems(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("\ufeffyear,ncy,need,setting,count\n2024,1,ASD,special,1\n2025,99,ASD,special,one\n",
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        read_history(path)
    assert {(p.row, p.column) for p in err.value.problems} == {(3, "ncy"), (3, "count")}


def test_population_checked():
    clean, problems = check_population(pd.DataFrame({"year": [2025, 2025], "ncy": [0, 0],
                                                     "population": [100, 50]}))
    assert problems == [] and clean.to_dict("records") == [{"year": 2025, "ncy": 0, "population": 150.0}]
    _, problems = check_population(pd.DataFrame({"year": [2025], "ncy": [0], "population": [-1]}))
    assert [(p.row, p.column) for p in problems] == [(2, "population")]
