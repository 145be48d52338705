"""The experiment side's pure parts, run on the host interpreter (no TensorFlow)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

EXPERIMENTS = ROOT / "experiments"
sys.path.insert(0, str(EXPERIMENTS))
import _catalogue  # noqa: E402
import _harness  # noqa: E402


def test_every_script_declares_itself():
    scripts = {path.stem for path in EXPERIMENTS.glob("[!_]*.py")}
    assert set(_catalogue.catalogue()) == scripts


def test_the_articles_experiments_come_first_in_its_order():
    cells = _catalogue.all_cells()
    article = [e for e in _catalogue.catalogue().values() if e.section == _catalogue.ARTICLE]
    order = list(dict.fromkeys(cell.experiment for cell in cells))
    assert order[:8] == ["1", "2", "3", "4", "3L", "4L", "5", "6"]
    assert [experiment_id for e in article for experiment_id in e.ids.values()] == order[:8]
    assert len({cell.id for cell in cells}) == len(cells)


def test_experiment_ids_sort_by_number():
    assert sorted(["10", "3L", "2", "3"], key=_catalogue.id_key) == ["2", "3", "3L", "10"]


def test_a_declaration_outside_the_vocabulary_is_refused():
    with pytest.raises(ValueError, match="unknown variant \\['fine_tune'\\]; choose from default"):
        _harness.Experiment("t", {"positive": "9"}, "x", "x", variants=("fine_tune",))
    with pytest.raises(ValueError, match="unknown data case"):
        _harness.Experiment("t", {"negative": "9"}, "x", "x")


def test_runner_lists_cells_without_tensorflow():
    output = subprocess.run(
        [sys.executable, str(EXPERIMENTS / "_runner.py"), "--list"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = json.loads(output)
    assert [cell["id"] for cell in listed["cells"]] == [cell.id for cell in _catalogue.all_cells()]
    assert listed["cells"][0] == _catalogue.Cell("tf_layers", "positive", "graph", "default").describe()
    assert [name for name, _ in listed["variants"]] == [name for name, _ in _catalogue.VARIANTS]
    assert [e["script"] for e in listed["experiments"]] == list(_catalogue.catalogue())


def test_cell_parse_refuses_unknown_cells():
    assert _catalogue.Cell.parse("keras_shape.positive.graph.default").experiment == "3"
    with pytest.raises(ValueError, match="unknown cell"):
        _catalogue.Cell.parse("keras_shape.negative.graph.default")


def test_feature_names_what_is_missing():
    class Module:
        pass

    with pytest.raises(_harness.Unavailable, match=r"tf\.keras\.backend \(AttributeError"):
        _harness.feature(Module(), "tf", "keras.backend")


def test_experiment_error_becomes_a_record():
    class NoTensorFlow:
        __version__ = "0"

    record = _harness.run_cell(NoTensorFlow(), _catalogue.Cell.parse("tf_layers.positive.graph.default"), {})
    assert record["status"] == "raised" and record["error"]["type"] == "AttributeError"
    assert record["cell"]["experiment"] == "1" and record["seconds"] >= 0


def test_every_experiment_of_the_article_has_its_printed_outcome():
    from article import ARTICLE

    article = {cell.experiment for cell in _catalogue.all_cells() if cell.section == _catalogue.ARTICLE}
    assert article == set(ARTICLE)
