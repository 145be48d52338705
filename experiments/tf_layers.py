"""Experiments 1 and 2: do tf.layers update their batch-norm statistics, alone
and with variables shared between two inputs?

The article (TF 1.12, graph + session): yes, through the UPDATE_OPS collection;
5 updates on positives only, 10 when the shared model also sees the negatives.
In the eager modes the variables are shared through tf.compat.v1.make_template,
since variable_scope reuse has no effect there.
"""

import sys

import _data
import _eager
import _graph
import _harness

VARIANTS = ("default", "training_arg", "plain_call")

EXPERIMENT = _harness.Experiment(
    title="tf.layers, variables shared by AUTO_REUSE",
    ids={"positive": "1", "positive+negative": "2"},
    input="tf.layers",
    label="`tf.layers`",
)


def batch_norm(layers, net, variant):
    """The batch-norm call as the variant spells its training switch."""
    layer = layers.BatchNormalization()
    if variant == "training_arg":
        return layer(net, training=True)
    if variant == "plain_call":
        return layer(net)
    return layer(net, True)  # the article's positional is_training


def model_function(v1, layers, variant):
    """The article's tf_model, its variables shared by AUTO_REUSE."""

    def tf_model(feature):
        with v1.variable_scope("tf_model", reuse=v1.AUTO_REUSE):
            net = layers.Conv2D(8, (3, 3), strides=(2, 2), activation=v1.nn.relu)(feature)
            net = batch_norm(layers, net, variant)
            net = layers.Conv2D(1, (3, 3), strides=(2, 2), activation=v1.nn.relu)(net)
            net = layers.Flatten()(net)
            return layers.Dense(1)(net)

    return tf_model


def tf1_layers(tf, cell, evidence):
    """tf.compat.v1.layers, or Unavailable (Keras 3 keeps the module but refuses its members)."""
    if cell.variant not in VARIANTS:
        raise _harness.Unavailable(f"variant {cell.variant}: tf.layers build tensors, not a Keras model")
    v1 = _graph.v1_api(tf, evidence)
    _harness.feature(v1, evidence["api"]["v1"], "layers.Conv2D")
    return v1, v1.layers


def experiment(tf, cell, evidence):
    if _graph.is_graph(cell):
        graph_experiment(tf, cell, evidence)
    else:
        eager_experiment(tf, cell, evidence)


def graph_experiment(tf, cell, evidence):
    """The article's main_layers: train_op waits for the UPDATE_OPS collection."""
    v1 = _graph.enter_graph_mode(tf, cell, evidence)
    v1, layers = tf1_layers(tf, cell, evidence)
    tf_model = model_function(v1, layers, cell.variant)
    positive, positive_labels = _data.one_shot(tf, v1, 1.0, evidence)
    negative, negative_labels = _data.one_shot(tf, v1, 0.0, evidence)
    loss = v1.losses.sigmoid_cross_entropy(positive_labels, tf_model(positive))
    if cell.data == "positive+negative":
        loss += v1.losses.sigmoid_cross_entropy(negative_labels, tf_model(negative))
    update_ops = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
    evidence["update_ops"] = evidence["wired_updates"] = len(update_ops)
    with v1.control_dependencies(update_ops):
        train_op = v1.train.GradientDescentOptimizer(_graph.LEARNING_RATE).minimize(loss)
    stats = _graph.bn_variables(v1.global_variables())
    _graph.train(tf, v1, loss, train_op, stats, evidence)


def eager_experiment(tf, cell, evidence):
    """The same function under a gradient tape, its variables kept by make_template."""
    _eager.enter_eager_mode(tf, cell, evidence)
    v1, layers = tf1_layers(tf, cell, evidence)
    template = _harness.feature(v1, evidence["api"]["v1"], "make_template")(
        "tf_model", model_function(v1, layers, cell.variant)
    )
    evidence["api"]["sharing"] = "make_template"
    _eager.train(tf, cell, template, lambda: template.trainable_variables, evidence)
    _eager.read_statistics(_graph.bn_variables(template.variables), evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
