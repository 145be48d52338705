"""The answer first: what a reader's own code gets, by how it calls the model and declares its input,
mode by mode, as release ranges of one outcome each (matrix.md's and README's first table)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..data import agreement, history
from ..matrix import columns
from ..matrix.catalogue import ARTICLE, Catalogue
from ..matrix.outcome import FLAKY, Outcome, look, looks
from ..matrix.versions import minor

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
INPUT = "model input: "  # the second line of a row's label, under the call
NOT_RUN = "not run"  # a mode that runs only some calls (the second compat switch: the article's two)
DATA = "positive"  # one model call per step: the shared-model case races, which the tables below show
Link = Callable[[str, str], str]  # (mode, cell) -> the address of that row in the full tables


def outcome_of(row) -> str:
    """The cell's outcome, or flaky where its runs disagree on the outcome itself (not on a count)."""
    outcomes = {value.partition(" ")[0] for value in history.values(row.seen)} or {row.outcome}
    return row.outcome if len(outcomes) == 1 else FLAKY.name


def glyph(outcome: str) -> str:
    return FLAKY.glyph if outcome == FLAKY.name else look(outcome).glyph


def key(table_text: str) -> str:
    """The line above the table: each glyph it draws and what it says."""
    drawn = [shown for shown in looks() if shown.glyph in table_text]
    return " · ".join(f"{shown.glyph} {KEY.get(shown.name, shown.words.format(k='k'))}" for shown in drawn)


def section(data: pd.DataFrame, catalogue: Catalogue, link: Link | None = None) -> list[str]:
    """The key, then the table: the Markdown lines of "What does my code do?"."""
    drawn = table(data, catalogue, link)
    return [key(drawn), "", drawn]


def ranges(rows: pd.DataFrame) -> str:
    """'<updated> 1.12–2.15<br><placeholder> 2.16–2.21<br>Keras 3 <unavailable>' (each outcome's
    glyph), one line per run of releases with one outcome; a Keras 3 line whose releases all agree
    is named without its range."""
    runs: list[list] = []  # [line, outcome, first minor, last minor, whole line]
    for row in rows.itertuples():
        line, outcome, release = LINES[row.keras], outcome_of(row), minor(row.tensorflow)
        if runs and runs[-1][:2] == [line, outcome]:
            runs[-1][3] = release
        else:
            runs.append([line, outcome, release, release])
    whole = {line for line in LINES.values() if [run[0] for run in runs].count(line) == 1}
    return "<br>".join(
        f"{line}{glyph(outcome)}"
        + ("" if line and line in whole else f"{NBSP}{first}" + (f"–{JOIN}{last}" if last != first else ""))
        for line, outcome, first, last in runs
    )


def ordered(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows in matrix.md's column order: the Keras 2 line by release, then Keras 3."""
    order = columns.ordered({row.env: (row.tensorflow, row.keras) for row in rows.itertuples()})
    return rows.sort_values("env", key=lambda envs: envs.map(order.index))


def table(data: pd.DataFrame, catalogue: Catalogue, link: Link | None = None) -> str:
    """One row per call and model input of the article's experiments (one label column), one column
    per mode."""
    shown = agreement.primary(data)
    shown = shown[(shown["experiment"].map(catalogue.section_of) == ARTICLE) & (shown["data"] == DATA)]
    lines = []
    for variant in catalogue.variant_order:
        found: dict[tuple, list] = {}  # the mode cells -> the model inputs that show them, and their rows
        for model_input, label in catalogue.inputs.items():
            rows = shown[(shown["variant"] == variant) & (shown["input"] == model_input)]
            if rows.empty or set(rows["outcome"]) == {Outcome.UNAVAILABLE.value}:
                continue
            found.setdefault(cells(rows, catalogue), [[], rows])[0].append(label)
        for drawn, (labels, rows) in found.items():
            line = {"your code": code(variant, labels)}
            for mode, text in drawn:
                cell = rows.loc[rows["mode"] == mode, "cell"].iloc[0]
                line[MODES.get(mode, mode)] = f"{text} [↗]({link(mode, cell)})" if link else text
            lines.append(line)
    return pd.DataFrame(lines).fillna(NOT_RUN).to_markdown(index=False, disable_numparse=True)


def code(variant: str, labels: list[str]) -> str:
    """The call, then the model input on a line of its own: one label column keeps the table within
    README's column on GitHub's front page."""
    return f"{CALLS.get(variant, f'`{variant}`')}<br>{INPUT}{joined(labels)}"


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
