"""Experiments 3 and 4: does a Keras model whose first layer declares
input_shape update its batch-norm statistics in graph + session code?

The article (TF 1.12): no. model.updates depend on a placeholder of the
model's own: "You must feed a value for placeholder tensor 'conv2d_input'".
"""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, input_shape= on its first layer",
    ids={"positive": "3", "positive+negative": "4"},
    input="shape",
    label="Keras, `input_shape=`",
)


def build(tf):
    first = tf.keras.layers.Conv2D(8, (3, 3), strides=(2, 2), activation=tf.nn.relu, input_shape=(28, 28, 1))
    return _keras.sequential(tf, [first])


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
