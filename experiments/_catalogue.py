"""The catalogue: the vocabulary of cells and the experiments that declare themselves in it.

Runs inside every environment (Python 3.6 on) and loads the experiment scripts,
which import _harness; it imports only the standard library.
"""

import collections
import os
from collections import namedtuple

HERE = os.path.dirname(os.path.abspath(__file__))

# The vocabulary every experiment draws from, with the words the reports use for each name.
MODES = (
    ("graph", "Graph + session (TF1 API; `tf.compat.v1` with `disable_v2_behavior` on 2.x)"),
    (
        "graph_no_eager",
        "Graph + session under `tf.compat.v1.disable_eager_execution()` alone (2.x: resource variables kept)",
    ),
    ("eager", "Eager (`enable_eager_execution` on 1.x), gradient tape"),
    (
        "function",
        "The training step compiled: `tf.function`, or `tf.contrib.eager.defun` where there is none (1.12, 1.13)",
    ),
)
VARIANTS = (
    ("default", "the article's form: `set_learning_phase(True)`, then `model(x)` (tf.layers: `bn(x, True)`)"),
    ("training_arg", "`model(x, training=True)` (tf.layers: `bn(x, training=True)`)"),
    ("plain_call", "`model(x)` with neither a learning phase nor a training argument"),
    ("fit", "Keras' own training: `compile` + `fit` (one epoch)"),
    ("train_on_batch", "Keras' own training: `train_on_batch` per batch"),
    ("trainable_flag", "`model.trainable = True` instead of `set_learning_phase(True)`"),
    ("get_updates_for", "`model.get_updates_for(x)` wired instead of `model.updates`"),
)
# A mode that runs only some variants: the TF1 compat switch of migrated code, for the article's own calls.
MODE_VARIANTS = {"graph_no_eager": ("default", "training_arg")}
MODELS = (
    (
        "conv",
        "the article's conv net: batch norm on a `Conv2D`'s 4-D output, where tf.keras takes the fused kernel",
    ),
    ("dense", "batch norm on a `Dense` layer's 2-D output, where tf.keras takes the non-fused path"),
)
DATA = ("positive", "positive+negative")
ARTICLE = ""  # the section of the article's experiments: the reports' main tables


class Experiment:
    """What one experiment script declares about itself, as its module-level EXPERIMENT.

    ids: data case -> experiment id, in the order the cases run ("positive" trains on the
    positives only, "positive+negative" also on the negatives, through the same layers);
    input: the model input's short name, label: its words in the reports (Markdown);
    model: the network around the batch norm, from MODELS (default: the article's conv net);
    variants and modes: the names it runs, from VARIANTS and MODES (default: all);
    section: the reports' section it is published in (ARTICLE: the main tables), and about:
    the question that section answers, with its sources (Markdown).
    """

    def __init__(
        self, title, ids, input, label, variants=None, modes=None, section=ARTICLE, about="", model="conv"
    ):
        self.title, self.ids, self.input, self.label, self.model = title, dict(ids), input, label, model
        self.variants = tuple(variants or names(VARIANTS))
        self.modes = tuple(modes or names(MODES))
        self.section, self.about = section, about
        for kind, chosen, known in (
            ("data case", self.ids, DATA),
            ("variant", self.variants, names(VARIANTS)),
            ("mode", self.modes, names(MODES)),
            ("model", [self.model], names(MODELS)),
        ):
            unknown = [name for name in chosen if name not in known]
            if unknown:
                raise ValueError(f"unknown {kind} {unknown}; choose from {', '.join(known)}")

    def describe(self, script):
        return {
            "script": script,
            "title": self.title,
            "ids": [[data, self.ids[data]] for data in DATA if data in self.ids],
            "input": self.input,
            "label": self.label,
            "model": self.model,
            "variants": list(self.variants),
            "modes": [mode for mode in names(MODES) if mode in self.modes],
            "section": self.section,
            "about": self.about,
        }


