"""Where each behaviour appears: computed from the tidy table, never written by hand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..data.history import flaky, outcomes
from ..matrix.catalogue import Catalogue
from ..matrix.outcome import Failure, Outcome, decompose, names
from ..matrix.versions import minor, version_key
from .answer import network
from .causes import CAUSES, ERROR_CAUSES

Test = Callable[[pd.DataFrame], pd.Series]


UNKNOWN = "cause not established"


@dataclass(frozen=True)
class Behaviour:
    title: str
    evidence: str
    test: Test

    @property
    def cause(self) -> str:
        """One line, Markdown, with a link to the source, issue or notes that show it."""
        if self.title in CAUSES:
            return CAUSES[self.title]
        return next((why for start, why in ERROR_CAUSES.items() if self.title.startswith(start)), UNKNOWN)


FROZEN = ("frozen", "dense_frozen")  # the model inputs whose batch norm is frozen (experiments 7, 7D)


def _showed(outcome: Outcome) -> Test:
    """Cells where some run ended with the outcome: a flaky cell's every value counts, not only
    its last run's."""
    return lambda data: (
        (data["outcome"] == outcome.value) | data["seen"].map(lambda seen: outcome.value in outcomes(seen))
    )


def _error_has(text: str) -> Test:
    return lambda data: data["error"].str.contains(text, regex=False)


BEHAVIOURS = (
    Behaviour(
        "Placeholder failure",
        "the step fails: `You must feed a value for placeholder tensor`",
        _showed(Outcome.PLACEHOLDER),
    ),
    Behaviour(
        "Statistics not updated",
        "training ran; the moving variance is still 1",
        _showed(Outcome.NOT_UPDATED),
    ),
    Behaviour(
        "UPDATE_OPS empty for Keras layers",
        "graph mode: the `UPDATE_OPS` collection holds no op",
        lambda d: (d["input"] != "tf.layers") & (d["update_ops"] == 0).fillna(False),
    ),
    Behaviour(
        'Summary shows "multiple"',
        "`model.summary()` prints `multiple` instead of output shapes",
        lambda d: d["summary_shapes"].str.contains("multiple", regex=False),
    ),
    Behaviour(
        "`get_updates_for` wires no update op",
        "`model.get_updates_for(input)` returns nothing",
        lambda d: (d["variant"] == "get_updates_for") & (d["wired_updates"] == 0).fillna(False),
    ),
    Behaviour(
        "tf.layers unavailable",
        "`tf.compat.v1.layers` refuses its members",
        lambda d: (
            (d["input"] == "tf.layers")
            & (d["outcome"] == Outcome.UNAVAILABLE.value)
            & _error_has("layers.")(d)
        ),
    ),
    Behaviour(
        "`set_learning_phase` unavailable",
        "`tf.keras.backend.set_learning_phase` is gone",
        _error_has("set_learning_phase"),
    ),
    Behaviour("`model.updates` unavailable", "Keras models have no `updates`", _error_has("model.updates")),
    Behaviour("`tf.function` unavailable", "the release has no `tf.function`", _error_has("tf.function (")),
    Behaviour(
        "Step compiled by `tf.contrib.eager.defun`",
        "the release has no `tf.function`: mode `function` compiles the step with `tf.contrib.eager.defun`",
        lambda d: d["api"].str.contains("tf.contrib.eager.defun", regex=False),
    ),
    Behaviour(
        "Frozen batch norm updated",
        "`trainable = False`, and the moving statistics still moved",
        lambda d: d["input"].isin(FROZEN) & _showed(Outcome.UPDATED)(d),
    ),
    Behaviour(
        "Frozen batch norm kept its statistics",
        "`trainable = False`: training ran and the moving statistics stayed",
        lambda d: d["input"].isin(FROZEN) & _showed(Outcome.NOT_UPDATED)(d),
    ),
    Behaviour(
        "Flaky: runs disagree",
        "runs of unchanged inputs gave different outcomes or update counts",
        lambda d: d["seen"].map(flaky).astype(bool),
    ),
    Behaviour(
        "NaN statistics",
        "training ran, but the moving statistics or the losses hold NaN or infinity",
        _showed(Outcome.DIVERGED),
    ),
    Behaviour(
        "Update ops raced",
        "two update ops of one layer both read the moving variance before either wrote: 0.98 per raced pair",
        lambda d: d["moving_variance"].map(lambda v: (decompose(v) or (0, 0))[1] > 0),
    ),
    Behaviour(
        "Update count fits no race",
        "the moving variance is no product of 0.99s and 0.98s: shown as measured",
        lambda d: d["bn_updates"].notna() & d["moving_variance"].map(lambda v: decompose(v) is None),
    ),
)


