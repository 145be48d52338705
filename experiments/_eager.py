"""Eager and compiled execution: the article's training with a gradient tape, step by step or
compiled (tf.function; tf.contrib.eager.defun where there is no tf.function)."""

import numpy as np

import _data
from _harness import Unavailable, feature

LEARNING_RATE = 1e-3
SEED = 0


def enter_eager_mode(tf, cell, evidence):
    """Eager execution (on 1.x enabled before anything else is built), plus its compiler."""
    enable = getattr(tf, "enable_eager_execution", None)
    if enable is not None:
        enable()
        evidence["api"]["eager"] = "tf.enable_eager_execution"
    else:
        evidence["api"]["eager"] = "default"
    if not tf.executing_eagerly():
        raise Unavailable("eager execution: tf.executing_eagerly() is False")
    if cell.mode == "function":
        compiler(tf)
    random = getattr(tf, "random", None)
    (random.set_seed if hasattr(random, "set_seed") else tf.set_random_seed)(SEED)
    np.random.seed(SEED)


def compiler(tf):
    """What compiles a training step: tf.function, or before it (1.12, 1.13) the
    tf.contrib.eager.defun that code of that era used; (its name, itself)."""
    if hasattr(tf, "function"):
        return "tf.function", tf.function
    return "tf.contrib.eager.defun", feature(tf, "tf", "contrib.eager.defun")


def sigmoid_loss(tf, labels, logits):
    """tf.losses.sigmoid_cross_entropy with its default reduction: the mean."""
    labels = tf.cast(labels, logits.dtype)
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))


def train(tf, cell, forward, trainable, evidence):
    """One gradient-descent step per batch; in mode function the step is compiled."""

    def step(batches):
        with tf.GradientTape() as tape:
            loss = sum(sigmoid_loss(tf, y, forward(x)) for x, y in batches)
        variables = trainable()
        for var, grad in zip(variables, tape.gradient(loss, variables)):
            if grad is not None:
                var.assign_sub(LEARNING_RATE * grad)
        return loss

    if cell.mode == "function":
        name, compile_step = compiler(tf)
        if name != "tf.function":  # the mode is named for tf.function: only another compiler is named
            evidence["api"]["function"] = name
        step = compile_step(step)
    evidence["losses"] = []
    for batches in _data.eager_steps(tf, cell.data, evidence):
        evidence["losses"].append(float(step(batches)))


def read_statistics(stats, evidence):
    """Record the moving mean and variance (eager variables hold their values)."""
    mean, variance = (var.numpy() if hasattr(var, "numpy") else np.asarray(var) for var in stats)
    evidence["moving_mean"] = [float(x) for x in mean]
    evidence["moving_variance"] = [float(x) for x in variance]
