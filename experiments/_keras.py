"""The article's Keras classifier, trained in every mode and variant."""

import re

import _data
import _eager
import _graph
import _probes
from _harness import Unavailable, feature

SHAPE = re.compile(r"\((?:None|\d+)(?:, *(?:None|\d+))*,?\)|multiple")
KERAS_TRAINING = ("fit", "train_on_batch")


def sequential(tf, first):
    """The classifier's layer stack after its first layer(s)."""
    layers = tf.keras.layers
    return tf.keras.Sequential(
        first
        + [
            layers.BatchNormalization(),
            layers.Conv2D(1, (3, 3), strides=(2, 2), activation=tf.nn.relu),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )


def experiment(tf, cell, build, evidence):
    """Dispatch on the cell: Keras' own training, graph + session, or a gradient tape."""
    if cell.variant in KERAS_TRAINING:
        import _keras_training

        return _keras_training.experiment(tf, cell, build, evidence)
    if _graph.is_graph(cell):
        return graph_experiment(tf, cell, build, evidence)
    return eager_experiment(tf, cell, build, evidence)


def experiment_on_path(tf, cell, build, evidence):
    """experiment(), then the batch-norm kernel path the model's layer took, as a probe."""
    built = []

    def keep(tf):
        built.append(build(tf))
        return built[-1]

    try:
        experiment(tf, cell, keep, evidence)
    finally:
        if built:
            _probes.kernel_path(tf, built[-1], evidence)


def prepare(tf, cell, build):
    """The model, with the training switch the variant uses before calling it."""
    if cell.variant in ("default", "get_updates_for"):
        feature(tf, "tf", "keras.backend.set_learning_phase")(True)
    model = build(tf)
    if cell.variant == "trainable_flag":
        model.trainable = True
    return model


def call(model, cell, inputs):
    return model(inputs, training=True) if cell.variant == "training_arg" else model(inputs)


def graph_experiment(tf, cell, build, evidence):
    """The article's main_keras: train through the model's update ops in a session."""
    v1 = _graph.enter_graph_mode(tf, cell, evidence)
    model = prepare(tf, cell, build)
    positive, positive_labels = _data.one_shot(tf, v1, 1.0, evidence)
    negative, negative_labels = _data.one_shot(tf, v1, 0.0, evidence)
    inputs = [positive]
    loss = v1.losses.sigmoid_cross_entropy(positive_labels, call(model, cell, positive))
    if cell.data == "positive+negative":
        inputs.append(negative)
        loss += v1.losses.sigmoid_cross_entropy(negative_labels, call(model, cell, negative))
    summary_shapes(model, evidence)
    evidence["update_ops"] = len(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
    updates = evidence_updates(model, cell, inputs, evidence)
    _probes.graph_updates(model, updates, evidence)
    _probes.inbound_nodes(model, evidence)
    with v1.control_dependencies(updates):
        train_op = v1.train.GradientDescentOptimizer(_graph.LEARNING_RATE).minimize(loss)
    stats = _graph.bn_variables(model.variables)
    kernel = [lambda run: _probes.inference_kernel(tf, v1, run, evidence)]
    _graph.train(tf, v1, loss, train_op, stats, evidence, probes=kernel)


def evidence_updates(model, cell, inputs, evidence):
    """The update ops the train op waits for: model.updates, or get_updates_for each input."""
    updates = feature(model, "model", "updates")
    evidence["model_updates"] = len(updates)
    if cell.variant == "get_updates_for":
        get_updates_for = feature(model, "model", "get_updates_for")
        updates = [op for tensor in inputs for op in get_updates_for(tensor)]
    evidence["wired_updates"] = len(updates)
    return updates


def eager_experiment(tf, cell, build, evidence):
    """The same model and data, trained with a gradient tape, eagerly or in a tf.function."""
    _eager.enter_eager_mode(tf, cell, evidence)
    if cell.variant == "get_updates_for":
        raise Unavailable(
            "model.get_updates_for: a graph-mode API; eager layers apply their updates when called"
        )
    model = prepare(tf, cell, build)
    try:
        _eager.train(tf, cell, lambda x: call(model, cell, x), lambda: model.trainable_weights, evidence)
    except Exception:
        record_model(model, evidence, best_effort=True)
        raise
    record_model(model, evidence)


def record_model(model, evidence, best_effort=False):
    """The summary and the moving statistics; after a failure, whatever can be read."""
    try:
        summary_shapes(model, evidence)
        _probes.inbound_nodes(model, evidence)
        _eager.read_statistics(_graph.bn_variables(model.variables), evidence)
    except Exception as exc:
        if not best_effort:
            raise
        evidence["statistics_error"] = f"{type(exc).__name__}: {exc}"


def summary_shapes(model, evidence):
    """The output shapes model.summary() prints, one per layer row."""
    lines = []
    try:
        model.summary(print_fn=lambda line, *args, **kwargs: lines.extend(str(line).splitlines()))
    except Exception as exc:  # a summary failure is evidence, not the question asked
        evidence["summary_error"] = f"{type(exc).__name__}: {exc}"
        return
    names = [layer.name for layer in model.layers]
    shapes = []
    for line in lines:
        match = SHAPE.search(line)
        if match and any(line.strip(" │┃").startswith(name[:20]) for name in names):
            shapes.append(match.group(0))
    evidence["summary_shapes"] = shapes
