"""Experiments 5 and 6: does a Keras model with no declared input shape update
its batch-norm statistics in graph + session code?

The article (TF 1.12): yes; 5 updates on positives, and the shared model
creates update ops for each input, like tf.layers. The summary then shows
"multiple" instead of output shapes.
"""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, no input shape",
    ids={"positive": "5", "positive+negative": "6"},
    input="dynamic",
    label="Keras, no input shape",
)


def build(tf):
    first = tf.keras.layers.Conv2D(8, (3, 3), strides=(2, 2), activation=tf.nn.relu)
    return _keras.sequential(tf, [first])


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
