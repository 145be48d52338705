from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, bindings

from tfmatrix.data import records


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
    records.write(path, {"b": 1, "a": "é"})
    assert path.read_text(encoding="utf-8") == '{\n "a": "é",\n "b": 1\n}\n'
    assert list(tmp_path.iterdir()) == [path]


LEFT_OUT = object()


def spoil(results, field, value):
    """The golden record with one field set to value (left out for LEFT_OUT); its path."""
    path = results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json"
    record = json.loads(path.read_text())
    holder = record[field[0]] if len(field) == 2 else record
    if value is LEFT_OUT:
        del holder[field[-1]]
    else:
        holder[field[-1]] = value
    path.write_text(json.dumps(record))
    return path


WRONG_SHAPES = [
    (("cell",), None, "cell is null, not an object"),
    (("cell", "id"), LEFT_OUT, "cell.id is missing"),
    (("cell", "mode"), 1, "cell.mode is 1, not a string"),
    (("cell", "experiment"), None, "cell.experiment is null, not a string"),
    (("cell", "variant"), ["default"], "cell.variant is a list, not a string"),
    (("cell", "data"), LEFT_OUT, "cell.data is missing"),
    (("cell", "input"), {}, "cell.input is an object, not a string"),
    (("requested",), [], "requested is a list, not an object"),
    (("requested", "env"), LEFT_OUT, "requested.env is missing"),
    (("requested", "keras"), None, "requested.keras is null, not a string"),
    (
        ("requested", "tensorflow"),
        "latest",
        'requested.tensorflow is "latest", not a version such as 2.16.2',
    ),
    (("requested", "requirements"), "numpy", 'requested.requirements is "numpy", not a list of strings'),
    (("observed",), "1.12.3", 'observed is "1.12.3", not an object'),
    (("error",), "boom", 'error is "boom", not null or an object with type and message strings'),
    (("error",), [], "error is a list, not null or an object with type and message strings"),
    (("error",), {"type": "ValueError"}, "error.message is missing"),
    (("error",), {"type": 1, "message": "x"}, "error.type is 1, not a string"),
    (
        ("status",),
        "exploded",
        'status is "exploded", not one of ok, raised, crash, timeout, install_failed',
    ),
    (("evidence",), None, "evidence is null, not an object"),
    (("evidence",), [0.95], "evidence is a list, not an object"),
    (
        ("evidence", "moving_variance"),
        "0.95",
        'evidence.moving_variance is "0.95", not a list of numbers or null',
    ),
    (("evidence", "losses"), [0.7, None], "evidence.losses is a list, not a list of numbers or null"),
    (("evidence", "update_ops"), 2.5, "evidence.update_ops is 2.5, not a whole number or null"),
    (("seconds",), "fast", 'seconds is "fast", not a number'),
    (("seconds",), True, "seconds is true, not a number"),
    (("started",), "2026-11-25", 'started is "2026-11-25", not a time in seconds since 1970, or null'),
]


@pytest.mark.parametrize(
    ("field", "value", "problem"), WRONG_SHAPES, ids=[problem.split(",")[0] for *_, problem in WRONG_SHAPES]
)
def test_a_record_of_the_wrong_shape_is_refused_naming_the_field(golden_results, field, value, problem):
    path = spoil(golden_results, field, value)
    with pytest.raises(records.RecordError) as refused:
        records.load_all(golden_results)
    assert str(refused.value) == f"{path}: {problem}; delete it and re-run its environment"
    found, problems = records.load_all(golden_results, skip_bad=True)
    assert len(found) == 15 and problems == [str(refused.value)]


def test_a_name_this_tfmatrix_does_not_know_is_refused(golden_results):
    path = spoil(golden_results, ("cell", "mode"), "lazy")
    records.load_all(golden_results)  # the shape is right
    known = {("cell", "mode"): ("graph", "eager", "function")}
    with pytest.raises(records.RecordError, match=r'cell\.mode is "lazy", which this tfmatrix does not know'):
        records.load_all(golden_results, known=known)
    found, problems = records.load_all(golden_results, skip_bad=True, known=known)
    assert len(found) == 15 and problems[0].startswith(f"{path}: cell.mode")


def test_what_tfmatrix_writes_passes_the_checks(golden_results, tmp_path):
    golden = records.load(golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json")
    failed = records.failure(golden["cell"], golden["requested"], "install_failed", "no such version")
    assert records.validate(failed, tmp_path / "r.json") is failed
    failed.update(error=None, started=None, evidence={"moving_variance": None, "update_ops": None})
    assert records.validate(failed, tmp_path / "r.json") is failed  # what may be null is allowed to be


def test_host_and_harness_share_one_contract():
    shared = ROOT / "experiments" / "_records.py"
    assert (ROOT / "src" / "tfmatrix" / "data" / "_records.py").resolve() == shared.resolve()
    for path in sorted((ROOT / "experiments").glob("*.py")):
        if path != shared:
            text = path.read_text(encoding="utf-8")
            assert "SCHEMA" not in text and "json.dumps(record" not in text, path.name
    # records.py takes the schema and the writer from the shared file, and binds them no other way
    found = bindings(ROOT / "src" / "tfmatrix" / "data" / "records.py", {"SCHEMA", "write"})
    assert found == {"SCHEMA": ["from ._records"], "write": ["from ._records"]}


def test_a_record_the_harness_writes_is_read_and_written_again_byte_for_byte(golden_results, tmp_path):
    """The experiment side in a process of its own, in an environment whose TensorFlow cannot be
    imported: its runner records why in the cell. The host loads that record and writes the same bytes."""
    stub = tmp_path / "no-tensorflow"
    stub.mkdir()
    (stub / "tensorflow.py").write_text('raise ImportError("no TensorFlow in this environment")\n')
    golden = records.load(golden_results / "venv" / "tf-1.12" / "tf_layers.positive.graph.default.json")
    out = tmp_path / "out"
    out.mkdir()
    runner = [sys.executable, str(ROOT / "experiments" / "_runner.py"), "--out", str(out)]
    command = [*runner, "--requested", json.dumps(golden["requested"]), golden["cell"]["id"]]
    variables = {**os.environ, "PYTHONPATH": str(stub)}
    subprocess.run(command, env=variables, capture_output=True, check=True, timeout=60)
    path = out / f"{golden['cell']['id']}.json"
    record = records.load(path)
    assert (record["status"], record["error"]["message"]) == ("raised", "no TensorFlow in this environment")
    assert (record["cell"], record["requested"]) == (golden["cell"], golden["requested"])
    records.write(tmp_path / "again.json", record)
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()
