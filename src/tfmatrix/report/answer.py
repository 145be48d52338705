"""The answer first: what a reader's own code gets, by how it calls the model and declares its input,
mode by mode, as release ranges of one outcome each (matrix.md's and README's first table). Each
entry names the network it was measured on; networks that show the same share one entry."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..data import agreement, history
from ..matrix import columns
from ..matrix.catalogue import ARTICLE, Catalogue
from ..matrix.outcome import Outcome
from ..matrix.versions import minor
from .looks import FLAKY, look, looks

# How a reader's code calls the model, in the words they would use for their own code.
CALLS = {
    "default": "`set_learning_phase(True)`, then `model(x)` (the article's)",
    "training_arg": "`model(x, training=True)`",
    "plain_call": "`model(x)`, nothing else",
    "trainable_flag": "`model.trainable = True`, then `model(x)`",
    "fit": "`model.fit`",
    "train_on_batch": "`model.train_on_batch`",
    "get_updates_for": "`model.get_updates_for(x)` wired instead of `model.updates`",
}
# The modes in a column head's few words (the tables below have their full words).
MODES = {
    "graph": "TF1 graph + session",
    "graph_no_eager": "TF1 graph, eager off only",
    "eager": "eager",
    "function": "`tf.function`",
}
# The network around the batch norm (the catalogue's models) in a claim's few words.
MODELS = {"conv": "conv", "dense": "`Dense`"}


def network(*models: str) -> str:
    """'conv net', 'conv or `Dense` net': the networks a claim was measured on."""
    return " or ".join(dict.fromkeys(MODELS.get(model, model) for model in models)) + " net"


# A compiler other than the mode's own tf.function, as evidence["api"]["function"] names it.
COMPILERS = {"tf.contrib.eager.defun": "`defun`"}
NBSP, JOIN = "\u00a0", "\u2060"  # a range and its glyph never break apart on a narrow screen
LINES = {"tf.keras": "", "tf_keras": "", "keras3": f"Keras{NBSP}3{NBSP}"}  # tf_keras continues tf.keras' line
# What each glyph says here: the key above the table.
KEY = {
    "updated": "the statistics update",
    "not_updated": "they never update",
    "placeholder": "the step fails: feed a placeholder",
    "unavailable": "the API is missing",
    "diverged": "NaN",
    "error": "another error",
    "crash": "the interpreter crashed",
    "timeout": "timed out",
    "install_failed": "could not be installed",
    "flaky": "runs differ",
}
INPUT = "model: "  # the second line of a row's label, under the call: its input and network
NOT_RUN = "not run"  # a mode that runs only some calls (the second compat switch: the article's two)
# What "not run" (and a blank cell of the full tables) means, in every legend and key.
NOT_RUN_MEANING = "no cell ran there: the mode does not run this call, or the environment has no such cell"
DATA = "positive"  # one model call per step: the shared-model case races, which the tables below show
Link = Callable[[str, str], str]  # (mode, cell) -> the address of that row in the full tables


# The words of a table's cells the glyphs do not explain, each said under it where a cell uses it.
TERMS = {
    LINES["keras3"]: "Keras 3: the release's Keras 3 (2.16 on); the other lines are `tf.keras`, "
    "then `tf_keras` from 2.16",
    COMPILERS["tf.contrib.eager.defun"]: "`defun`: the step compiled by `tf.contrib.eager.defun`, "
    "1.12 and 1.13 having no `tf.function`",
    CALLS["fit"]: "`fit` and `train_on_batch`: their `tf.function` column is Keras' default compiled "
    "step (`run_eagerly=False`), their eager column `run_eagerly=True`",
}


def outcome_of(row) -> str:
    """The cell's outcome, or flaky where its runs disagree on the outcome itself (not on a count)."""
    outcomes = history.outcomes(row.seen) or {row.outcome}
    return row.outcome if len(outcomes) == 1 else FLAKY.name


def glyph(outcome: str) -> str:
    return FLAKY.glyph if outcome == FLAKY.name else look(outcome).glyph


def key(table_text: str) -> str:
    """The line above the table: each glyph it draws and what it says."""
    drawn = [shown for shown in looks() if shown.glyph in table_text]
    keys = [f"{shown.glyph} {KEY.get(shown.name, shown.words.format(k='k'))}" for shown in drawn]
    if f"| {NOT_RUN} " in table_text:
        keys.append(f"{NOT_RUN}: the mode does not run this call")
    return " · ".join(keys)


def terms(table_text: str) -> str:
    """The line under the table: the words of its cells the key does not explain, where it uses them
    (below the table, so that the answer starts on a phone's first screen)."""
    return " · ".join(words for mark, words in TERMS.items() if mark in table_text)


def section(data: pd.DataFrame, catalogue: Catalogue, link: Link | None = None) -> list[str]:
    """The key, then the table: the Markdown lines of "What does my code do?"."""
    drawn = table(data, catalogue, link)
    below = terms(drawn)
    return [key(drawn), "", drawn, *(["", below] if below else [])]


