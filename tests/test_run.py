"""Incremental runs: a record is reused only when its environment and the code its script loads are unchanged."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from conftest import ROOT, TF1, environment
from test_catalogue import NEW

from tfmatrix.data import records
from tfmatrix.matrix import catalogue, inputs
from tfmatrix.run import runner as run
from tfmatrix.run.environment import reusable, run_env
from tfmatrix.run.progress import Progress

CELL = "tf_layers.positive.graph.default"
OTHER = "keras_shape.positive.graph.default"
CELLS = [{"id": CELL, "script": "tf_layers"}, {"id": OTHER, "script": "keras_shape"}]
KNOWN = inputs.Inputs({"tf_layers": "abc", "keras_shape": "xyz"}, legacy="old")


def stamp(out, requested, status="ok"):
    path = out / f"{CELL}.json"
    record = json.loads(path.read_text())
    record.update(requested={**record["requested"], **requested}, status=status)
    records.write(path, record)
    return {name: value for name, value in record["requested"].items() if name != "inputs"}


def test_only_records_of_the_same_inputs_are_reused(golden_results):
    out = golden_results / "venv" / "tf-1.12"
    spec = stamp(out, {"env": "tf-1.12", "inputs": "abc"})
    assert set(reusable(out, CELLS, spec, KNOWN)) == {CELL}
    changed = inputs.Inputs({**KNOWN.digests, "tf_layers": "def"}, legacy="old")
    assert reusable(out, CELLS, spec, changed) == {}
    assert reusable(out, CELLS, {**spec, "env": "tf-1.13"}, KNOWN) == {}


def test_a_record_of_the_legacy_digest_of_todays_folder_is_reused(golden_results):
    out = golden_results / "venv" / "tf-1.12"
    spec = stamp(out, {"env": "tf-1.12", "inputs": "old"})
    assert set(reusable(out, CELLS, spec, KNOWN)) == {CELL}
    # given its script's own digest while the folder is the one the legacy digest was taken of
    assert records.load(out / f"{CELL}.json")["requested"]["inputs"] == "abc"
    spec = stamp(out, {"env": "tf-1.12", "inputs": "older"})
    assert reusable(out, CELLS, spec, KNOWN) == {}


def test_crashed_and_missing_cells_are_run_again(golden_results):
    out = golden_results / "venv" / "tf-1.12"
    spec = stamp(out, {"env": "tf-1.12", "inputs": "abc"}, status="crash")
    assert reusable(out, [*CELLS, {"id": "nonexistent", "script": "tf_layers"}], spec, KNOWN) == {}


def started(layout, env):
    """Each record's start, by cell."""
    found = layout.results / env.backend / env.id
    return {path.stem: records.load(path)["started"] for path in found.glob("*.json")}


@pytest.mark.tensorflow
def test_adding_or_editing_an_experiment_reruns_only_its_cells(tmp_path):
    """Real runs: a new experiment file runs its own cells only; an edited one, its own cells only."""
    env = environment(TF1)  # built already by the tests of real runs; the fastest to import
    shutil.copytree(ROOT / "experiments", tmp_path / "experiments")
    layout = run.Layout(tmp_path, env_root=ROOT / ".tfmatrix" / "envs")
    quiet = Progress(total=0, stream=io.StringIO())
    first = [cell for cell in run.list_cells(layout) if cell["mode"] == "eager" and cell["variant"] == "fit"]
    first = [cell for cell in first if cell["data"] == "positive"]
    scripts = {cell["script"] for cell in run.list_cells(layout) if cell["data"] == "positive"}
    assert {cell["script"] for cell in first} == scripts and len(first) == len(scripts)  # one cell of each
    [result] = run.run_all([env], layout, run.Options(jobs=1), first)
    assert (result.failed, result.reused_cells) == (None, 0)
    before = started(layout, env)

    (tmp_path / "experiments" / "keras_narrow.py").write_text(NEW, encoding="utf-8")
    catalogue._listed.cache_clear()  # a process reads a folder's catalogue once; this one changed
    added = [cell for cell in run.list_cells(layout) if cell["script"] == "keras_narrow"]
    result = run_env(env, first + added, layout, run.Options(jobs=1), quiet)
    assert (result.reused_cells, result.cells) == (len(first), len(first) + len(added))
    after = started(layout, env)
    assert {cell: after[cell] for cell in before} == before  # no other cell ran again
    assert set(after) - set(before) == {cell["id"] for cell in added}

    with open(tmp_path / "experiments" / "keras_layer.py", "a", encoding="utf-8") as script:
        script.write("# edited\n")
    result = run_env(env, first + added, layout, run.Options(jobs=1), quiet)
    again = started(layout, env)
    moved = {cell for cell in again if again[cell] != after[cell]}
    assert moved == {cell["id"] for cell in first if cell["script"] == "keras_layer"}
    out = layout.results / env.backend / env.id
    digests = {records.load(out / f"{cell}.json")["requested"]["inputs"] for cell in again}
    assert len(digests) == len({cell["script"] for cell in first + added})  # one digest per script
