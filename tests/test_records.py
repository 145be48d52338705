from __future__ import annotations

import json

import pytest

from tfmatrix import records


def test_load_all_reads_every_record(golden_results):
    found, problems = records.load_all(golden_results)
    assert len(found) == 16 and problems == []


def corrupt(results, text):
    path = results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    path.write_text(text)
    return path


def test_corrupt_record_names_the_file(golden_results):
    path = corrupt(golden_results, "{not json")
    with pytest.raises(records.RecordError, match=str(path)):
        records.load_all(golden_results)


def test_schema_mismatch_says_what_to_do(golden_results):
    path = golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    record = json.loads(path.read_text())
    record["schema"] = 99
    path.write_text(json.dumps(record))
    with pytest.raises(records.RecordError, match="schema 99.*re-run"):
        records.load(path)


def test_skip_bad_reports_the_problem(golden_results):
    corrupt(golden_results, "[]")
    found, problems = records.load_all(golden_results, skip_bad=True)
    assert len(found) == 15 and "not a JSON object" in problems[0]


def test_dump_is_deterministic(tmp_path):
    path = tmp_path / "r.json"
    records.dump(path, {"b": 1, "a": "é"})
    assert path.read_text(encoding="utf-8") == '{\n "a": "é",\n "b": 1\n}\n'
    assert list(tmp_path.iterdir()) == [path]
