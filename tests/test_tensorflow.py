"""Real TensorFlow: build one 1.x and one 2.x release (both Keras flavours) and run every cell.

Assertions state what the article (TF 1.12, graph + session) and the TF 2
documentation say must happen, never what a previous run printed.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from article import ARTICLE, ARTICLE_VARIANCE
from conftest import CATALOGUE, KERAS3, TF1, TF_KERAS, environment

from tfmatrix.data import history
from tfmatrix.matrix.outcome import decompose

pytestmark = pytest.mark.tensorflow
KERAS_EXPERIMENTS = ["3", "4", "3L", "4L", "5", "6"]
UPDATES = {"positive": 5, "positive+negative": 10}


def cells(matrix, env, mode="graph", variant="default"):
    environment(env)  # skips where this machine cannot run it
    rows = matrix[(matrix["env"] == env) & (matrix["mode"] == mode) & (matrix["variant"] == variant)]
    return {row.experiment: row for row in rows.itertuples()}


def outcomes(rows):
    return {
        exp: (row.outcome, None if pd.isna(row.bn_updates) else row.bn_updates) for exp, row in rows.items()
    }


@pytest.mark.parametrize("env", [TF1, TF_KERAS])
def test_graph_mode_reproduces_the_article(matrix, env):
    found = outcomes(cells(matrix, env))
    assert {exp: found[exp] for exp in ARTICLE} == ARTICLE


def test_tf_1_12_prints_the_article_variances(matrix):
    rows = cells(matrix, TF1)
    for experiment, variance in ARTICLE_VARIANCE.items():
        assert rows[experiment].moving_variance == pytest.approx(variance, abs=1e-7)


def test_tf_1_12_applies_tf_layers_updates_in_order_and_races_the_keras_ones(matrix):
    """The article's two numbers for positives + negatives, one shared layer with two update ops per step:
    tf.layers' run one after the other (0.99^10), the Keras model's read before either writes (0.98^5)."""
    rows = cells(matrix, TF1)
    assert decompose(rows["2"].moving_variance) == (10, 0)
    assert decompose(rows["6"].moving_variance) == (0, 5)
    assert (rows["6"].bn_updates, history.value(rows["6"])) == (10, "updated 10 raced 5")


def test_placeholder_failure_names_the_models_own_input(matrix):
    rows = cells(matrix, TF1)
    assert "placeholder tensor 'conv2d_input'" in rows["3"].error
    assert rows["3"].model_updates == 2 and rows["3"].update_ops == 0
    assert rows["6"].model_updates == 4


def test_summary_shapes(matrix):
    rows = cells(matrix, TF1)
    assert rows["3"].summary_shapes.startswith('["(None, 13, 13, 8)"')
    assert set(json.loads(rows["5"].summary_shapes)) == {"multiple"}


def test_trainable_flag_is_ignored_in_graph_mode(matrix):
    """The article: model.trainable = True instead of set_learning_phase(True) does not work."""
    rows = cells(matrix, TF1, variant="trainable_flag")
    # diverged: some runs of old releases end with NaN here (see test_docker).
    assert {rows[exp].outcome for exp in KERAS_EXPERIMENTS} <= {"not_updated", "placeholder", "diverged"}


def test_keras3_has_neither_tf_layers_nor_a_learning_phase(matrix):
    rows = cells(matrix, KERAS3)
    assert {exp: rows[exp].outcome for exp in ARTICLE} == dict.fromkeys(ARTICLE, "unavailable")
    assert "layers.Conv2D" in rows["1"].error
    assert "set_learning_phase" in rows["3"].error


@pytest.mark.parametrize("env", [KERAS3, TF_KERAS])
@pytest.mark.parametrize("mode", ["eager", "function"])
def test_tf2_training_true_updates_and_a_plain_call_does_not(matrix, env, mode):
    """TF 2 docs: BatchNormalization updates its statistics only when called with training=True."""
    trained = cells(matrix, env, mode, "training_arg")
    plain = cells(matrix, env, mode, "plain_call")
    for exp in KERAS_EXPERIMENTS:
        assert (trained[exp].outcome, trained[exp].bn_updates) == ("updated", UPDATES[trained[exp].data])
        assert plain[exp].outcome == "not_updated"


@pytest.mark.parametrize("env", [KERAS3, TF_KERAS])
@pytest.mark.parametrize("variant", ["fit", "train_on_batch"])
def test_keras_own_training_updates_the_statistics(matrix, env, variant):
    """The article and the TF 2 docs: fit and train_on_batch run the layer in training mode."""
    for mode in ("eager", "function"):
        rows = cells(matrix, env, mode, variant)
        for exp in KERAS_EXPERIMENTS:
            assert (rows[exp].outcome, rows[exp].bn_updates) == ("updated", UPDATES[rows[exp].data])


def test_tf_layers_train_eagerly_through_a_template(matrix):
    rows = cells(matrix, TF_KERAS, "eager", "training_arg")
    assert (rows["1"].outcome, rows["1"].bn_updates) == ("updated", 5)
    assert (rows["2"].outcome, rows["2"].bn_updates) == ("updated", 10)


def test_tf_1_12_has_no_tf_function_and_compiles_the_step_with_defun(matrix):
    """1.12 exports no tf.function; its era compiled a step with tf.contrib.eager.defun."""
    assert outcomes(cells(matrix, TF1, "eager", "training_arg"))["5"] == ("updated", 5)
    function = cells(matrix, TF1, "function", "training_arg")
    assert outcomes(function)["5"] == ("updated", 5)
    assert {json.loads(row.api).get("function") for row in function.values()} == {"tf.contrib.eager.defun"}
    fit = cells(matrix, TF1, "function", "fit")["5"]
    assert fit.outcome == "unavailable" and "defun" in fit.error  # Keras' own steps: not the caller's


def kernel_paths(matrix, env, inputs):
    trained = matrix["outcome"].isin(["updated", "not_updated"])  # the layer was built and called
    rows = matrix[(matrix["env"] == env) & matrix["input"].isin(inputs) & trained]
    return {json.loads(probes).get("bn_fused") for probes in rows["probes"]}


@pytest.mark.parametrize("env", [TF1, TF_KERAS])
def test_tf_keras_takes_the_fused_kernel_for_4d_input_only(matrix, env):
    """`fused` resolves to True only for 4-D input (v1.12.0 normalization.py, `_fused_can_be_used`)."""
    environment(env)
    assert kernel_paths(matrix, env, ["frozen"]) == {True}
    assert kernel_paths(matrix, env, ["dense", "dense_frozen"]) == {False}


def test_keras3_has_no_fused_flag(matrix):
    environment(KERAS3)
    [probed] = kernel_paths(matrix, KERAS3, ["dense", "frozen"])  # one answer, from cells that trained
    assert "has no attribute 'fused'" in str(probed)


def test_tf_1_12_frozen_batch_norm_updates_eagerly_on_the_fused_path_only(matrix):
    """v1.12.0 normalization.py: the fused kernel assigns whatever `trainable` says; the non-fused
    path returns early when eager and not trainable. Under defun both paths run their assigns."""
    eager = outcomes(cells(matrix, TF1, "eager", "training_arg"))
    assert (eager["7"], eager["7D"]) == (("updated", 5), ("not_updated", 0))
    compiled = outcomes(cells(matrix, TF1, "function", "training_arg"))
    assert (compiled["7"], compiled["7D"]) == (("updated", 5), ("updated", 5))


@pytest.mark.parametrize("mode", ["eager", "function"])
def test_tf2_frozen_batch_norm_keeps_its_statistics_on_both_paths(matrix, mode):
    """TF 2.0's BatchNormalization docstring: a frozen layer runs in inference mode."""
    rows = outcomes(cells(matrix, TF_KERAS, mode, "training_arg"))
    assert (rows["7"], rows["7D"]) == (("not_updated", 0), ("not_updated", 0))


