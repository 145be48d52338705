"""Experiments 3L and 4L: the same question as 3 and 4, with the input shape
declared by an explicit InputLayer instead of the input_shape argument.

The article says the two spellings are equivalent, so it expects the same
placeholder failure.
"""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, an explicit InputLayer",
    ids={"positive": "3L", "positive+negative": "4L"},
    input="layer",
    label="Keras, `InputLayer`",
)


def build(tf):
    layers = tf.keras.layers
    first = [
        layers.InputLayer((28, 28, 1)),
        layers.Conv2D(8, (3, 3), strides=(2, 2), activation=tf.nn.relu),
    ]
    return _keras.sequential(tf, first)


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
