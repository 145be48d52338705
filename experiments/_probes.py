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
