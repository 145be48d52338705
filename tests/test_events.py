"""What a worker leaves behind, made into records the next run can reuse."""

from __future__ import annotations

import json
import shutil

from conftest import DATA

from tfmatrix.data import records
from tfmatrix.run import events


def worker_record(tmp_path):
    """A real record as the worker writes it, before the host adds its script's inputs digest."""
    source = sorted((DATA / "records" / "venv" / "tf-1.12").glob("*.json"))[0]
    path = tmp_path / source.name
    shutil.copy(source, path)
    record = json.loads(path.read_text(encoding="utf-8"))
    record["requested"].pop("inputs", None)
    path.write_text(json.dumps(record), encoding="utf-8")
    return path, record


def test_a_record_written_as_the_run_stopped_is_stamped_for_reuse(tmp_path):
    path, record = worker_record(tmp_path)
    cell = {"id": path.stem, "script": record["cell"]["script"]}
    events.settle(tmp_path, [cell], record["requested"], {record["cell"]["script"]: "0123abcd"})
    assert records.load(path)["requested"] == {**record["requested"], "inputs": "0123abcd"}


def test_a_record_of_another_worker_is_left_as_it_is(tmp_path):
    path, record = worker_record(tmp_path)
    cell = {"id": path.stem, "script": record["cell"]["script"]}
    before = path.read_bytes()
    other = {**record["requested"], "python": "3.99"}
    events.settle(tmp_path, [cell, {"id": "missing", "script": "x.py"}], other, {cell["script"]: "0123abcd"})
    assert path.read_bytes() == before
