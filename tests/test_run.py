"""Incremental runs: a record is reused only when its environment and experiment code are unchanged."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT

from tfmatrix.data import records
from tfmatrix.run import runner as run

CELL = "tf_layers.positive.graph.default"


def test_inputs_digest_follows_the_experiment_code(tmp_path):
    shutil.copytree(ROOT / "experiments", tmp_path / "experiments")
    before = run.inputs_digest(tmp_path / "experiments")
    assert run.inputs_digest(tmp_path / "experiments") == before
    (tmp_path / "experiments" / "keras_shape.py").write_text("# changed\n", encoding="utf-8")
    assert run.inputs_digest(tmp_path / "experiments") != before


def stamp(out, requested, status="ok"):
    path = out / f"{CELL}.json"
    record = json.loads(path.read_text())
    record.update(requested={**record["requested"], **requested}, status=status)
    records.write(path, record)


def test_only_records_of_the_same_inputs_are_reused(golden_results):
    out = golden_results / "venv" / "tf-1.12"
    cells = [{"id": CELL}, {"id": "keras_shape.positive.graph.default"}]
    requested = {"env": "tf-1.12", "inputs": "abc"}
    stamp(out, requested)
    requested = records.load(out / f"{CELL}.json")["requested"]
    assert run.reusable(out, cells, requested) == {CELL}
    assert run.reusable(out, cells, {**requested, "inputs": "def"}) == set()


def test_crashed_and_missing_cells_are_run_again(golden_results):
    out = golden_results / "venv" / "tf-1.12"
    requested = {"env": "tf-1.12", "inputs": "abc"}
    stamp(out, requested, status="crash")
    assert run.reusable(out, [{"id": CELL}, {"id": "nonexistent"}], requested) == set()
