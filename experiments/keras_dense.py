"""Experiments 5D and 6D: experiments 5 and 6 with the batch norm after a Dense layer.

The article's model normalises a convolution's 4-D output, where tf.keras'
BatchNormalization takes the fused kernel (before Keras 3); a model that puts
batch norm after a Dense layer normalises 2-D input and takes the non-fused
path. Same data, calls and training as 5 and 6 (no input shape); the kernel
path each cell's layer took is recorded as the probes bn_fused and bn_fused_ops.
"""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, batch norm after a Dense layer (2-D input), no input shape",
    ids={"positive": "5D", "positive+negative": "6D"},
    input="dense",
    label="Keras, no input shape",  # the section and the model name the `Dense` layer
    model="dense",
    section="Batch norm after a `Dense` layer: the non-fused kernel",
    about=(
        "The article's model puts batch norm on a convolution's 4-D output, where tf.keras' "
        "`BatchNormalization` takes the fused kernel (`fused` resolves to True; Keras 3 has no fused kernel). "
        "Many models put it after a `Dense` layer, on 2-D input, where the layer takes the non-fused path. "
        "Experiments 5D and 6D are experiments 5 and 6 (no input shape) with the model "
        "`Flatten` → `Dense(8, relu)` → `BatchNormalization` → `Dense(1)`, in every mode and variant; "
        "each record names the path its layer took (probes `bn_fused`, and in graph mode `bn_fused_ops`, "
        "the fused-kernel ops built in the layer's scope)."
    ),
)


def build(tf):
    layers = tf.keras.layers
    return tf.keras.Sequential(
        [
            layers.Flatten(),
            layers.Dense(8, activation=tf.nn.relu),
            layers.BatchNormalization(),
            layers.Dense(1),
        ]
    )


def experiment(tf, cell, evidence):
    _keras.experiment_on_path(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
