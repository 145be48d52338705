"""The article's input pipeline: 50 white and 50 black 28x28x1 images, batches of 10."""

import numpy as np

from _harness import Unavailable

BATCH_SIZE = 10
IMAGES = 50


def images(value):
    """50 constant images and their labels (1 for white, 0 for black)."""
    features = np.zeros((IMAGES, 28, 28, 1), dtype=np.float32) + value
    labels = np.int8(np.zeros((IMAGES, 1)) + value)
    return features, labels


def dataset(tf, value):
    """One pass over the images in batches of 10, with prefetch, as the article builds it."""
    data = tf.data.Dataset.from_tensor_slices(images(value))
    return data.repeat(1).batch(BATCH_SIZE).prefetch(1)


def one_shot(tf, v1, value, evidence):
    """Graph mode: the next batch of a one-shot iterator, under this release's spelling."""
    data = dataset(tf, value)
    if hasattr(getattr(v1, "data", None), "make_one_shot_iterator"):
        evidence["api"]["iterator"] = "tf.compat.v1.data.make_one_shot_iterator"
        return v1.data.make_one_shot_iterator(data).get_next()
    if hasattr(data, "make_one_shot_iterator"):
        evidence["api"]["iterator"] = "Dataset.make_one_shot_iterator"
        return data.make_one_shot_iterator().get_next()
    raise Unavailable(
        "one-shot iterator: neither tf.compat.v1.data.make_one_shot_iterator "
        "nor Dataset.make_one_shot_iterator"
    )


def eager_batches(tf, value, evidence):
    """Eager modes: the batches, by iterating the dataset where it is iterable."""
    data = dataset(tf, value)
    try:
        batches = iter(data)
        evidence["api"]["iterator"] = "iter(Dataset)"
    except (TypeError, RuntimeError):
        batches = tf.contrib.eager.Iterator(data)
        evidence["api"]["iterator"] = "tf.contrib.eager.Iterator"
    return list(batches)


def eager_steps(tf, data, evidence):
    """Eager modes: per step, the positive batch (and the negative one)."""
    values = (1.0, 0.0) if data == "positive+negative" else (1.0,)
    return list(zip(*[eager_batches(tf, value, evidence) for value in values]))


def numpy_steps(data):
    """train_on_batch: per step, the same batches as numpy arrays."""
    values = (1.0, 0.0) if data == "positive+negative" else (1.0,)
    pairs = [images(value) for value in values]
    return [
        [(x[i : i + BATCH_SIZE], y[i : i + BATCH_SIZE]) for x, y in pairs]
        for i in range(0, IMAGES, BATCH_SIZE)
    ]
