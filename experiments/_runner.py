"""Run many cells in one environment, importing TensorFlow once.

Each cell runs in isolation: by default in a child forked after the import (a
pristine default graph, Keras session, learning phase and layer-name counter
each time), or with --isolation fresh in a new interpreter. Every cell ends
as a record in --out, also when it raises, crashes or hangs. One JSON line per
finished cell is printed on stdout for the caller's progress display.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time

import _catalogue
import _harness
import _records
from _catalogue import Cell

LOG_TAIL = 20


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cells", nargs="*", help="cell ids (default: all); see --list")
    parser.add_argument(
        "--list",
        action="store_true",
        help="print the catalogue (modes, variants, experiments, cells) as JSON and exit",
    )
    parser.add_argument("--out", help="folder for the records")
    parser.add_argument("--requested", default="{}", help="JSON: what the environment was built to hold")
    parser.add_argument("--isolation", choices=("fork", "fresh"), default="fork")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per cell")
    return parser.parse_args(argv)


def emit(**event):
    sys.stdout.write(json.dumps(event, sort_keys=True) + "\n")
    sys.stdout.flush()


def log_tail(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()[-LOG_TAIL:]
    except OSError:
        return []


def failure_record(cell, requested, observed, status, message, log_path, seconds):
    """The record of a cell whose process died or hung before writing one."""
    return _records.failed(cell.describe(), requested, observed, status, message, log_tail(log_path), seconds)


def wait_child(pid, timeout):
    """Wait for a forked child; kill it at the deadline. Returns (status, timed_out)."""
    deadline = time.time() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, False
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1], True
        time.sleep(0.01)


def run_forked(tf, cell, args, requested, record_path, log_path):
    """Run one cell in a child forked from this TensorFlow-importing process."""
    sys.stdout.flush()
    with open(log_path, "w") as log:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.dup2(log.fileno(), 1)
                os.dup2(log.fileno(), 2)
                _records.write(record_path, _harness.run_cell(tf, cell, requested))
                code = 0
            finally:
                os._exit(code)
    status, timed_out = wait_child(pid, args.timeout)
    return describe_exit(
        (os.WIFSIGNALED(status) and -os.WTERMSIG(status)) or os.WEXITSTATUS(status), timed_out, args.timeout
    )


def run_fresh(cell, args, requested, record_path, log_path):
    """Run one cell in a new interpreter through the experiment's own command line."""
    command = [
        sys.executable,
        os.path.join(_catalogue.HERE, cell.script + ".py"),
        "--data",
        cell.data,
        "--mode",
        cell.mode,
        "--variant",
        cell.variant,
        "--requested",
        json.dumps(requested),
        "--output",
        record_path,
    ]
    with open(log_path, "w") as log:
        try:
            code = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            return describe_exit(None, True, args.timeout)
    return describe_exit(code, False, args.timeout)


def describe_exit(code, timed_out, timeout):
    """(status, message) for a cell process that left no record, or (None, None)."""
    if timed_out:
        return "timeout", f"no result after {timeout:g} s; the cell was killed"
    if code is not None and code < 0:
        return "crash", f"killed by signal {signal_name(-code)}"
    if code:
        return "crash", f"exited with status {code} without a record"
    return None, None


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def run(tf, cell, args, requested, observed):
    record_path = os.path.join(args.out, cell.id + ".json")
    log_path = os.path.join(args.out, cell.id + ".log")
    if os.path.exists(record_path):
        os.remove(record_path)
    started = time.time()
    if tf is None:
        status, message = run_fresh(cell, args, requested, record_path, log_path)
    else:
        status, message = run_forked(tf, cell, args, requested, record_path, log_path)
    if not os.path.exists(record_path):
        status, message = status or "crash", message or "the cell left no record"
        _records.write(
            record_path,
            failure_record(cell, requested, observed, status, message, log_path, time.time() - started),
        )
    emit(cell=cell.id, seconds=round(time.time() - started, 3))


def import_tensorflow(args):
    """Import TensorFlow once in this process (fork isolation only)."""
    if args.isolation != "fork":
        return None, 0.0
    started = time.time()
    import tensorflow as tf

    warm_up(tf)
    return tf, time.time() - started


def warm_up(tf):
    """Resolve TensorFlow's lazily imported modules once, so children need not."""
    for path in ("keras.layers.Dense", "compat.v1.layers.Dense"):
        obj = tf
        try:
            for name in path.split("."):
                obj = getattr(obj, name)
        except Exception:  # a module this release lacks is the cells' to record
            pass


def record_import_failure(exc, cells, args, requested):
    """A release that cannot even be imported: every cell records why."""
    for cell in cells:
        record = _records.new(cell.describe(), requested, _harness.observed_versions(None))
        record.update(status="raised", error=_harness.error_facts(exc), seconds=0.0)
        _records.write(os.path.join(args.out, cell.id + ".json"), record)
        emit(cell=cell.id, seconds=0.0)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.list:
        try:
            print(json.dumps(_catalogue.describe_catalogue(), sort_keys=True))
        except _catalogue.CatalogueError as exc:
            sys.exit(f"_runner.py: {exc}")
        return 0
    if not args.out:
        sys.exit("_runner.py: --out is required")
    cells = [Cell.parse(text) for text in args.cells] or _catalogue.all_cells()
    requested = json.loads(args.requested)
    try:
        tf, import_seconds = import_tensorflow(args)
    except Exception as exc:  # a broken environment is data too
        record_import_failure(exc, cells, args, requested)
        return 0
    observed = _harness.observed_versions(tf)
    emit(event="ready", import_seconds=round(import_seconds, 3), isolation=args.isolation)
    for cell in cells:
        run(tf, cell, args, requested, observed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
