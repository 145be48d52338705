"""Experiments 1 and 2: do tf.layers update their batch-norm statistics in graph
+ session code, alone and with variables shared between two inputs?

The article (TF 1.12): yes, through the UPDATE_OPS collection; 5 updates on
positives only, 10 when the shared model also sees the negatives.
"""

import sys

import _graph
import _harness


def tf_model(v1, layers, feature, is_training):
    """The article's tf.layers classifier, its variables shared by AUTO_REUSE."""
    with v1.variable_scope("tf_model", reuse=v1.AUTO_REUSE):
        net = layers.Conv2D(8, (3, 3), strides=(2, 2), activation=v1.nn.relu)(feature)
        net = layers.BatchNormalization()(net, is_training)
        net = layers.Conv2D(1, (3, 3), strides=(2, 2), activation=v1.nn.relu)(net)
        net = layers.Flatten()(net)
        return layers.Dense(1)(net)


def experiment(tf, cell, evidence):
    v1 = _graph.enter_graph_mode(tf, evidence)
    # Under Keras 3, tf.compat.v1.layers exists but refuses its members.
    _harness.feature(v1, evidence["api"]["v1"], "layers.Conv2D")
    layers = v1.layers
    positive, positive_labels = _graph.batches(tf, v1, 1.0, evidence)
    negative, negative_labels = _graph.batches(tf, v1, 0.0, evidence)
    loss = v1.losses.sigmoid_cross_entropy(positive_labels, tf_model(v1, layers, positive, True))
    if cell.data == "positive+negative":
        loss += v1.losses.sigmoid_cross_entropy(negative_labels, tf_model(v1, layers, negative, True))
    update_ops = v1.get_collection(v1.GraphKeys.UPDATE_OPS)
    evidence["update_ops"] = len(update_ops)
    with v1.control_dependencies(update_ops):
        train_op = v1.train.GradientDescentOptimizer(_graph.LEARNING_RATE).minimize(loss)
    stats = _graph.bn_variables(v1.global_variables())
    _graph.train(tf, v1, loss, train_op, stats, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
