"""TF1 graph + session pieces shared by the experiments, as the article wrote them."""

import numpy as np

import _probes
from _harness import Unavailable

LEARNING_RATE = 1e-3
SEED = 0


def v1_api(tf, evidence):
    """The TF1 namespace: tf.compat.v1 where it exists, tf itself before that."""
    compat = getattr(tf, "compat", None)
    if hasattr(compat, "v1"):
        evidence["api"]["v1"] = "tf.compat.v1"
        return compat.v1
    evidence["api"]["v1"] = "tf"
    return tf


MODES = ("graph", "graph_no_eager")


def is_graph(cell):
    return cell.mode in MODES


def enter_graph_mode(tf, cell, evidence):
    """Switch to graph + session execution the way TF1 code migrated to 2.x does: every TF 2
    behaviour off (mode graph), or eager execution alone (mode graph_no_eager)."""
    v1 = v1_api(tf, evidence)
    if cell.mode == "graph_no_eager":
        if not tf.executing_eagerly():
            raise Unavailable(
                "graph_no_eager: eager execution is off by default here, so there is no switch to make"
            )
        v1.disable_eager_execution()
        evidence["api"]["graph"] = "tf.compat.v1.disable_eager_execution"
    elif hasattr(v1, "disable_v2_behavior"):
        v1.disable_v2_behavior()
        evidence["api"]["graph"] = "tf.compat.v1.disable_v2_behavior"
    else:
        evidence["api"]["graph"] = "default"
    if tf.executing_eagerly():
        raise Unavailable("graph mode: eager execution could not be disabled")
    v1.set_random_seed(SEED)
    np.random.seed(SEED)
    return v1


def bn_variables(variables):
    """The article's helper: the moving mean and variance, found by name."""
    moving_mean, moving_variance = None, None
    for var in variables:
        name = var.name.lower()
        if "variance" in name:
            moving_variance = var
        if "mean" in name:
            moving_mean = var
    if moving_mean is None or moving_variance is None:
        raise ValueError("Unable to find moving mean and variance")
    return moving_mean, moving_variance


def train(tf, v1, loss, train_op, stats, evidence, probes=()):
    """Run train_op until the data runs out, then read the moving statistics; each of probes
    is then called with the session's run."""
    # Reference or resource variable: how the layer's two update ops of a step can interleave.
    _probes.record(evidence, "variable", lambda: type(stats[1]).__name__)
    evidence["losses"] = []
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        try:
            while True:
                try:
                    loss_value, _ = sess.run([loss, train_op])
                except tf.errors.OutOfRangeError:
                    break
                evidence["losses"].append(float(loss_value))
        finally:
            read_statistics(sess, stats, evidence)
            for probe in probes:
                probe(sess.run)


def read_statistics(sess, stats, evidence):
    """Record the moving mean and variance, even after a failed step."""
    try:
        mean, variance = sess.run(list(stats))
    except Exception as exc:  # evidence is best effort once training failed
        evidence["statistics_error"] = f"{type(exc).__name__}: {exc}"
        return
    evidence["moving_mean"] = [float(x) for x in mean]
    evidence["moving_variance"] = [float(x) for x in variance]
