"""Experiment 7D: experiment 7's frozen batch norm, after a Dense layer (2-D input).

Experiment 7 freezes the batch norm of the article's conv model, which takes
the fused kernel; here it is experiment 5D's, which takes the non-fused path,
so each release's answer can be read for both kernel paths.
"""

import sys

import _harness
import _keras
import keras_dense
import keras_frozen

EXPERIMENT = _harness.Experiment(
    title="Keras model, batch norm after a Dense layer, frozen with trainable = False",
    ids={"positive": "7D"},
    input="dense_frozen",
    label="Keras `Dense` model, batch norm `trainable = False`",
    variants=keras_frozen.EXPERIMENT.variants,
    model="dense",
    section=keras_frozen.EXPERIMENT.section,
)


def build(tf):
    return keras_frozen.freeze(tf, keras_dense.build(tf))


def experiment(tf, cell, evidence):
    _keras.experiment_on_path(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
