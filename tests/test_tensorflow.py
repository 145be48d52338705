"""Real TensorFlow: build one 1.x and one 2.x release (both Keras flavours) and run every cell."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from article import ARTICLE, ARTICLE_VARIANCE
from conftest import ROOT

from tfmatrix import records, releases, tidy
from tfmatrix.run import Layout, Options, run_all

pytestmark = pytest.mark.tensorflow
ENVS = ("tf-1.12", "tf-2.16-keras3", "tf-2.16-tf_keras")


@pytest.fixture(scope="module")
def matrix(tmp_path_factory) -> pd.DataFrame:
    root = tmp_path_factory.mktemp("checkout")
    (root / "experiments").symlink_to(ROOT / "experiments")
    layout = Layout(root, env_root=ROOT / ".tfmatrix" / "envs")
    envs = [env for env in releases.environments() if env.id in ENVS]
    results = run_all(envs, layout, Options(jobs=2))
    assert [result.failed for result in results] == [None] * len(ENVS)
    return tidy.frame(records.load_all(layout.results)[0])


def cells(matrix, env):
    rows = matrix[matrix["env"] == env]
    return {row.experiment: row for row in rows.itertuples()}


@pytest.mark.parametrize("env", ["tf-1.12", "tf-2.16-tf_keras"])
def test_graph_mode_reproduces_the_article(matrix, env):
    observed = {
        exp: (row.outcome, None if pd.isna(row.bn_updates) else row.bn_updates)
        for exp, row in cells(matrix, env).items()
    }
    assert observed == ARTICLE


def test_tf_1_12_prints_the_article_variances(matrix):
    rows = cells(matrix, "tf-1.12")
    for experiment, variance in ARTICLE_VARIANCE.items():
        assert rows[experiment].moving_variance == pytest.approx(variance, abs=1e-7)


def test_placeholder_failure_names_the_models_own_input(matrix):
    rows = cells(matrix, "tf-1.12")
    assert "placeholder tensor 'conv2d_input'" in rows["3"].error
    assert rows["3"].model_updates == 2 and rows["3"].update_ops == 0
    assert rows["6"].model_updates == 4


def test_summary_shapes(matrix):
    rows = cells(matrix, "tf-1.12")
    assert rows["3"].summary_shapes.startswith('["(None, 13, 13, 8)"')
    assert set(json.loads(rows["5"].summary_shapes)) == {"multiple"}


def test_keras3_has_neither_tf_layers_nor_a_learning_phase(matrix):
    rows = cells(matrix, "tf-2.16-keras3")
    assert {exp: row.outcome for exp, row in rows.items()} == dict.fromkeys(ARTICLE, "unavailable")
    assert "layers.Conv2D" in rows["1"].error
    assert "set_learning_phase" in rows["3"].error


def test_observed_versions_are_the_requested_ones(matrix):
    for row in matrix.itertuples():
        assert row.observed_tensorflow == row.tensorflow
        assert row.observed_python.startswith(row.python + ".")
    packages = matrix.groupby("env")["keras_package"].unique().to_dict()
    assert {env: list(value) for env, value in packages.items()} == {
        "tf-1.12": ["tensorflow"],
        "tf-2.16-keras3": ["keras"],
        "tf-2.16-tf_keras": ["tf_keras"],
    }
