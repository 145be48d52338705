"""The experiment side's pure parts, run on the host interpreter (no TensorFlow)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

EXPERIMENTS = ROOT / "experiments"
sys.path.insert(0, str(EXPERIMENTS))
import _harness  # noqa: E402


def test_every_script_is_in_the_cell_table():
    scripts = {path.stem for path in EXPERIMENTS.glob("[!_]*.py")}
    assert scripts == {script for script, _ in _harness.SCRIPTS}


def test_cells_cover_every_experiment_in_both_data_cases():
    cells = _harness.all_cells()
    assert {cell.experiment for cell in cells} == {"1", "2", "3", "4", "3L", "4L", "5", "6"}
    assert len({cell.id for cell in cells}) == len(cells)


def test_runner_lists_cells_without_tensorflow():
    output = subprocess.run(
        [sys.executable, str(EXPERIMENTS / "_runner.py"), "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = [json.loads(line) for line in output.splitlines()]
    assert [cell["id"] for cell in listed] == [cell.id for cell in _harness.all_cells()]
    assert listed[0] == _harness.Cell("tf_layers", "positive", "graph", "default").describe()


def test_cell_parse_refuses_unknown_cells():
    assert _harness.Cell.parse("keras_shape.positive.graph.default").experiment == "3"
    with pytest.raises(ValueError, match="unknown cell"):
        _harness.Cell.parse("keras_shape.negative.graph.default")


def test_feature_names_what_is_missing():
    class Module:
        pass

    with pytest.raises(_harness.Unavailable, match=r"tf\.keras\.backend \(AttributeError"):
        _harness.feature(Module(), "tf", "keras.backend")


def test_experiment_error_becomes_a_record():
    class NoTensorFlow:
        __version__ = "0"

    record = _harness.run_cell(NoTensorFlow(), _harness.Cell.parse("tf_layers.positive.graph.default"), {})
    assert record["status"] == "raised" and record["error"]["type"] == "AttributeError"
    assert record["cell"]["experiment"] == "1" and record["seconds"] >= 0


def test_every_experiment_has_an_expected_outcome():
    from article import ARTICLE

    assert {cell.experiment for cell in _harness.all_cells()} == set(ARTICLE)