def names(pairs):
    return tuple(name for name, _ in pairs)


def id_key(experiment_id):
    """Experiments in number order: 1, 2, 3, 3L, 10."""
    digits = len(experiment_id) - len(experiment_id.lstrip("0123456789"))
    return (int(experiment_id[:digits] or 0), experiment_id[digits:])


class CatalogueError(Exception):
    """An experiment script that does not follow the documented shape."""


def scripts():
    """The experiment scripts: every experiments/*.py whose name does not start with '_'."""
    return sorted(
        name[: -len(".py")] for name in os.listdir(HERE) if name.endswith(".py") and not name.startswith("_")
    )


def load_catalogue():
    """script -> its Experiment, in the reports' order (sections, then the first experiment id)."""
    found = {}
    for script in scripts():
        try:
            declared = getattr(__import__(script), "EXPERIMENT", None)
        except Exception as exc:
            raise CatalogueError(f"experiments/{script}.py: {type(exc).__name__}: {exc}") from None
        if not isinstance(declared, Experiment):
            raise CatalogueError(
                f"experiments/{script}.py declares no EXPERIMENT = _harness.Experiment(...); "
                "see README, 'Adding an experiment'"
            )
        found[script] = declared
    owners = {}
    for script, declared in found.items():
        for experiment_id in declared.ids.values():
            owners.setdefault(experiment_id, []).append(script)
    for experiment_id, scripts_of_id in owners.items():
        if len(scripts_of_id) > 1:
            raise CatalogueError(
                f"experiment id {experiment_id} is declared by {' and '.join(scripts_of_id)}"
            )
    sections = []
    for script in sorted(found, key=lambda script: min(map(id_key, found[script].ids.values()))):
        if found[script].section not in sections:
            sections.append(found[script].section)
    order = sorted(
        found,
        key=lambda script: (
            found[script].section != ARTICLE,
            sections.index(found[script].section),
            min(map(id_key, found[script].ids.values())),
        ),
    )
    return collections.OrderedDict((script, found[script]) for script in order)


_CATALOGUE = []


def catalogue():
    """The catalogue, loaded once per process."""
    if not _CATALOGUE:
        _CATALOGUE.append(load_catalogue())
    return _CATALOGUE[0]


def describe_catalogue():
    """The whole catalogue as JSON-ready data: what `_runner.py --list` prints for the host."""
    return {
        "modes": [list(pair) for pair in MODES],
        "variants": [list(pair) for pair in VARIANTS],
        "models": [list(pair) for pair in MODELS],
        "experiments": [declared.describe(script) for script, declared in catalogue().items()],
        "cells": [cell.describe() for cell in all_cells()],
    }


class Cell(namedtuple("Cell", "script data mode variant")):
    """One experiment, data case, execution mode and variant."""

    @property
    def id(self):
        return ".".join(self)

    @property
    def input(self):
        return catalogue()[self.script].input

    @property
    def experiment(self):
        return catalogue()[self.script].ids[self.data]

    @property
    def section(self):
        return catalogue()[self.script].section

    @classmethod
    def parse(cls, text):
        parts = text.split(".")
        cell = cls(*parts) if len(parts) == len(cls._fields) else None
        if cell is None or cell not in all_cells():
            raise ValueError(f"unknown cell {text!r}; see --list")
        return cell

    def describe(self):
        return {
            "id": self.id,
            "script": self.script,
            "experiment": self.experiment,
            "input": self.input,
            "data": self.data,
            "mode": self.mode,
            "variant": self.variant,
        }


def all_cells():
    """Every cell the experiments declare, in the catalogue's order."""
    return [
        Cell(script, data, mode, variant)
        for script, declared in catalogue().items()
        for data in DATA
        if data in declared.ids
        for mode in names(MODES)
        if mode in declared.modes
        for variant in declared.variants
        if variant in MODE_VARIANTS.get(mode, (variant,))
    ]