def other_errors(data: pd.DataFrame) -> list[Behaviour]:
    """One behaviour per distinct unexpected error, so no failure goes unlisted."""
    errors = data.loc[data["outcome"].isin(names(Failure.UNEXPECTED, Failure.INSTALL)), "error"]
    return [
        Behaviour(f"{kind}", "", lambda d, kind=kind: d["error"] == kind) for kind in dict.fromkeys(errors)
    ]


def collapse(releases: list[str], hits: set[str]) -> str:
    """Hit releases as ranges over the ordered releases: '1.12–1.15, 2.2'."""
    runs: list[list[str]] = []
    previous_hit = False
    for release in releases:
        hit = release in hits
        if hit and previous_hit:
            runs[-1].append(release)
        elif hit:
            runs.append([release])
        previous_hit = hit
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def where(data: pd.DataFrame, mask: pd.Series, catalogue: Catalogue) -> str:
    """'mode (variants): ranges (flavour); ...' for the rows the mask selects."""
    data = data.assign(_minor=data["tensorflow"].map(minor))
    hits = data[mask]
    parts = []
    for mode in catalogue.mode_order:
        by_ranges: dict[str, list[str]] = {}
        for variant in catalogue.variant_order:
            chosen = hits[(hits["mode"] == mode) & (hits["variant"] == variant)]
            if chosen.empty:
                continue
            flavours = []
            for keras in dict.fromkeys(data["keras"]):
                present = data[
                    (data["keras"] == keras) & (data["mode"] == mode) & (data["variant"] == variant)
                ]
                releases = sorted(set(present["_minor"]), key=version_key)
                ranges = collapse(releases, set(chosen.loc[chosen["keras"] == keras, "_minor"]))
                if ranges:
                    flavours.append(f"{ranges} ({keras})")
            by_ranges.setdefault(", ".join(flavours), []).append(variant)
        parts += [f"{mode} ({', '.join(variants)}): {ranges}" for ranges, variants in by_ranges.items()]
    return "; ".join(parts)


def section(data: pd.DataFrame, catalogue: Catalogue, escape: Callable[[str], str]) -> list[str]:
    """The Markdown lines of "Where each behaviour appears"; where the rows hold more than one
    network, each network's ranges apart, named."""
    networks = data["input"].map(catalogue.model_of)
    named = networks.nunique() > 1
    lines = []
    for behaviour in (*BEHAVIOURS, *other_errors(data)):
        mask = behaviour.test(data).fillna(False).astype(bool)
        if not mask.any():
            continue
        title = behaviour.title if behaviour.evidence else f"Error: {escape(behaviour.title)}"
        detail = f" ({behaviour.evidence})" if behaviour.evidence else ""
        if named:
            found = [
                f"{network(model)}: {where(data[networks == model], mask[networks == model], catalogue)}"
                for model in dict.fromkeys(networks)
                if mask[networks == model].any()
            ]
            lines.append(f"- **{title}**{detail}: " + "; ".join(found))
        else:
            lines.append(f"- **{title}**{detail}: {where(data, mask, catalogue)}")
        lines.append(f"  - Why: {behaviour.cause}")
    return lines
