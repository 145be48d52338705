"""The article's Keras classifier and its graph + session training."""

import re

import _graph
from _harness import feature

SHAPE = re.compile(r"\((?:None|\d+)(?:, *(?:None|\d+))*,?\)|multiple")


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


def experiment(tf, cell, build, evidence):
    """The article's main_keras: train through model.updates in a session."""
    v1 = _graph.enter_graph_mode(tf, evidence)
    feature(tf, "tf", "keras.backend.set_learning_phase")(True)
    model = build(tf)
    positive, positive_labels = _graph.batches(tf, v1, 1.0, evidence)
    negative, negative_labels = _graph.batches(tf, v1, 0.0, evidence)
    loss = v1.losses.sigmoid_cross_entropy(positive_labels, model(positive))
    if cell.data == "positive+negative":
        loss += v1.losses.sigmoid_cross_entropy(negative_labels, model(negative))
    summary_shapes(model, evidence)
    evidence["update_ops"] = len(v1.get_collection(v1.GraphKeys.UPDATE_OPS))
    updates = feature(model, "model", "updates")
    evidence["model_updates"] = len(updates)
    with v1.control_dependencies(updates):
        train_op = v1.train.GradientDescentOptimizer(_graph.LEARNING_RATE).minimize(loss)
    stats = _graph.bn_variables(model.variables)
    _graph.train(tf, v1, loss, train_op, stats, evidence)