def test_get_updates_for_is_graph_only(matrix):
    rows = cells(matrix, TF_KERAS, "eager", "get_updates_for")
    assert {row.outcome for row in rows.values()} == {"unavailable"}


def test_get_updates_for_avoids_the_placeholder(matrix):
    """The maintainers' answer to the placeholder failure (tensorflow#26322)."""
    rows = cells(matrix, TF_KERAS, "graph", "get_updates_for")
    assert outcomes({exp: rows[exp] for exp in ("3", "4", "5", "6")}) == {
        "3": ("updated", 5),
        "4": ("updated", 10),
        "5": ("updated", 5),
        "6": ("updated", 10),
    }


def test_every_release_mode_and_variant_has_a_row(matrix):
    for env in (TF1, KERAS3, TF_KERAS):
        environment(env)
    per_env = matrix.groupby("env").size().to_dict()
    assert per_env == dict.fromkeys((TF1, KERAS3, TF_KERAS), len(CATALOGUE.cells))


def test_observed_versions_are_the_requested_ones(matrix):
    for env in (TF1, KERAS3, TF_KERAS):
        environment(env)
    observed = [row for row in matrix.itertuples() if row.observed_tensorflow]
    assert {row.env for row in observed} == {TF1, KERAS3, TF_KERAS}
    for row in observed:
        assert row.observed_tensorflow == row.tensorflow
        assert row.observed_python.startswith(row.python + ".")
    packages = matrix.groupby("env")["keras_package"].unique().to_dict()
    assert {env: list(value) for env, value in packages.items()} == {
        TF1: ["tensorflow"],
        KERAS3: ["keras"],
        TF_KERAS: ["tf_keras"],
    }
