"""Shared harness: the cell vocabulary, the command line, records and errors.

Runs inside an environment built for one TensorFlow release, on every Python
of the matrix from 3.6 on, so it imports only the standard library at module
level and receives TensorFlow from the caller.
"""

import argparse
import collections
import json
import os
import platform
import sys
import time
import traceback
from collections import namedtuple

import _records

HERE = os.path.dirname(os.path.abspath(__file__))

# The vocabulary every experiment draws from, with the words the reports use for each name.
MODES = (
    ("graph", "Graph + session (TF1 API; `tf.compat.v1` with `disable_v2_behavior` on 2.x)"),
    (
        "graph_no_eager",
        "Graph + session under `tf.compat.v1.disable_eager_execution()` alone (2.x: resource variables kept)",
    ),
    ("eager", "Eager (`enable_eager_execution` on 1.x), gradient tape"),
    ("function", "`tf.function`: the training step compiled"),
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
DATA = ("positive", "positive+negative")
ARTICLE = ""  # the section of the article's experiments: the reports' main tables


class Experiment:
    """What one experiment script declares about itself, as its module-level EXPERIMENT.

    ids: data case -> experiment id, in the order the cases run ("positive" trains on the
    positives only, "positive+negative" also on the negatives, through the same layers);
    input: the model input's short name, label: its words in the reports (Markdown);
    variants and modes: the names it runs, from VARIANTS and MODES (default: all);
    section: the reports' section it is published in (ARTICLE: the main tables), and about:
    the question that section answers, with its sources (Markdown).
    """

    def __init__(self, title, ids, input, label, variants=None, modes=None, section=ARTICLE, about=""):
        self.title, self.ids, self.input, self.label = title, dict(ids), input, label
        self.variants = tuple(variants or names(VARIANTS))
        self.modes = tuple(modes or names(MODES))
        self.section, self.about = section, about
        for kind, chosen, known in (
            ("data case", self.ids, DATA),
            ("variant", self.variants, names(VARIANTS)),
            ("mode", self.modes, names(MODES)),
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
        "experiments": [declared.describe(script) for script, declared in catalogue().items()],
        "cells": [cell.describe() for cell in all_cells()],
    }


class Unavailable(Exception):
    """An API the experiment needs does not exist in this release."""


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


def feature(root, root_name, path):
    """Resolve root.path (e.g. tf, "tf", "keras.backend"), or raise Unavailable naming it."""
    obj = root
    for name in path.split("."):
        try:
            obj = getattr(obj, name)
        except Exception as exc:  # lazy loaders raise more than AttributeError
            raise Unavailable(f"{root_name}.{path} ({type(exc).__name__}: {first_line(exc)})") from None
    return obj


def first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


def observed_versions(tf):
    """Versions actually imported in this interpreter (tf None: not imported)."""
    observed = {
        "python": platform.python_version(),
        "platform": f"{platform.system()}-{platform.machine()}",
    }
    if tf is not None:
        import numpy

        observed.update(tensorflow=tf.__version__, numpy=numpy.__version__)
        observed.update(keras_facts(tf))
    return observed


def keras_facts(tf):
    """Which package tf.keras really is (tensorflow, keras or tf_keras), and its version."""
    try:
        package = tf.keras.layers.Dense.__module__.split(".")[0]
        version = getattr(tf.keras, "__version__", None) or __import__(package).__version__
    except Exception as exc:  # a missing tf.keras is itself a fact
        return {"keras": None, "keras_package": f"unavailable: {first_line(exc)}"}
    return {"keras": version, "keras_package": package}


def error_facts(exc):
    """The exact type and message of an exception, with the innermost frames."""
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": traceback.format_exception(type(exc), exc, exc.__traceback__)[-6:],
    }


def run_cell(tf, cell, requested):
    """Run one cell in this process and return its record; never raises."""
    started = time.time()
    record = _records.new(cell.describe(), requested, observed_versions(tf), started)
    try:
        module = __import__(cell.script)
        module.experiment(tf, cell, record["evidence"])
    except Exception as exc:
        record["status"] = "raised"
        record["error"] = error_facts(exc)
    record["seconds"] = round(time.time() - started, 3)
    return record


def parse_args(argv, script):
    parser = argparse.ArgumentParser(description=f"Run one tfmatrix cell of {script}.")
    declared = catalogue()[script]
    parser.add_argument("--data", choices=list(declared.ids), default=next(iter(declared.ids)))
    parser.add_argument("--mode", choices=declared.modes, default=declared.modes[0])
    parser.add_argument("--variant", choices=declared.variants, default=declared.variants[0])
    parser.add_argument("--requested", default="{}", help="JSON: what the environment was built to hold")
    parser.add_argument("--output", help="record path (default: print to stdout)")
    return parser.parse_args(argv)


def main(script, argv=None):
    """Command line of one experiment script: run one cell, write its record."""
    name = os.path.splitext(os.path.basename(script))[0]
    args = parse_args(argv, name)
    cell = Cell(name, args.data, args.mode, args.variant)
    import tensorflow as tf

    record = run_cell(tf, cell, json.loads(args.requested))
    if args.output:
        _records.write(args.output, record)
    else:
        json.dump(record, sys.stdout, sort_keys=True, indent=1)
        sys.stdout.write("\n")
