"""`nox -s bench`'s figures of re-runs: a no-change re-run, and the cells one added experiment re-runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..matrix import catalogue
from ..matrix.releases import Environment
from .runner import Layout, Options, list_cells, run_all

ADDED = "bench_added"  # the experiment the benchmark adds, to count the cells that then run
# Seconds each `tfmatrix matrix` of the no-change re-run may take: with every record there, it lists,
# checks and renders reports/, well under a minute; longer, it is running cells or hangs.
RERUN_TIMEOUT = 600.0
# The figures of a full benchmark (bench.measure) that `--rerun-only` keeps and bench.md shows.
KEPT = (
    "environments", "whole", "cells", "cores", "jobs", "import_s", "sample_cells", "fresh_sample_s",
    "worker_sample_s", "fresh_cell_s", "worker_cell_s", "fresh_matrix_s", "worker_speedup",
    "warm_matrix_s", "cold_matrix_s", "lower_bound_s", "records_identical", "records_differing",
    "peak_rss_mb", "date",
)  # fmt: skip
ADDED_SCRIPT = '''"""Added by `nox -s bench`: a new experiment runs its own cells only."""

import sys

import _harness
import _keras

EXPERIMENT = _harness.Experiment(
    title="Keras model, added by the benchmark",
    ids={"positive": "99"},
    input="bench",
    label="Keras, the benchmark's",
    variants=("default",),
    modes=("eager",),
    section="Scratch: the benchmark's",
)


def build(tf):
    return _keras.sequential(tf, [tf.keras.layers.Conv2D(4, (3, 3), strides=(2, 2))])


def experiment(tf, cell, evidence):
    _keras.experiment(tf, cell, build, evidence)


if __name__ == "__main__":
    _harness.main(__file__, sys.argv[1:])
'''


class BenchError(Exception):
    """The benchmark cannot go on; the message says what failed and what to do."""


def noop_rerun(layout: Layout, selection: list[str], jobs: int) -> float:
    """`tfmatrix matrix` again with nothing changed, as a user runs it: a new process, reports included
    (a first, untimed run publishes what the records hold, as the run that made them would have)."""
    command = [sys.executable, "-m", "tfmatrix", "--root", str(layout.root), "matrix", *selection]
    matrix_run([*command, "--jobs", str(jobs)])
    started = time.perf_counter()
    output = matrix_run([*command, "--jobs", str(jobs)])
    seconds = time.perf_counter() - started
    if " (0 run, " not in output:
        raise BenchError(
            f"the no-change re-run ran cells ({' | '.join(output.strip().splitlines()[-2:])}): the "
            "records of these environments are not complete; run `nox -s matrix` for them first"
        )
    return seconds


def matrix_run(command: list[str]) -> str:
    """What one `tfmatrix matrix` of the re-run printed; BenchError where it failed or hung."""
    shown = "tfmatrix matrix " + " ".join(command[command.index("matrix") + 1 :])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=RERUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BenchError(
            f"`{shown}` on the copy of the checkout gave no result in {RERUN_TIMEOUT:g} s and was "
            "stopped: it was running cells (run `nox -s matrix` for these environments first) or hangs"
        ) from None
    if done.returncode:
        said = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise BenchError(f"`{shown}` on the copy of the checkout failed (status {done.returncode}): {said}")
    return done.stdout


def previous(reports: Path) -> dict[str, Any]:
    """The last full benchmark's figures, which `--rerun-only` keeps; BenchError where there are none."""
    path = reports / "bench.json"
    fix = f"restore it with `git checkout {path}` or measure everything with `nox -s bench`"
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BenchError(
            f"{path} not found: `--rerun-only` keeps the other figures of a full benchmark; {fix}"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BenchError(f"{path}: unreadable ({exc}); {fix}") from None
    if not isinstance(figures, dict) or figures.get("schema") != 1:
        raise BenchError(f"{path}: not a benchmark's figures of schema 1; {fix}")
    missing = [name for name in KEPT if name not in figures]
    if missing:
        raise BenchError(f"{path}: no {', '.join(missing)}, not a full benchmark's figures; {fix}")
    return figures


def checkout(layout: Layout, root: Path) -> Layout:
    """A throw-away checkout with copies of experiments/, results/ and reports/ (environments shared)."""
    (root / ".tfmatrix").mkdir(parents=True)
    (root / ".tfmatrix" / "envs").symlink_to(layout.envs.resolve())
    ignore = shutil.ignore_patterns("__pycache__", "*.log")
    shutil.copytree(layout.experiments, root / "experiments", ignore=ignore)
    shutil.copytree(layout.reports, root / "reports")
    if layout.results.is_dir():
        shutil.copytree(layout.results, root / "results", ignore=ignore)
    return Layout(root, env_root=layout.envs)


def added_experiment(layout: Layout, envs: list[Environment], options: Options) -> tuple[int, int]:
    """Cells that run when one experiment file is added, and that experiment's own cells (a real run)."""
    (layout.experiments / f"{ADDED}.py").write_text(ADDED_SCRIPT, encoding="utf-8")
    catalogue._listed.cache_clear()  # the folder changed under the same path
    results = run_all(envs, layout, Options(options.isolation, options.timeout, options.jobs))
    ran = sum(result.cells - result.reused_cells for result in results)
    own = sum(1 for cell in list_cells(layout) if cell["script"] == ADDED) * len(envs)
    return ran, own


def rerun(
    layout: Layout, envs: list[Environment], options: Options, selection: list[str], root: Path
) -> dict[str, Any]:
    """The figures of re-runs, on a copy of the checkout whose records are complete for `envs`."""
    copy = checkout(layout, root / "rerun")
    noop_s = noop_rerun(copy, selection, options.jobs)
    ran, own = added_experiment(copy, envs, options)
    return {
        "noop_rerun_s": round(noop_s, 1),
        "added_experiment_cells_run": ran,
        "added_experiment_cells": own,
        "rerun_date": time.strftime("%Y-%m-%d", time.gmtime()),
        "rerun_environments": len(envs),
    }


def measure_rerun(
    envs: list[Environment], layout: Layout, options: Options, selection: list[str], previous: dict[str, Any]
) -> dict[str, Any]:
    """Only the re-run figures, from the checkout's own records (`tfmatrix bench --rerun-only`),
    merged into the last full benchmark's figures."""
    with tempfile.TemporaryDirectory(prefix="tfmatrix-bench-") as folder:
        return {**previous, **rerun(layout, envs, options, selection, Path(folder))}
