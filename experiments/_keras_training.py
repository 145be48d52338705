"""Keras' own training, model.fit and model.train_on_batch, in every mode.

Graph mode runs Keras' TF1 session loop; in the eager modes run_eagerly picks
eager steps (mode eager) or Keras' compiled tf.function steps (mode function).
"""

import inspect

import numpy as np

import _data
import _eager
import _graph
import _probes
from _harness import Unavailable, feature


def experiment(tf, cell, build, evidence):
    if _graph.is_graph(cell):
        v1 = _graph.enter_graph_mode(tf, cell, evidence)
    else:
        _eager.enter_eager_mode(tf, cell, evidence)
    model = build(tf)
    compile_model(tf, model, cell, evidence)
    if cell.variant == "fit":
        fit(tf, model, cell, evidence)
    else:
        evidence["losses"] = [
            float(np.ravel(model.train_on_batch(x, y))[0])
            for batches in _data.numpy_steps(cell.data)
            for x, y in batches
        ]
    _probes.inbound_nodes(model, evidence)
    if _graph.is_graph(cell):
        _probes.learning_phase_fed(tf, model, evidence)
    stats = _graph.bn_variables(model.variables)
    if _graph.is_graph(cell):  # the values live in Keras' own session
        stats = feature(tf, "tf", "keras.backend.batch_get_value")(list(stats))
    _eager.read_statistics(stats, evidence)
    if _graph.is_graph(cell):
        # Keras' own session: a probe never decides the cell, so a failure to find it is its value.
        run = lambda *args: v1.keras.backend.get_session().run(*args)  # noqa: E731
        _probes.inference_kernel(tf, v1, run, evidence)


def loss(tf):
    """Sigmoid cross-entropy on logits, the labels cast as the graph-mode loss does."""
    return lambda labels, logits: _eager.sigmoid_loss(tf, labels, logits)


def optimizers(tf, cell, evidence):
    """Plain gradient descent at 1e-3 under both spellings, the one the mode prefers first."""
    v1 = _graph.v1_api(tf, evidence)
    choices = [
        (
            "tf.compat.v1.train.GradientDescentOptimizer",
            lambda: v1.train.GradientDescentOptimizer(_eager.LEARNING_RATE),
        ),
        ("tf.keras.optimizers.SGD", lambda: tf.keras.optimizers.SGD(_eager.LEARNING_RATE)),
    ]
    # Keras trains eagerly only with an optimizer that has apply_gradients (OptimizerV2).
    keras_first = not _graph.is_graph(cell) and hasattr(tf.keras.optimizers.SGD, "apply_gradients")
    return choices[::-1] if keras_first else choices


def compile_model(tf, model, cell, evidence):
    """Compile with the first optimizer Keras accepts; run_eagerly picks eager or tf.function steps."""
    refused = []
    for name, make in optimizers(tf, cell, evidence):
        try:
            model.compile(make(), loss=loss(tf))
        except (ValueError, TypeError, NotImplementedError) as exc:
            refused.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
            if len(refused) == 2:
                raise
            continue
        evidence["api"]["optimizer"] = name
        break
    if refused:
        evidence["api"]["optimizer_refused"] = refused[0]
    if _graph.is_graph(cell):
        return
    if run_eagerly_settable(model):
        model.run_eagerly = cell.mode == "eager"
        evidence["api"]["run_eagerly"] = str(model.run_eagerly)
    elif cell.mode == "function":
        raise Unavailable(
            "Model.run_eagerly: Keras cannot compile its steps into functions here "
            "(tf.contrib.eager.defun compiles a step the caller writes, not Keras' own)"
        )
    else:
        evidence["api"]["run_eagerly"] = "implicit"


def run_eagerly_settable(model):
    """Whether Keras lets the caller choose eager or tf.function training steps."""
    if isinstance(getattr(type(model), "run_eagerly", None), property):
        return True
    return "run_eagerly" in inspect.signature(model.compile).parameters


def fit(tf, model, cell, evidence):
    """One epoch over the positives (then the negatives), in batches of 10."""
    data = _data.dataset(tf, 1.0)
    if cell.data == "positive+negative":
        data = data.concatenate(_data.dataset(tf, 0.0))
    steps = _data.IMAGES // _data.BATCH_SIZE * (2 if cell.data == "positive+negative" else 1)
    history = model.fit(data, epochs=1, steps_per_epoch=steps, verbose=0)
    evidence["losses"] = [float(value) for value in history.history["loss"]]
