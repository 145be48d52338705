"""Shared harness: what an experiment script imports to declare itself, run a cell and
record what it saw (the command line, records and errors).

Runs inside an environment built for one TensorFlow release, on every Python
of the matrix from 3.6 on, so it imports only the standard library at module
level and receives TensorFlow from the caller.
"""

import argparse
import json
import os
import platform
import sys
import time
import traceback

import _records
from _catalogue import Cell, Experiment, catalogue

# What experiment scripts use; Experiment is the catalogue's, named here so one import serves.
__all__ = ["Experiment", "Unavailable", "feature", "main"]


class Unavailable(Exception):
    """An API the experiment needs does not exist in this release."""


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
