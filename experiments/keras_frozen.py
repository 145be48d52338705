"""Experiment 7: does a batch-norm layer frozen with `trainable = False` still
update its moving statistics when the model trains with training=True?

The BatchNormalization docstring of TF 2.0 says a frozen layer runs in
inference mode "as of TensorFlow 2.0", while in 1.* it "would freeze the
layer but would not switch it to inference mode"; the Keras guide to
fine-tuning says a frozen layer does not update its statistics. The model is
experiment 5's (no input shape, so graph mode has no placeholder of its own),
its batch-norm layer frozen before the first call.
"""

import sys

import _harness
import _keras
import keras_dynamic

EXPERIMENT = _harness.Experiment(
    title="Keras model, batch norm frozen with trainable = False",
    ids={"positive": "7"},
    input="frozen",
    label="Keras conv model, batch norm `trainable = False`",
    variants=("training_arg", "fit"),
    section="Frozen batch norm: does `trainable = False` keep the statistics?",
    about=(
        "Fine-tuning freezes layers with `layer.trainable = False`. TensorFlow 2.0's `BatchNormalization` "
        "docstring says a frozen layer runs in inference mode, keeping its moving statistics, "
        '"as of TensorFlow 2.0", and that in 1.* freezing "would not switch it to inference mode" '
        "([v2.0.0 normalization_v2.py#L49-L56](https://github.com/tensorflow/tensorflow/blob/v2.0.0/tensorflow/python/keras/layers/normalization_v2.py#L49-L56); "
        "the Keras guide [Transfer learning & fine-tuning](https://keras.io/guides/transfer_learning/) says the same). "
        "Experiment 7 is experiment 5's model with its batch-norm layer frozen, trained on the positives "
        "with `training=True` in its own loop or with `fit`; experiment 7D freezes the batch norm of "
        "experiment 5D's model, after a `Dense` layer, where tf.keras takes the non-fused kernel. "
        "Why each release does what it does, path by path: the causes below."
    ),
)


def build(tf):
    return freeze(tf, keras_dynamic.build(tf))


def freeze(tf, model):
    """The model, its batch-norm layer frozen before the first call."""
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.BatchNormalization):
            layer.trainable = False
    return model


def experiment(tf, cell, evidence):
    _keras.experiment_on_path(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
