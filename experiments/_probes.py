"""Probes: evidence of the mechanism behind a behaviour, recorded beside the outcome in
evidence["probes"]. Each is best effort: its value, or `Type: message` where the release
cannot answer (a probe never decides a cell's outcome).
"""

from _harness import first_line


def record(evidence, name, compute):
    try:
        value = compute()
    except Exception as exc:  # the release's own answer, kept as evidence
        value = f"{type(exc).__name__}: {first_line(exc)[:160]}"
    evidence.setdefault("probes", {})[name] = value


def placeholders_behind(ops):
    """The Placeholder ops these ops depend on, through data and control edges, by name."""
    seen, found, stack = set(), set(), [getattr(op, "op", op) for op in ops]
    while stack:
        op = stack.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        if op.type == "Placeholder":
            found.add(op.name)
        stack.extend(tensor.op for tensor in op.inputs)
        stack.extend(op.control_inputs)
    return sorted(found)


def batch_norm(model):
    return next(layer for layer in model.layers if "BatchNormalization" in type(layer).__name__)


def kernel_path(tf, model, evidence):
    """Which batch-norm kernel the layer took: its `fused` flag as resolved when it was built
    (tf.keras; Keras 3 has none), and in graph mode how many fused-kernel ops read its scale."""
    layer = batch_norm(model)
    record(evidence, "bn_fused", lambda: layer.fused)
    if not tf.executing_eagerly():
        graph = getattr(getattr(tf, "compat", None), "v1", tf).get_default_graph()
        fused = [op for op in graph.get_operations() if op.type.startswith("FusedBatchNorm")]
        record(evidence, "bn_fused_ops", lambda: sum(reads(op.inputs[1], layer.gamma) for op in fused))


PASS_THROUGH = ("Identity", "ReadVariableOp", "Switch", "Enter")


def reads(tensor, variable):
    """Whether the tensor is the variable's value, read and passed through a cond or identities."""
    op, target = tensor.op, variable.op.name
    while op.name != target and op.type in PASS_THROUGH and op.inputs:
        op = op.inputs[0].op
    return op.name == target


def inbound_nodes(model, evidence):
    """How often Keras recorded a call of each layer: `multiple` in the summary where it never did."""
    record(
        evidence,
        "inbound_nodes",
        lambda: [len(getattr(layer, "_inbound_nodes", None) or []) for layer in model.layers],
    )


def graph_updates(model, wired, evidence):
    """The placeholders the wired update ops need fed, and the batch-norm layer's own update count
    (against `model_updates`: what model.updates kept of them)."""
    record(evidence, "wired_placeholders", lambda: placeholders_behind(wired))
    record(evidence, "bn_layer_updates", lambda: len(batch_norm(model).updates))


def learning_phase_fed(tf, model, evidence):
    """Whether Keras' graph-mode training step feeds the learning phase (else batch norm infers)."""
    phase = tf.keras.backend.learning_phase()
    record(evidence, "learning_phase_fed", lambda: any(t is phase for t in model.train_function.inputs))


KERNEL_RUNS = 5
GIVEN_MEAN, GIVEN_VARIANCE = 0.5, 2.0


def inference_kernel(tf, v1, run, evidence):
    """What the fused batch-norm kernel returns as its batch mean and variance in inference mode,
    run KERNEL_RUNS times on a batch of the cell's shape: the moving statistics it was given
    ("passthrough"), or other values, memory the kernel never wrote. Keras folds those outputs
    into the moving statistics with momentum 1, which keeps a finite value and turns an
    infinity or NaN into NaN. `run` is the cell's session's run."""

    def compute():
        import numpy as np

        import _data

        shape = (_data.BATCH_SIZE, 28, 28, 1)
        # Fed, not constant: Grappler would fold a constant-statistics kernel into arithmetic.
        x, mean, variance = (v1.placeholder(tf.float32, size) for size in (shape, (1,), (1,)))
        ones = np.ones(1, np.float32)
        _, batch_mean, batch_variance = v1.nn.fused_batch_norm(
            x, ones, 0 * ones, mean=mean, variance=variance, is_training=False
        )
        feed = {x: np.ones(shape, np.float32), mean: GIVEN_MEAN * ones, variance: GIVEN_VARIANCE * ones}
        returned = [run([batch_mean, batch_variance], feed) for _ in range(KERNEL_RUNS)]
        other = [(m[0], v[0]) for m, v in returned if (m[0], v[0]) != (GIVEN_MEAN, GIVEN_VARIANCE)]
        if not other:
            return "passthrough"
        nonfinite = sum(not np.isfinite(pair).all() for pair in other)
        return (
            f"not written: {len(other)} of {KERNEL_RUNS} runs returned other values than the given "
            f"{GIVEN_MEAN} and {GIVEN_VARIANCE} ({nonfinite} non-finite), "
            f"first mean {other[0][0]:.3g}, variance {other[0][1]:.3g}"
        )

    record(evidence, "inference_kernel", compute)
