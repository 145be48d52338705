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
    label="Keras, batch norm `trainable = False`",
    variants=("training_arg", "fit"),
    section="Frozen batch norm: does `trainable = False` keep the statistics?",
    about=(
        "Fine-tuning freezes layers with `layer.trainable = False`. TensorFlow 2.0's `BatchNormalization` "
        "docstring says a frozen layer runs in inference mode, keeping its moving statistics, "
        '"as of TensorFlow 2.0", and that in 1.* freezing "would not switch it to inference mode" '
        "([v2.0.0 normalization_v2.py#L49-L56](https://github.com/tensorflow/tensorflow/blob/v2.0.0/tensorflow/python/keras/layers/normalization_v2.py#L49-L56); "
        "the Keras guide [Transfer learning & fine-tuning](https://keras.io/guides/transfer_learning/) says the same). "
        "Experiment 7 is experiment 5's model with its batch-norm layer frozen, trained on the positives "
        "with `training=True` in its own loop or with `fit`.\n\n"
        "What the source does: up to 1.13 the eager layer assigns its moving averages as it runs, "
        "whatever `trainable` says "
        "([v1.13.1 normalization.py#L474-L480](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/keras/layers/normalization.py#L474-L480)); "
        "from 1.14 `add_update` skips the updates of a layer called in a frozen context, while the layer "
        "still normalises with the batch's statistics "
        "([v1.14.0 base_layer.py#L1048-L1053](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/keras/engine/base_layer.py#L1048-L1053)); "
        "from 2.0 the V2 layer turns `training` off when it is not trainable "
        "([v2.0.0 normalization.py#L630-L640](https://github.com/tensorflow/tensorflow/blob/v2.0.0/tensorflow/python/keras/layers/normalization.py#L630-L640)), "
        "as Keras 3 does (`if training and self.trainable`, "
        "[v3.15.1 batch_normalization.py#L363](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/layers/normalization/batch_normalization.py#L363)). "
        "In graph mode on 1.x the update ops exist but `Layer.updates` is empty for a layer that is not trainable, "
        "so `model.updates` wires none "
        "([v1.12.0 base_layer.py#L277-L278](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/base_layer.py#L277-L278)); "
        "on 2.x `disable_v2_behavior` leaves `tf.keras.layers.BatchNormalization` the V2 layer, which builds no update op."
    ),
)


def build(tf):
    model = keras_dynamic.build(tf)
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.BatchNormalization):
            layer.trainable = False
    return model


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
