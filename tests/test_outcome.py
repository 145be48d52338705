from __future__ import annotations

import json

import pytest
from conftest import DATA

from tfmatrix.matrix import outcome
from tfmatrix.matrix.outcome import Failure, Outcome, bn_updates, classify, decompose


@pytest.mark.parametrize(
    ("variance", "updates"),
    [
        ([0.95099014] * 8, 5),  # the article's experiments 1 and 5
        ([0.90438217] * 8, 10),  # experiment 2: two update ops a step
        ([0.90392077] * 8, 10),  # experiment 6: the same, applied concurrently
        ([1.0] * 8, 0),
        (None, None),
        ([], None),
        ([1.5], None),
        ([0.0], None),
    ],
)
def test_bn_updates_inverts_the_momentum(variance, updates):
    assert bn_updates(variance) == updates


def record(status="ok", error=None, variance=None):
    evidence = {} if variance is None else {"moving_variance": variance}
    return {"status": status, "error": error, "evidence": evidence}


def evidence(**found):
    return {"status": "ok", "error": None, "evidence": found}


@pytest.mark.parametrize(
    ("given", "outcome"),
    [
        (record(variance=[0.95099014]), Outcome.UPDATED),
        (record(variance=[1.0]), Outcome.NOT_UPDATED),
        (
            record(
                "raised",
                {
                    "type": "InvalidArgumentError",
                    "message": "You must feed a value for placeholder tensor 'x'",
                },
            ),
            Outcome.PLACEHOLDER,
        ),
        (
            record("raised", {"type": "Unavailable", "message": "tf.compat.v1.layers.Conv2D"}),
            Outcome.UNAVAILABLE,
        ),
        (record("raised", {"type": "ValueError", "message": "boom"}, [0.95]), Outcome.ERROR),
        (record("crash", {"type": "crash", "message": "killed by signal SIGSEGV"}), Outcome.CRASH),
        (record("timeout", {"type": "timeout", "message": "no result"}), Outcome.TIMEOUT),
        (record("install_failed", {"type": "install_failed", "message": "no wheel"}), Outcome.INSTALL_FAILED),
        (record(), Outcome.ERROR),
        (record(variance=[float("nan"), 0.9]), Outcome.DIVERGED),
        # The committed 2.1 row of experiment 5 / trainable_flag: variance untouched, NaN in the mean.
        (evidence(moving_variance=[1.0] * 8, moving_mean=[0.0] * 4 + [float("nan")] * 4), Outcome.DIVERGED),
        (evidence(moving_variance=[1.0], moving_mean=[0.0], losses=[0.69, float("inf")]), Outcome.DIVERGED),
        (evidence(moving_variance=[1.0], moving_mean=[0.0], losses=[0.69, 0.68]), Outcome.NOT_UPDATED),
    ],
)
def test_classify(given, outcome):
    assert classify(given) is outcome


@pytest.mark.parametrize(
    ("variance", "parts"),
    [
        (0.95099014, (5, 0)),  # the article: 5 updates
        (0.90438217, (10, 0)),  # the article's tf.layers: 10 in order
        (0.90392077, (0, 5)),  # the article's Keras model: 5 raced pairs
        (0.9042899, (8, 1)),  # published mixes
        (0.90419757, (6, 2)),
        (1.0, (0, 0)),
        (0.905, None),  # between 0.99^10 and a raced pair: shown as measured
        (float("nan"), None),
        (None, None),
    ],
)
def test_decompose_finds_updates_in_order_and_raced_pairs(variance, parts):
    assert decompose(variance) == parts


def golden(env, cell):
    return json.loads((DATA / "records" / "venv" / env / f"{cell}.json").read_text())


def test_golden_records_of_the_article_release():
    outcomes = {
        "tf_layers.positive.graph.default": Outcome.UPDATED,
        "keras_shape.positive.graph.default": Outcome.PLACEHOLDER,
        "keras_layer.positive+negative.graph.default": Outcome.PLACEHOLDER,
        "keras_dynamic.positive+negative.graph.default": Outcome.UPDATED,
    }
    assert {cell: classify(golden("tf-1.12", cell)) for cell in outcomes} == outcomes


def test_golden_keras3_record_is_unavailable():
    assert classify(golden("tf-2.16-keras3", "tf_layers.positive.graph.default")) is Outcome.UNAVAILABLE


def test_a_status_that_names_an_outcome_is_that_outcome():
    assert [classify(record(status)) for status in ("crash", "timeout", "install_failed")] == [
        Outcome.CRASH,
        Outcome.TIMEOUT,
        Outcome.INSTALL_FAILED,
    ]


def test_failures_are_read_from_the_table():
    unexpected = outcome.names(Failure.UNEXPECTED, Failure.INSTALL)
    assert unexpected == ["error", "crash", "timeout", "install_failed"]
    assert outcome.names(Failure.INSTALL) == ["install_failed"]
    assert outcome.names(Failure.KNOWN) == ["placeholder", "unavailable"]