def ranges(rows: pd.DataFrame) -> str:
    """'<updated> 1.12–2.15<br><placeholder> 2.16–2.21<br>Keras 3 <unavailable>' (each outcome's
    glyph), one line per run of releases with one outcome; a Keras 3 line whose releases all agree
    is named without its range."""
    runs: list[list] = []  # [line, outcome, compiler, first minor, last minor]
    for row in rows.itertuples():
        line, outcome, release = LINES[row.keras], outcome_of(row), minor(row.tensorflow)
        if runs and runs[-1][:3] == [line, outcome, compiler(row)]:
            runs[-1][4] = release
        else:
            runs.append([line, outcome, compiler(row), release, release])
    whole = {line for line in LINES.values() if [run[0] for run in runs].count(line) == 1}
    return "<br>".join(
        f"{line}{glyph(outcome)}"
        + ("" if line and line in whole else f"{NBSP}{first}" + (f"–{JOIN}{last}" if last != first else ""))
        + (f"{NBSP}{used}" if used else "")
        for line, outcome, used, first, last in runs
    )


def compiler(row) -> str:
    """The words for a step compiled by something other than tf.function (`defun` on 1.12–1.13)."""
    api = row.api if isinstance(row.api, str) else ""
    return next((words for name, words in COMPILERS.items() if name in api), "")


def ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in matrix.md's column order: the Keras 2 line by release, then Keras 3."""
    order = columns.ordered({row.env: (row.tensorflow, row.keras) for row in rows.itertuples()})
    return rows.sort_values("env", key=lambda envs: envs.map(order.index))


def answered(catalogue: Catalogue) -> set[str]:
    """The experiments the answer covers: the article's, and those that make every call of the
    article's on another network (not a frozen layer's two calls)."""
    every = set(catalogue.variant_order)
    return {
        experiment_id
        for e in catalogue.experiments
        if e.section == ARTICLE or (e.model != "conv" and set(e.variants) == every)
        for _, experiment_id in e.ids
    }


def table(data: pd.DataFrame, catalogue: Catalogue, link: Link | None = None) -> str:
    """One row per call, model input and network (one label column), one column per mode; inputs
    and networks that show the same share a row."""
    shown = agreement.primary(data)
    shown = shown[shown["experiment"].isin(answered(catalogue)) & (shown["data"] == DATA)]
    labelled = [(e.input, e.model, e.label) for e in catalogue.experiments]
    lines = []
    for variant in catalogue.variant_order:
        found: dict[tuple, list] = {}  # the mode cells -> the (network, input) that show them, and their rows
        for model_input, model, label in labelled:
            rows = shown[(shown["variant"] == variant) & (shown["input"] == model_input)]
            if rows.empty or set(rows["outcome"]) == {Outcome.UNAVAILABLE.value}:
                continue
            found.setdefault(cells(rows, catalogue), [[], rows])[0].append((model, label))
        for drawn, (entries, rows) in found.items():
            line = {"your code": code(variant, entries)}
            for mode, text in drawn:
                cell = rows.loc[rows["mode"] == mode, "cell"].iloc[0]
                line[MODES.get(mode, mode)] = f"{text} [↗]({link(mode, cell)})" if link else text
            lines.append(line)
    return pd.DataFrame(lines).fillna(NOT_RUN).to_markdown(index=False, disable_numparse=True)


def named(entries: list[tuple[str, str]]) -> str:
    """'Keras, `input_shape=` or `InputLayer` (conv net)': the (network, input label) pairs that show
    the same, each input with the networks it was measured on, said once where all inputs share them."""
    networks: dict[str, list[str]] = {}
    for model, label in entries:
        networks.setdefault(label, []).append(model)
    words = {label: network(*models) for label, models in networks.items()}
    if len(set(words.values())) == 1:
        return f"{joined(list(words))} ({next(iter(words.values()))})"
    return joined([f"{label} ({words[label]})" for label in words])


def code(variant: str, entries: list[tuple[str, str]]) -> str:
    """The call, then the model on a line of its own: one label column keeps the table within
    README's column on GitHub's front page."""
    return f"{CALLS.get(variant, f'`{variant}`')}<br>{INPUT}{named(entries)}"


def joined(labels: list[str]) -> str:
    """'Keras, `input_shape=` or `InputLayer`': model inputs that show the same, their shared words once."""
    prefix = "Keras, "
    if len(labels) > 1 and all(label.startswith(prefix) for label in labels):
        return prefix + " or ".join(label[len(prefix) :] for label in labels)
    return " or ".join(labels)


def cells(rows: pd.DataFrame, catalogue: Catalogue) -> tuple[tuple[str, str], ...]:
    """(mode, its release ranges) for each mode the rows have."""
    modes = [mode for mode in catalogue.mode_order if mode in set(rows["mode"])]
    return tuple((mode, ranges(ordered(rows[rows["mode"] == mode]))) for mode in modes)
